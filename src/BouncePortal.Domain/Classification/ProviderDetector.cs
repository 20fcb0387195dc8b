namespace BouncePortal.Domain.Classification;

/// <summary>
/// Names the receiving provider from the MX host where known, else from the recipient domain.
/// </summary>
public static class ProviderDetector
{
    /// <summary>Detects the provider; the MX host wins over the recipient domain.</summary>
    public static ReceivingProvider Detect(string? remoteHost, string? recipientDomain) => throw new NotImplementedException();
}
