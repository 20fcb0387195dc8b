using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// A delivery attempt with its classification.
/// </summary>
public sealed record ClassifiedAttempt(DeliveryAttempt Attempt, BounceClassification Classification)
{
    /// <summary>
    /// Classifies <paramref name="attempt"/> with <see cref="BounceClassifier"/> and
    /// <see cref="PersistentSoftBounceRule.Default"/>.
    /// </summary>
    public static ClassifiedAttempt From(DeliveryAttempt attempt) => From(attempt, PersistentSoftBounceRule.Default);

    /// <summary>
    /// Classifies <paramref name="attempt"/> with <see cref="BounceClassifier"/>. When the source reports
    /// the retries before the attempt (<see cref="DeliveryAttempt.RetrySpan"/>), <paramref name="rule"/>
    /// decides whether they make a persistent soft bounce.
    /// </summary>
    public static ClassifiedAttempt From(DeliveryAttempt attempt, PersistentSoftBounceRule rule)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(rule);

        var classification = BounceClassifier.Classify(new ClassificationRequest(
            attempt.LogOutcome,
            attempt.Reply,
            attempt.LogEnhancedCode,
            attempt.RemoteHost,
            attempt.RecipientDomain,
            attempt.Stage,
            attempt.SourceVerdict,
            attempt.MessageRecipients,
            attempt.OutcomeFromReply,
            attempt.SourceClass));

        if (attempt.RetrySpan is { } retrySpan)
        {
            classification = rule.ApplyToReportedRetries(classification, retrySpan);
        }

        return new ClassifiedAttempt(attempt, classification);
    }
}
