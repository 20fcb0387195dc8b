using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// A delivery attempt with its classification.
/// </summary>
public sealed record ClassifiedAttempt(DeliveryAttempt Attempt, BounceClassification Classification)
{
    /// <summary>Classifies <paramref name="attempt"/> with <see cref="BounceClassifier"/>.</summary>
    public static ClassifiedAttempt From(DeliveryAttempt attempt) =>
        new(attempt, BounceClassifier.Classify(new ClassificationRequest(
            attempt.LogOutcome,
            attempt.Reply,
            attempt.LogEnhancedCode,
            attempt.RemoteHost,
            attempt.RecipientDomain,
            attempt.Stage,
            attempt.SourceVerdict,
            attempt.MessageRecipients,
            attempt.OutcomeFromReply)));
}
