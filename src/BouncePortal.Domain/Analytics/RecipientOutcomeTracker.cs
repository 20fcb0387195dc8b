using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Analytics;

/// <summary>
/// Folds classified attempts into one <see cref="RecipientOutcome"/> per message-recipient pair.
/// The console tool and the upload job both use it, so the portal's gauges and
/// <c>bounceportal analyze</c> count the same way.
/// </summary>
public sealed class RecipientOutcomeTracker(PersistentSoftBounceRule rule)
{
    private readonly Dictionary<(string Message, string Recipient), PairState> pairs = new();
    private readonly Dictionary<string, List<(string Message, string Recipient)>> pairsByMessage = new(StringComparer.Ordinal);
    private readonly List<RecipientOutcome> completed = [];

    /// <summary>Creates a tracker with <see cref="PersistentSoftBounceRule.Default"/>.</summary>
    public RecipientOutcomeTracker()
        : this(PersistentSoftBounceRule.Default)
    {
    }

    /// <summary>The rule that turns long-running soft bounces into suppressions.</summary>
    public PersistentSoftBounceRule Rule { get; } = rule;

    /// <summary>
    /// Finds the still-deferred outcome of an earlier log that the first attempt of a pair
    /// continues, such as a retry in today's log of a message deferred at the end of yesterday's.
    /// The pair then starts from that outcome's attempts, and its outcome names it in
    /// <see cref="RecipientOutcome.ContinuedFrom"/>. Null finds none.
    /// </summary>
    public Func<DeliveryAttempt, RecipientOutcome?>? FindContinued { get; init; }

    /// <summary>Every outcome not yet taken by <see cref="TakeCompleted"/>: completed messages first, then open ones.</summary>
    public IReadOnlyCollection<RecipientOutcome> Outcomes => completed.Concat(pairs.Values.Select(ToOutcome)).ToList();

    /// <summary>Pairs still open: their message has not completed.</summary>
    public int OpenPairs => pairs.Count;

    /// <summary>
    /// Closes every pair of <paramref name="messageId"/>: the log shows no further attempt of it
    /// can follow. The pairs' outcomes wait for <see cref="TakeCompleted"/>, and their state is
    /// released, so memory follows the messages in flight rather than the file.
    /// </summary>
    public void CompleteMessage(string messageId)
    {
        if (!pairsByMessage.Remove(messageId, out var keys))
        {
            return;
        }

        foreach (var key in keys)
        {
            if (pairs.Remove(key, out var state))
            {
                completed.Add(ToOutcome(state));
            }
        }
    }

    /// <summary>Returns the outcomes of completed messages and removes them from the tracker.</summary>
    public IReadOnlyList<RecipientOutcome> TakeCompleted()
    {
        var taken = completed.ToList();
        completed.Clear();
        return taken;
    }

    /// <summary>Folds one attempt into its pair's outcome, unless the attempt has no recipient.</summary>
    public void Add(ClassifiedAttempt classified)
    {
        var attempt = classified.Attempt;
        if (!attempt.HasRecipient)
        {
            return;
        }

        // Without a queue id nothing ties two attempts together, so each one is its own, completed message.
        if (attempt.QueueId is null)
        {
            var single = new PairState(attempt);
            single.Add(classified);
            completed.Add(ToOutcome(single));
            return;
        }

        var key = (attempt.QueueId, attempt.Recipient.ToLowerInvariant());
        if (!pairs.TryGetValue(key, out var state))
        {
            state = FindContinued?.Invoke(attempt) is { } earlier ? new PairState(attempt, earlier) : new PairState(attempt);
            pairs[key] = state;
            if (!pairsByMessage.TryGetValue(attempt.QueueId, out var keys))
            {
                keys = [];
                pairsByMessage[attempt.QueueId] = keys;
            }

            keys.Add(key);
        }

        state.Add(classified);
    }

    /// <summary>
    /// Returns true when the message-recipient pair of <paramref name="classified"/>, with the
    /// attempts added so far, is a persistent soft bounce under <see cref="Rule"/>. Call it right
    /// after <see cref="Add"/> for the same attempt. An attempt without a queue id is judged alone,
    /// as <see cref="Add"/> counts it.
    /// </summary>
    public bool IsPersistentSoftBounce(ClassifiedAttempt classified)
    {
        var attempt = classified.Attempt;
        if (!attempt.HasRecipient)
        {
            return false;
        }

        if (attempt.QueueId is null)
        {
            var single = new PairState(attempt);
            single.Add(classified);
            return IsPersistent(single);
        }

        return pairs.TryGetValue((attempt.QueueId, attempt.Recipient.ToLowerInvariant()), out var state) && IsPersistent(state);
    }

    /// <summary>Sums outcomes into soft and hard bounce counts and rates.</summary>
    public static BounceRates Summarize(IEnumerable<RecipientOutcome> outcomes)
    {
        long sent = 0, soft = 0, hard = 0;
        foreach (var outcome in outcomes)
        {
            sent++;
            if (outcome.SoftBounced)
            {
                soft++;
            }

            if (outcome.HardBounced)
            {
                hard++;
            }
        }

        return new BounceRates(sent, soft, hard);
    }

