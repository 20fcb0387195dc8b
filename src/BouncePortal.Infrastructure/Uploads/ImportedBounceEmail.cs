using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// A bounce email that a completed upload brought in, known by its Message-ID, so that the same
/// email in a later upload (another .eml, an mbox or a zip) is skipped instead of counted again.
/// </summary>
public sealed class ImportedBounceEmail : ITenantOwned
{
    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The upload whose attempts count the email.</summary>
    public Guid UploadId { get; set; }

    /// <summary>The first 8 bytes of the SHA-256 of the email's Message-ID, as a number.</summary>
    public long MessageIdHash { get; set; }
}
