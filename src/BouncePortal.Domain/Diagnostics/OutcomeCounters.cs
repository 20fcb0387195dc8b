using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Counters folded from message-recipient outcomes in one pass: per day, per mailbox and day,
/// per recipient, per recipient domain and per provider and mailbox.
/// </summary>
internal sealed class OutcomeCounters
{
    public long Messages { get; private set; }

    public long ContentSoftBounces { get; private set; }

    public TimeRange? ContentSoftBounceRange { get; private set; }

    public SortedSet<string> ContentMailboxes { get; } = new(StringComparer.Ordinal);

    public long GreylistedMessages { get; private set; }

    public long GreylistingResolvedQuickly { get; private set; }

    public TimeRange? GreylistingResolvedQuicklyRange { get; private set; }

    public long ShortRetryFailures { get; private set; }

    public TimeRange? ShortRetryFailureRange { get; private set; }

    public TimeSpan ShortestGreylistRetry { get; private set; } = TimeSpan.MaxValue;

    public SortedSet<string> ShortRetryMailboxes { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<DateOnly, DayTally> ByDay { get; } = new();

    public Dictionary<string, SortedDictionary<DateOnly, DayTally>> ByMailboxDay { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RecipientTally> ByRecipient { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Fingerprints of recipients sent a message that neither bounced nor was first greylisted.
    /// Only recipients with such events get a <see cref="RecipientTally"/>, so memory follows the
    /// bouncing recipients rather than the whole list.
    /// </summary>
    public HashSet<ulong> CleanRecipients { get; } = [];

    public Dictionary<string, DomainTally> ByDomain { get; } = new(StringComparer.Ordinal);

    public Dictionary<ReceivingProvider, Dictionary<string, ReputationTally>> ByProviderMailbox { get; } = new();

    /// <summary>Messages and sender-blamed rejections per sender, keyed as <see cref="SenderBlockRule.SenderOf"/> keys them.</summary>
    public Dictionary<string, SenderBlockTally> BySender { get; } = new(StringComparer.Ordinal);

    public static OutcomeCounters From(IEnumerable<RecipientOutcome> outcomes, AttemptCounters attempts)
    {
        var counters = new OutcomeCounters();
        foreach (var outcome in outcomes)
        {
            counters.Add(outcome, attempts);
        }

        return counters;
    }

    /// <summary>Counts one outcome whose attempts are already in <paramref name="attempts"/>, unless it has no recipient.</summary>
    internal void Add(RecipientOutcome outcome, AttemptCounters attempts)
    {
        if (string.IsNullOrWhiteSpace(outcome.Recipient))
        {
            return;
        }

        Messages++;
        var mailbox = outcome.Sender?.ToLowerInvariant();
        var recipient = outcome.Recipient.ToLowerInvariant();
        var day = DateOnly.FromDateTime(outcome.FirstAttemptAt.UtcDateTime);
        var failed = outcome.FinalOutcome != DeliveryOutcome.Delivered;

        Tally(ByDay, day).Add(outcome);
        if (mailbox is not null)
        {
            if (!ByMailboxDay.TryGetValue(mailbox, out var days))
            {
                days = new SortedDictionary<DateOnly, DayTally>();
                ByMailboxDay[mailbox] = days;
            }

            Tally(days, day).Add(outcome);
        }

        if (outcome.SoftBounced && outcome.FinalCategory == BounceCategory.ContentRejected)
        {
            ContentSoftBounces++;
            ContentSoftBounceRange = TimeRange.Union(ContentSoftBounceRange, TimeRange.Of(outcome));
            AddIfKnown(ContentMailboxes, mailbox);
        }

        GreylistTiming? greylisting = null;
        var localError = false;
        if (outcome.QueueId is not null)
        {
            attempts.Greylisted.TryGetValue((outcome.QueueId, recipient), out greylisting);
            localError = attempts.LocalErrorPairs.Contains((outcome.QueueId, recipient));
        }

        CountGreylisting(outcome, greylisting, mailbox);
        CountRecipient(outcome, recipient, greylisting);

        if (!ByDomain.TryGetValue(outcome.RecipientDomain, out var domain))
        {
            domain = new DomainTally();
            ByDomain[outcome.RecipientDomain] = domain;
        }

        domain.Add(outcome, localError && failed);

        if (mailbox is not null)
        {
            if (!ByProviderMailbox.TryGetValue(outcome.Provider, out var mailboxes))
            {
                mailboxes = new Dictionary<string, ReputationTally>(StringComparer.Ordinal);
                ByProviderMailbox[outcome.Provider] = mailboxes;
            }

            if (!mailboxes.TryGetValue(mailbox, out var reputation))
            {
                reputation = new ReputationTally();
                mailboxes[mailbox] = reputation;
            }

            reputation.Add(outcome);
        }

        if (SenderBlockRule.SenderOf(mailbox, outcome.SendingIp) is { } sender)
        {
            if (!BySender.TryGetValue(sender, out var senderTally))
            {
                senderTally = new SenderBlockTally(IsMailbox: mailbox is not null);
                BySender[sender] = senderTally;
            }

            senderTally.Add(outcome);
        }
    }

    private void CountGreylisting(RecipientOutcome outcome, GreylistTiming? greylisting, string? mailbox)
    {
        if (greylisting is null && !outcome.GreylistingResolved)
        {
            return;
        }

        GreylistedMessages++;
        if (outcome.GreylistingResolved && outcome.LastAttemptAt - outcome.FirstAttemptAt <= GreylistingRules.ReleaseWindow)
        {
            GreylistingResolvedQuickly++;
            GreylistingResolvedQuicklyRange = TimeRange.Union(GreylistingResolvedQuicklyRange, TimeRange.Of(outcome));
        }

        var gaveUpEarly = greylisting is not null
            && greylisting.ShortestRetry < GreylistingRules.MinRetryInterval
            && outcome.FinalOutcome != DeliveryOutcome.Delivered
            && outcome.Attempts <= GreylistingRules.MaxAttemptsOfEarlyGiveUp;
        if (gaveUpEarly)
        {
            ShortRetryFailures++;
            ShortRetryFailureRange = TimeRange.Union(ShortRetryFailureRange, TimeRange.Of(outcome));
            ShortestGreylistRetry = greylisting!.ShortestRetry < ShortestGreylistRetry ? greylisting.ShortestRetry : ShortestGreylistRetry;
            AddIfKnown(ShortRetryMailboxes, mailbox);
        }
    }

    /// <summary>Returns a 64-bit FNV-1a fingerprint of an address; collisions among millions are improbable.</summary>
    public static ulong Fingerprint(string recipient)
    {
        var hash = 14695981039346656037UL;
        foreach (var character in recipient)
        {
            hash = (hash ^ character) * 1099511628211UL;
        }

        return hash;
    }

    private void CountRecipient(RecipientOutcome outcome, string recipient, GreylistTiming? greylisting)
    {
        var firstGreylisted = greylisting is not null && greylisting.FirstGreylistedAt == outcome.FirstAttemptAt;
        if (!firstGreylisted && !outcome.SoftBounced && !outcome.HardBounced)
        {
            CleanRecipients.Add(Fingerprint(recipient));
            return;
        }

        if (!ByRecipient.TryGetValue(recipient, out var tally))
        {
            tally = new RecipientTally();
            ByRecipient[recipient] = tally;
        }

        tally.Messages++;
        tally.Range = TimeRange.Union(tally.Range, TimeRange.Of(outcome));
        if (outcome.SoftBounced || outcome.HardBounced)
        {
            tally.Bounced++;
        }

        if (firstGreylisted)
        {
            tally.FirstDeferredByGreylisting++;
        }
    }

    private static DayTally Tally(SortedDictionary<DateOnly, DayTally> days, DateOnly day)
    {
        if (!days.TryGetValue(day, out var tally))
        {
            tally = new DayTally();
            days[day] = tally;
        }

        return tally;
    }

    private static void AddIfKnown(SortedSet<string> set, string? value)
    {
        if (value is not null)
        {
            set.Add(value);
        }
    }
}

/// <summary>Messages, soft bounces and hard bounces of one day, counted by the message's first attempt.</summary>
internal sealed class DayTally
{
    public long Messages { get; private set; }

    public long SoftBounced { get; private set; }

    public long HardBounced { get; private set; }

    /// <summary>The range from the first to the last attempt of the day's messages, which may run into later days.</summary>
    public TimeRange? Range { get; private set; }

    public double SoftRate => Rates.Percent(SoftBounced, Messages);

    public double HardRate => Rates.Percent(HardBounced, Messages);

    public void Add(RecipientOutcome outcome)
    {
        Messages++;
        SoftBounced += outcome.SoftBounced ? 1 : 0;
        HardBounced += outcome.HardBounced ? 1 : 0;
        Range = TimeRange.Union(Range, TimeRange.Of(outcome));
    }
}

/// <summary>Messages to one recipient address that bounced or were first greylisted.</summary>
internal sealed class RecipientTally
{
    public long Messages { get; set; }

    public long Bounced { get; set; }

    public long FirstDeferredByGreylisting { get; set; }

    /// <summary>The range from the first to the last attempt of the messages counted here.</summary>
    public TimeRange? Range { get; set; }
}

/// <summary>Messages to one recipient domain.</summary>
internal sealed class DomainTally
{
    public long Messages { get; private set; }

    public long SoftBounced { get; private set; }

    public long LocalErrorFailures { get; private set; }

    public TimeRange? SoftBounceRange { get; private set; }

    public TimeRange? LocalErrorFailureRange { get; private set; }

    public void Add(RecipientOutcome outcome, bool failedWithLocalError)
    {
        Messages++;
        if (outcome.SoftBounced)
        {
            SoftBounced++;
            SoftBounceRange = TimeRange.Union(SoftBounceRange, TimeRange.Of(outcome));
        }

        if (failedWithLocalError)
        {
            LocalErrorFailures++;
            LocalErrorFailureRange = TimeRange.Union(LocalErrorFailureRange, TimeRange.Of(outcome));
        }
    }
}

/// <summary>Messages from one mailbox to one provider and how many hit a reputation soft bounce.</summary>
internal sealed class ReputationTally
{
    public long Messages { get; private set; }

    public long ReputationSoftBounces { get; private set; }

    public long Blocklisted { get; private set; }

    public TimeRange? ReputationSoftBounceRange { get; private set; }

    public double Rate => Rates.Percent(ReputationSoftBounces, Messages);

    public void Add(RecipientOutcome outcome)
    {
        Messages++;
        if (outcome.SoftBounced && outcome.FinalCategory is BounceCategory.SenderReputation or BounceCategory.RateLimited or BounceCategory.Blocklisted)
        {
            ReputationSoftBounces++;
            ReputationSoftBounceRange = TimeRange.Union(ReputationSoftBounceRange, TimeRange.Of(outcome));
            Blocklisted += outcome.FinalCategory == BounceCategory.Blocklisted ? 1 : 0;
        }
    }
}

/// <summary>Messages from one sender and those whose final failure blames the sender's standing.</summary>
/// <param name="IsMailbox">True when the sender is a mailbox address, false when it is a sending IP.</param>
internal sealed record SenderBlockTally(bool IsMailbox)
{
    public long Messages { get; private set; }

    public long Blocked { get; private set; }

    public long Blocklisted { get; private set; }

    public long Reputation { get; private set; }

    public long Authentication { get; private set; }

    /// <summary>The range from the first to the last attempt of the blocked messages.</summary>
    public TimeRange? BlockedRange { get; private set; }

    public void Add(RecipientOutcome outcome)
    {
        Messages++;
        if (outcome.FinalOutcome is not (DeliveryOutcome.Bounced or DeliveryOutcome.Expired) || !SenderBlockRule.IsSenderBlock(outcome.FinalCategory))
        {
            return;
        }

        Blocked++;
        Blocklisted += outcome.FinalCategory == BounceCategory.Blocklisted ? 1 : 0;
        Reputation += outcome.FinalCategory == BounceCategory.SenderReputation ? 1 : 0;
        Authentication += outcome.FinalCategory == BounceCategory.AuthenticationFailed ? 1 : 0;
        BlockedRange = TimeRange.Union(BlockedRange, TimeRange.Of(outcome));
    }
}

/// <summary>Percentages and their wording in evidence.</summary>
internal static class Rates
{
    /// <summary>Returns <paramref name="part"/> as a percentage of <paramref name="whole"/>, or 0 when the whole is 0.</summary>
    public static double Percent(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;

    /// <summary>Formats a percentage with one decimal in the invariant culture, as in "5.3%".</summary>
    public static string Format(double percent) => FormattableString.Invariant($"{percent:F1}%");
}
