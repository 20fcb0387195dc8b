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

    /// <summary>
    /// Until this instant platform operators may open the agency's dashboard read-only, each
    /// access audited; null when the owner has not turned support access on.
    /// </summary>
    public DateTimeOffset? SupportAccessUntil { get; set; }

    /// <summary>Hours between two health checks of the agency's mailboxes.</summary>
    public int HealthCheckIntervalHours { get; set; } = 6;

    /// <summary>Hours back from now over which a health check computes each mailbox's rates.</summary>
    public int HealthCheckWindowHours { get; set; } = 24;

    /// <summary>Soft bounce rate in percent above which a health check raises an alert.</summary>
    public double SoftRateAlertPercent { get; set; } = 3.0;

    /// <summary>Fewest message-recipient pairs in the window before a soft rate can raise an alert.</summary>
    public int AlertMinimumSent { get; set; } = 20;

    /// <summary>Whether an alert pauses its mailbox through a stop-the-bleed workflow.</summary>
    public bool AutoPauseOnAlert { get; set; }

    /// <summary>Hours after a resume during which the soft rate of the resumed mailboxes raises no alert.</summary>
    public int ResumeCooldownHours { get; set; } = 48;

    /// <summary>When the last health check was queued; null before the first.</summary>
    public DateTimeOffset? LastHealthCheckAt { get; set; }

    /// <summary>Days the agency's uploads and their attempts are kept before the retention job deletes them.</summary>
    public int RetentionDays { get; set; } = 180;

    /// <summary>The agency's own storage quota in megabytes; null uses the portal-wide default.</summary>
    /// <remarks>NOTE: no page sets it; the portal's operator sets this column for an agency that needs more room.</remarks>
    public int? StorageQuotaMegabytes { get; set; }
}
