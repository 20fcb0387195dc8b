using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Counters folded from single delivery attempts: sends per minute and hour, throttling replies,
/// failures per hour of day, and the few per-message facts that outcomes do not keep.
/// </summary>
internal sealed class AttemptCounters
{
    /// <summary>
    /// Attempts per sending mailbox, free-mail receiver and minute since the Unix epoch, kept only
    /// for minutes over the receiver's limit once <see cref="CloseOpenMinutes"/> has run.
    /// </summary>
    public Dictionary<(string Mailbox, string Receiver, long Minute), int> SendsPerMinute { get; } = new();

    // The minute being counted per mailbox and receiver: a log runs in time order, so a minute is
    // complete when the next one starts, and quiet minutes are never stored.
    // NOTE: an attempt logged out of time order starts a new count for its minute, which can split one busy minute in two.
    private readonly Dictionary<(string Mailbox, string Receiver), (long Minute, int Sends)> openMinutes = new();

    /// <summary>Attempts per sending IP and hour since the Unix epoch.</summary>
    public Dictionary<(string Ip, long Hour), int> SendsPerIpHour { get; } = new();

    /// <summary>The sending mailboxes seen on each sending IP.</summary>
    public Dictionary<string, SortedSet<string>> MailboxesByIp { get; } = new(StringComparer.Ordinal);

    /// <summary>Gmail 421 4.7.28 and Microsoft 4.7.28 / 4.7.500-699 replies per provider.</summary>
    public Dictionary<ReceivingProvider, ThrottleTally> Throttling { get; } = new();

    /// <summary>Attempts per hour of the day (UTC).</summary>
    public long[] AttemptsByHour { get; } = new long[24];

    /// <summary>Soft-class failures per hour of the day (UTC).</summary>
    public long[] SoftFailuresByHour { get; } = new long[24];

    /// <summary>First and last soft-class failure in the off-hours window of <see cref="ReputationRules"/>.</summary>
    public TimeRange? OffHoursSoftFailures { get; private set; }

    /// <summary>Retry timing of message-recipient pairs that got a greylisting deferral.</summary>
    public Dictionary<(string QueueId, string Recipient), GreylistTiming> Greylisted { get; } = new();

    /// <summary>Message-recipient pairs that failed at least once with a 4.3.0 receiver error.</summary>
    public HashSet<(string QueueId, string Recipient)> LocalErrorPairs { get; } = new();

