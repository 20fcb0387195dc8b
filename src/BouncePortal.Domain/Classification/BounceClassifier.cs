namespace BouncePortal.Domain.Classification;

/// <summary>
/// Classifies one delivery attempt into outcome, class, category, blame and suppression.
/// </summary>
public static class BounceClassifier
{
    /// <summary>Classifies one attempt.</summary>
    public static BounceClassification Classify(ClassificationRequest request) => throw new NotImplementedException();
}
