using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Diagnostics;

/// <summary>
/// A diagnosis found in one upload: the cause, its evidence and the checklist family that fixes it.
/// </summary>
public sealed class StoredDiagnosis : ITenantOwned
{
    /// <summary>The most affected mailboxes, domains or addresses kept per diagnosis.</summary>
    public const int MaxAffected = 50;

    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The upload the diagnosis was found in; it counts only while the upload is completed.</summary>
    public Guid UploadId { get; set; }

    /// <summary>The cause.</summary>
    public DiagnosisKind Kind { get; set; }

    /// <summary>How urgently it needs action.</summary>
    public DiagnosisSeverity Severity { get; set; }

    /// <summary>What it is about: a mailbox, a domain, an IP, a provider or the agency.</summary>
    public required string Subject { get; set; }

    /// <summary>The sentence with the numbers that triggered it.</summary>
    public required string Evidence { get; set; }

    /// <summary>The affected mailboxes, domains or addresses, one per line, at most <see cref="MaxAffected"/>.</summary>
    public string? Affected { get; set; }

    /// <summary>The checklist family that fixes the cause.</summary>
    public CauseFamily Family { get; set; }

    /// <summary>
    /// The time of the earliest attempt behind the evidence, in UTC, as <see cref="Diagnosis.FirstAttemptAt"/>
    /// states it. Diagnoses stored before this column existed got the first attempt of their
    /// upload's messages instead, and those whose upload had no outcomes are null.
    /// </summary>
    public DateTime? FirstAttemptAt { get; set; }

    /// <summary>
    /// The time of the latest attempt behind the evidence, in UTC, on the same terms as
    /// <see cref="FirstAttemptAt"/>. A null span counts as inside every time window.
    /// </summary>
    public DateTime? LastAttemptAt { get; set; }

    /// <summary>Converts a domain diagnosis for storage.</summary>
    public static StoredDiagnosis From(Diagnosis diagnosis, Guid tenantId, Guid uploadId) => new()
    {
        TenantId = tenantId,
        UploadId = uploadId,
        Kind = diagnosis.Kind,
        Severity = diagnosis.Severity,
        Subject = diagnosis.Subject,
        Evidence = diagnosis.Evidence,
        Affected = diagnosis.Affected.Count == 0 ? null : string.Join('\n', diagnosis.Affected.Take(MaxAffected)),
        Family = diagnosis.Checklist.Family,
        FirstAttemptAt = diagnosis.FirstAttemptAt.UtcDateTime,
        LastAttemptAt = diagnosis.LastAttemptAt.UtcDateTime,
    };
}
