namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// How urgently a diagnosis needs action.
/// </summary>
/// <remarks>
/// High: a soft bounce rate above 7%, blocklisting, or an active reputation decay (soft bounces
/// turning into hard bounces). Medium: a rate of 4-7%, rate limiting, or addresses and domains
/// that should be removed or skipped. Low: informational patterns that need no change.
/// </remarks>
public enum DiagnosisSeverity
{
    /// <summary>Informational: the pattern is expected or resolves by itself.</summary>
    Low,

    /// <summary>Needs action within days: rate limiting, a 4-7% rate, or list entries to remove.</summary>
    Medium,

    /// <summary>Needs action now: above 7%, blocklisting or an active reputation decay.</summary>
    High,
}