    /// <summary>First and last mailbox-full failure per recipient address.</summary>
    public Dictionary<string, TimeRange> MailboxFull { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The blocklists and provider codes named in the sender-blamed rejections of each sender, keyed
    /// as <see cref="SenderBlockRule.SenderOf"/> keys them.
    /// </summary>
    public Dictionary<string, SortedSet<string>> SenderBlockMarkers { get; } = new(StringComparer.Ordinal);

    public void Add(ClassifiedAttempt classified)
    {
        var attempt = classified.Attempt;
        var result = classified.Classification;
        var timestamp = attempt.Timestamp;
        var mailbox = attempt.Sender?.ToLowerInvariant();
        var recipient = attempt.Recipient.ToLowerInvariant();
        var failed = result.Outcome != DeliveryOutcome.Delivered;

        CountSends(attempt, mailbox, timestamp);

        var hour = timestamp.UtcDateTime.Hour;
        AttemptsByHour[hour]++;
        if (failed && result.Class == BounceClass.Soft)
        {
            SoftFailuresByHour[hour]++;
            if (hour >= ReputationRules.OffHoursStart && hour < ReputationRules.OffHoursEnd)
            {
                OffHoursSoftFailures = OffHoursSoftFailures is { } range ? range.Extend(timestamp) : new TimeRange(timestamp, timestamp);
            }
        }

        CountThrottling(result, mailbox, timestamp);

        if (attempt.QueueId is not null)
        {
            TrackGreylisting(attempt.QueueId, recipient, result, timestamp);
            if (failed && result.Category == BounceCategory.ReceiverError && result.EnhancedCode == "4.3.0")
            {
                LocalErrorPairs.Add((attempt.QueueId, recipient));
            }
        }

        if (failed && result.Category == BounceCategory.MailboxFull)
        {
            MailboxFull[recipient] = MailboxFull.TryGetValue(recipient, out var range) ? range.Extend(timestamp) : new TimeRange(timestamp, timestamp);
        }

        if (failed && SenderBlockRule.IsSenderBlock(result.Category) && SenderBlockRule.SenderOf(mailbox, attempt.SendingIp) is { } sender)
        {
            CountSenderBlockMarkers(sender, attempt.Reply, result);
        }
    }

    private void CountSenderBlockMarkers(string sender, string? reply, BounceClassification result)
    {
        if (!SenderBlockMarkers.TryGetValue(sender, out var markers))
        {
            markers = new SortedSet<string>(StringComparer.Ordinal);
            SenderBlockMarkers[sender] = markers;
        }

        // The set keeps a few more names than the evidence shows, so its size stays bounded on large logs.
        if (markers.Count <= SenderBlockRule.MaxMarkersShown)
        {
            markers.UnionWith(BlockMarkers.Find(reply, result.BasicCode, result.EnhancedCode));
        }
    }

    private void CountSends(DeliveryAttempt attempt, string? mailbox, DateTimeOffset timestamp)
    {
        if (mailbox is not null && SendingRateRules.ReceiverOf(attempt.RecipientDomain) is { } receiver)
        {
            var minute = timestamp.ToUnixTimeSeconds() / 60;
            var key = (mailbox, receiver);
            if (openMinutes.TryGetValue(key, out var open) && open.Minute == minute)
            {
                openMinutes[key] = (minute, open.Sends + 1);
            }
            else
            {
                if (openMinutes.ContainsKey(key))
                {
                    KeepIfBusy(key, open);
                }

                openMinutes[key] = (minute, 1);
            }
        }

        if (attempt.SendingIp is { } ip)
        {
            var key = (ip, timestamp.ToUnixTimeSeconds() / 3600);
            SendsPerIpHour[key] = SendsPerIpHour.GetValueOrDefault(key) + 1;
            if (mailbox is not null)
            {
                if (!MailboxesByIp.TryGetValue(ip, out var mailboxes))
                {
                    mailboxes = new SortedSet<string>(StringComparer.Ordinal);
                    MailboxesByIp[ip] = mailboxes;
                }

                mailboxes.Add(mailbox);
            }
        }
    }

    /// <summary>Stores the minutes still being counted that passed their receiver's limit.</summary>
    public void CloseOpenMinutes()
    {
        foreach (var (key, open) in openMinutes)
        {
            KeepIfBusy(key, open);
        }

        openMinutes.Clear();
    }

    private void KeepIfBusy((string Mailbox, string Receiver) key, (long Minute, int Sends) minute)
    {
        if (minute.Sends > SendingRateRules.MinuteLimitOf(key.Receiver))
        {
            var slot = (key.Mailbox, key.Receiver, minute.Minute);
            SendsPerMinute[slot] = SendsPerMinute.GetValueOrDefault(slot) + minute.Sends;
        }
    }

    private void CountThrottling(BounceClassification result, string? mailbox, DateTimeOffset timestamp)
    {
        if (result.Outcome == DeliveryOutcome.Delivered || !SendingRateRules.IsThrottlingReply(result))
        {
            return;
        }

        if (!Throttling.TryGetValue(result.Provider, out var tally))
        {
            tally = new ThrottleTally();
            Throttling[result.Provider] = tally;
        }

        tally.Add($"{result.BasicCode} {result.EnhancedCode}".Trim(), mailbox, timestamp);
    }

    private void TrackGreylisting(string queueId, string recipient, BounceClassification result, DateTimeOffset timestamp)
    {
        var key = (queueId, recipient);
        var greylisted = result.Outcome == DeliveryOutcome.Deferred && result.Category == BounceCategory.Greylisted;
        if (Greylisted.TryGetValue(key, out var timing))
        {
            timing.AddAttempt(timestamp, greylisted);
        }
        else if (greylisted)
        {
            Greylisted[key] = new GreylistTiming(timestamp);
        }
    }
}

/// <summary>The earliest and latest time of a series of events.</summary>
internal readonly record struct TimeRange(DateTimeOffset First, DateTimeOffset Last)
{
    public TimeSpan Span => Last - First;

    public TimeRange Extend(DateTimeOffset at) => new(at < First ? at : First, at > Last ? at : Last);

    /// <summary>Returns the range that covers this one and <paramref name="other"/>.</summary>
    public TimeRange Union(TimeRange other) =>
        new(other.First < First ? other.First : First, other.Last > Last ? other.Last : Last);

    /// <summary>Returns the range that covers <paramref name="range"/>, when there is one, and <paramref name="other"/>.</summary>
    public static TimeRange Union(TimeRange? range, TimeRange other) => range is { } known ? known.Union(other) : other;

    /// <summary>Returns the range from the first to the last attempt of a message-recipient pair.</summary>
    public static TimeRange Of(RecipientOutcome outcome) => new(outcome.FirstAttemptAt, outcome.LastAttemptAt);

    /// <summary>Returns the range of whole periods from the start of period <paramref name="first"/> to the end of period <paramref name="last"/>, counted in <paramref name="length"/> since the Unix epoch.</summary>
    public static TimeRange OfPeriods(long first, long last, TimeSpan length) =>
        new(DateTimeOffset.UnixEpoch + length * first, DateTimeOffset.UnixEpoch + length * (last + 1) - TimeSpan.FromTicks(1));
}

/// <summary>Throttling replies from one provider: how many, which codes, to which mailboxes, when.</summary>
internal sealed class ThrottleTally
{
    public long Replies { get; private set; }

    public SortedSet<string> Codes { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Mailboxes { get; } = new(StringComparer.Ordinal);

    public TimeRange? Range { get; private set; }

    public void Add(string code, string? mailbox, DateTimeOffset at)
    {
        Replies++;
        Codes.Add(code);
        if (mailbox is not null)
        {
            Mailboxes.Add(mailbox);
        }

        Range = Range is { } range ? range.Extend(at) : new TimeRange(at, at);
    }
}

/// <summary>
/// Retry timing of one greylisted message-recipient pair. Attempts must arrive in time order,
/// as one log file records them.
/// </summary>
internal sealed class GreylistTiming(DateTimeOffset firstGreylistedAt)
{
    private DateTimeOffset? pendingGreylistAt = firstGreylistedAt;

    /// <summary>When the pair was first deferred by greylisting.</summary>
    public DateTimeOffset FirstGreylistedAt { get; } = firstGreylistedAt;

    /// <summary>The shortest time from a greylisting deferral to the next attempt, or <see cref="TimeSpan.MaxValue"/> when none followed.</summary>
    public TimeSpan ShortestRetry { get; private set; } = TimeSpan.MaxValue;

    public void AddAttempt(DateTimeOffset at, bool greylisted)
    {
        if (pendingGreylistAt is { } deferredAt)
        {
            var interval = at - deferredAt;
            ShortestRetry = interval < ShortestRetry ? interval : ShortestRetry;
        }

        pendingGreylistAt = greylisted ? at : null;
    }
}
