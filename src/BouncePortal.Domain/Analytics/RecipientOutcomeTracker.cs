using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Analytics;

/// <summary>
/// Folds classified attempts into one <see cref="RecipientOutcome"/> per message-recipient pair.
/// The console tool and the upload job both use it, so the portal's gauges and
/// <c>bounceportal analyze</c> count the same way.
/// </summary>
public sealed class RecipientOutcomeTracker
{
    private readonly Dictionary<(string Message, string Recipient), RecipientOutcome> outcomes = new();
    private long anonymousMessages;

    /// <summary>The outcomes folded so far, in order of each pair's first attempt.</summary>
    public IReadOnlyCollection<RecipientOutcome> Outcomes => outcomes.Values;

    /// <summary>Folds one attempt into its pair's outcome.</summary>
    public void Add(ClassifiedAttempt classified)
    {
        var attempt = classified.Attempt;
        var result = classified.Classification;

        // Without a queue id nothing ties two attempts together, so each one is its own message.
        var messageKey = attempt.QueueId ?? $"#{++anonymousMessages}";
        var key = (messageKey, attempt.Recipient.ToLowerInvariant());

        var failed = result.Outcome != DeliveryOutcome.Delivered;
        var softFailure = (failed && result.Class == BounceClass.Soft) || result.Outcome == DeliveryOutcome.Expired;
        var finalFailure = result.Outcome is DeliveryOutcome.Bounced or DeliveryOutcome.Expired;
        var hardFinal = finalFailure && result.Class == BounceClass.Hard;

        if (!outcomes.TryGetValue(key, out var previous))
        {
            outcomes[key] = new RecipientOutcome(
                attempt.QueueId,
                attempt.Sender,
                attempt.Recipient,
                attempt.RecipientDomain,
                result.Provider,
                Attempts: 1,
                attempt.Timestamp,
                attempt.Timestamp,
                result.Outcome,
                softFailure,
                hardFinal,
                failed ? result.Category : null,
                result.Suppress);
            return;
        }

        outcomes[key] = previous with
        {
            Sender = previous.Sender ?? attempt.Sender,
            Provider = result.Provider,
            Attempts = previous.Attempts + 1,
            FirstAttemptAt = attempt.Timestamp < previous.FirstAttemptAt ? attempt.Timestamp : previous.FirstAttemptAt,
            LastAttemptAt = attempt.Timestamp > previous.LastAttemptAt ? attempt.Timestamp : previous.LastAttemptAt,
            FinalOutcome = result.Outcome,
            SoftBounced = previous.SoftBounced || softFailure,
            HardBounced = hardFinal,
            FinalCategory = failed ? result.Category : previous.FinalCategory,
            Suppress = result.Outcome == DeliveryOutcome.Delivered ? false : result.Suppress,
        };
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
}