    private RecipientOutcome ToOutcome(PairState state)
    {
        var stillFailing = state.FinalOutcome != DeliveryOutcome.Delivered;
        var persistent = IsPersistent(state);

        return new RecipientOutcome(
            state.QueueId,
            state.Sender,
            state.Recipient,
            state.RecipientDomain,
            state.Provider,
            state.Attempts,
            state.FirstAttemptAt,
            state.LastAttemptAt,
            state.FinalOutcome,
            state.SoftBounced,
            state.HardBounced,
            state.FinalCategory,
            Suppress: stillFailing && (state.FinalSuppress || (persistent && PersistentSoftBounceRule.Suppresses(state.FinalBlame))),
            state.SoftFailures,
            ResolvedDeferral: state.FinalOutcome == DeliveryOutcome.Delivered && state.Deferrals > 0,
            GreylistingResolved: state.FinalOutcome == DeliveryOutcome.Delivered && state.Greylisted,
            PersistentSoftBounce: persistent,
            state.FinalBlame,
            state.Campaign,
            state.SendingIp)
        {
            ContinuedFrom = state.Earlier,
        };
    }

    private bool IsPersistent(PairState state) =>
        state.FinalOutcome != DeliveryOutcome.Delivered
        && state.SoftFailures > 0
        && Rule.IsPersistent(state.SoftFailures, state.LastFailureAt - state.FirstFailureAt);

    /// <summary>The running fold of one pair, mutable so that millions of attempts allocate nothing per attempt.</summary>
    private sealed class PairState(DeliveryAttempt first)
    {
        /// <summary>Starts from <paramref name="earlier"/>, a deferred outcome that <paramref name="first"/> retries.</summary>
        public PairState(DeliveryAttempt first, RecipientOutcome earlier)
            : this(first)
        {
            Earlier = earlier;
            Sender = earlier.Sender ?? first.Sender;
            Campaign = earlier.Campaign ?? first.Campaign;
            SendingIp = earlier.SendingIp ?? first.SendingIp;
            Provider = earlier.Provider;
            Attempts = earlier.Attempts;
            SoftFailures = earlier.SoftFailures;

            // A deferred outcome failed at every attempt, or the message would have left the
            // queue. Only its last deferral's cause is stored, so greylisting counts when that one was.
            Deferrals = 1;
            Greylisted = earlier.FinalCategory == BounceCategory.Greylisted;
            FirstAttemptAt = earlier.FirstAttemptAt;
            LastAttemptAt = earlier.LastAttemptAt;
            FirstFailureAt = earlier.FirstAttemptAt;
            LastFailureAt = earlier.LastAttemptAt;
            FinalOutcome = earlier.FinalOutcome;
            SoftBounced = earlier.SoftBounced;
            FinalCategory = earlier.FinalCategory;
            FinalBlame = earlier.FinalBlame;
        }

        public RecipientOutcome? Earlier { get; }

        public string? QueueId { get; } = first.QueueId;

        public string Recipient { get; } = first.Recipient;

        public string RecipientDomain { get; } = first.RecipientDomain;

        public string? Sender { get; private set; } = first.Sender;

        public string? Campaign { get; private set; } = first.Campaign;

        public string? SendingIp { get; private set; } = first.SendingIp;

        public ReceivingProvider Provider { get; private set; }

        public int Attempts { get; private set; }

        public int SoftFailures { get; private set; }

        public int Deferrals { get; private set; }

        public bool Greylisted { get; private set; }

        public DateTimeOffset FirstAttemptAt { get; private set; } = first.Timestamp;

        public DateTimeOffset LastAttemptAt { get; private set; } = first.Timestamp;

        public DateTimeOffset FirstFailureAt { get; private set; } = DateTimeOffset.MaxValue;

        public DateTimeOffset LastFailureAt { get; private set; } = DateTimeOffset.MinValue;

        public DeliveryOutcome FinalOutcome { get; private set; }

        public bool SoftBounced { get; private set; }

        public bool HardBounced { get; private set; }

        public BounceCategory? FinalCategory { get; private set; }

        public Blame? FinalBlame { get; private set; }

        public bool FinalSuppress { get; private set; }

        public void Add(ClassifiedAttempt classified)
        {
            var attempt = classified.Attempt;
            var result = classified.Classification;

            Sender ??= attempt.Sender;
            Campaign ??= attempt.Campaign;
            SendingIp ??= attempt.SendingIp;
            Provider = result.Provider;
            Attempts++;

            // A source that reports the retries before this attempt (a bounce email's Arrival-Date)
            // moves the message's first attempt back. Those retries all failed, or the MTA would
            // not have gone on, so the first failure moves back with it.
            var startedAt = attempt.FirstAttemptAt is { } reported && reported < attempt.Timestamp ? reported : attempt.Timestamp;
            FirstAttemptAt = startedAt < FirstAttemptAt ? startedAt : FirstAttemptAt;
            LastAttemptAt = attempt.Timestamp > LastAttemptAt ? attempt.Timestamp : LastAttemptAt;
            FinalOutcome = result.Outcome;
            FinalSuppress = result.Suppress;

            var failed = result.Outcome != DeliveryOutcome.Delivered;
            var softFailure = (failed && result.Class == BounceClass.Soft) || result.Outcome == DeliveryOutcome.Expired;
            var finalFailure = result.Outcome is DeliveryOutcome.Bounced or DeliveryOutcome.Expired;
            HardBounced = finalFailure && result.Class == BounceClass.Hard;
            SoftBounced |= softFailure;

            if (!failed)
            {
                return;
            }

            FinalCategory = result.Category;
            FinalBlame = result.Blame;
            FirstFailureAt = startedAt < FirstFailureAt ? startedAt : FirstFailureAt;
            LastFailureAt = attempt.Timestamp > LastFailureAt ? attempt.Timestamp : LastFailureAt;

            if (result.Outcome == DeliveryOutcome.Deferred)
            {
                Deferrals++;
                Greylisted |= result.Category == BounceCategory.Greylisted;
            }

            if (softFailure)
            {
                SoftFailures++;
            }
        }
    }
}
