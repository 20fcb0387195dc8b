using System.Globalization;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Analytics;

/// <summary>
/// When a soft bounce that keeps failing counts as permanent: after this many failed attempts,
/// or when the failures span this long, the address joins the suppression list unless the
/// sender or the network is to blame.
/// </summary>
/// <param name="MaxAttempts">Failed soft attempts after which the bounce is persistent. Default 5.</param>
/// <param name="MaxDuration">Span from the first to the last failure after which the bounce is persistent. Default 72 hours.</param>
public sealed record PersistentSoftBounceRule(int MaxAttempts, TimeSpan MaxDuration)
{
    /// <summary>Five attempts or 72 hours, the usual limits of sequencer retries.</summary>
    public static PersistentSoftBounceRule Default { get; } = new(5, TimeSpan.FromHours(72));

    /// <summary>True when <paramref name="softFailures"/> failures over <paramref name="failureSpan"/> reach either limit.</summary>
    public bool IsPersistent(int softFailures, TimeSpan failureSpan) =>
        softFailures >= MaxAttempts || failureSpan >= MaxDuration;

    /// <summary>
    /// True when a persistent soft bounce puts the recipient on the suppression list: always, unless
    /// the sender is to blame, because then the failures count against the sending mailbox, domain or
    /// IP, or the network is. A connection that times out, is refused or drops gives no evidence about
    /// the address, and days of it can come from the sending side (a blocked port 25, a firewall) as
    /// well as from the receiver.
    /// </summary>
    public static bool Suppresses(Blame? blame) => blame is not (Blame.Sender or Blame.Network);

    /// <summary>
    /// Applies the rule to one final soft failure whose source reports the retries before it, such as
    /// a bounce email with <c>Action: failed</c> after days of 4xx replies. When the retries reach
    /// <see cref="MaxDuration"/>, the classification suppresses the recipient (unless the sender or the
    /// network is to blame) and its evidence names the span. Any other classification is returned unchanged.
    /// </summary>
    /// <param name="classification">The attempt's classification.</param>
    /// <param name="retrySpan">The time from the message's first attempt to this one, as the source reports it.</param>
    public BounceClassification ApplyToReportedRetries(BounceClassification classification, TimeSpan retrySpan)
    {
        ArgumentNullException.ThrowIfNull(classification);

        // The source reports one failure for the whole series, so only the span can reach a limit.
        var finalSoftFailure = classification.Outcome == DeliveryOutcome.Bounced && classification.Class == BounceClass.Soft;
        if (!finalSoftFailure || !IsPersistent(1, retrySpan))
        {
            return classification;
        }

        var evidence = string.Format(
            CultureInfo.InvariantCulture,
            "{0}; persistent soft bounce: the report shows retries over {1:0} hours (limit {2:0.#} hours)",
            classification.Evidence,
            Math.Floor(retrySpan.TotalHours),
            MaxDuration.TotalHours);

        return classification with { Suppress = Suppresses(classification.Blame), Evidence = evidence };
    }
}
