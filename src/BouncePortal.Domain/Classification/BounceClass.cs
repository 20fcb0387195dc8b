namespace BouncePortal.Domain.Classification;

/// <summary>
/// Class of an SMTP failure read from its reply codes: 4xx / 4.x.x is soft, 5xx / 5.x.x is hard.
/// </summary>
public enum BounceClass
{
    /// <summary>Transient failure ("not now, try later").</summary>
    Soft,

    /// <summary>Permanent failure: retrying hurts the sender's reputation.</summary>
    Hard,
}
