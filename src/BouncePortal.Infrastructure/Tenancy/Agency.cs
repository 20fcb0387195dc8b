namespace BouncePortal.Infrastructure.Tenancy;

/// <summary>
/// A tenant: one cold-email agency with its own staff, mailboxes, uploads and figures.
/// </summary>
public sealed class Agency
{
    /// <summary>The tenant id carried by every row the agency owns.</summary>
    public Guid Id { get; set; }

    /// <summary>The agency's display name.</summary>
    public required string Name { get; set; }

    /// <summary>When the agency was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Failed soft attempts after which a soft bounce counts as persistent and is suppressed.</summary>
    public int PersistentSoftMaxAttempts { get; set; } = 5;

    /// <summary>Hours of soft failures after which a soft bounce counts as persistent and is suppressed.</summary>
    public int PersistentSoftMaxHours { get; set; } = 72;

    /// <summary>The IANA time zone the agency reads its dashboard in, such as Europe/Berlin.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>Days the agency's uploads and their attempts are kept before the retention job deletes them.</summary>
    public int RetentionDays { get; set; } = 180;

    /// <summary>The agency's own storage quota in megabytes; null uses the portal-wide default.</summary>
    /// <remarks>NOTE: no page sets it; the portal's operator sets this column for an agency that needs more room.</remarks>
    public int? StorageQuotaMegabytes { get; set; }
}
