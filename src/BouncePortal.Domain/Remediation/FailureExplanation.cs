using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Remediation;

/// <summary>
/// What a classified SMTP failure means for an agency and what to do about it.
/// </summary>
/// <param name="Classification">The classification the explanation is for.</param>
/// <param name="Meaning">The failure in plain language.</param>
/// <param name="RetryAdvice">Whether and how to retry.</param>
/// <param name="Checklist">The checklist that fixes the cause.</param>
public sealed record FailureExplanation(
    BounceClassification Classification,
    string Meaning,
    string RetryAdvice,
    RemediationChecklist Checklist)
{
    /// <summary>
    /// False when the text contains no SMTP code and no known phrase, so neither class nor cause can
    /// be determined. The classification then has no class and the category Unknown.
    /// </summary>
    public bool Determined { get; init; } = true;

    /// <summary>The reply exactly as received, or null when the explanation is for a stored classification.</summary>
    public string? Reply { get; init; }

    /// <summary>The http and https links in <see cref="Reply"/>, in order of appearance.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];
}
