using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Settings;

/// <summary>
/// Reads and changes an agency's own settings.
/// </summary>
public sealed class AgencySettingsService(TenantDbContextFactory databases)
{
    /// <summary>Loads the agency's settings.</summary>
    public async Task<AgencySettings> GetAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == tenantId, cancellationToken);
        return new AgencySettings
        {
            Name = agency.Name,
            PersistentSoftMaxAttempts = agency.PersistentSoftMaxAttempts,
            PersistentSoftMaxHours = agency.PersistentSoftMaxHours,
            TimeZoneId = agency.TimeZoneId,
            HealthCheckIntervalHours = agency.HealthCheckIntervalHours,
            HealthCheckWindowHours = agency.HealthCheckWindowHours,
            SoftRateAlertPercent = agency.SoftRateAlertPercent,
            AlertMinimumSent = agency.AlertMinimumSent,
            AutoPauseOnAlert = agency.AutoPauseOnAlert,
            ResumeCooldownHours = agency.ResumeCooldownHours,
        };
    }

    /// <summary>Saves the settings, or returns what is wrong with them. New uploads use them.</summary>
    public async Task<string?> SaveAsync(Guid tenantId, AgencySettings settings, CancellationToken cancellationToken)
    {
        if (settings.Validate() is { } problem)
        {
            return problem;
        }

        await using var db = databases.CreateForTenant(tenantId);
        var agency = await db.Agencies.SingleAsync(a => a.Id == tenantId, cancellationToken);
        agency.Name = settings.Name.Trim();
        agency.PersistentSoftMaxAttempts = settings.PersistentSoftMaxAttempts;
        agency.PersistentSoftMaxHours = settings.PersistentSoftMaxHours;
        agency.TimeZoneId = settings.TimeZoneId;
        agency.HealthCheckIntervalHours = settings.HealthCheckIntervalHours;
        agency.HealthCheckWindowHours = settings.HealthCheckWindowHours;
        agency.SoftRateAlertPercent = settings.SoftRateAlertPercent;
        agency.AlertMinimumSent = settings.AlertMinimumSent;
        agency.AutoPauseOnAlert = settings.AutoPauseOnAlert;
        agency.ResumeCooldownHours = settings.ResumeCooldownHours;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}

/// <summary>
/// The editable settings of an agency.
/// </summary>
public sealed class AgencySettings
{
    /// <summary>The agency's display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Failed soft attempts after which a soft bounce is persistent. Default 5.</summary>
    public int PersistentSoftMaxAttempts { get; set; } = 5;

    /// <summary>Hours of soft failures after which a soft bounce is persistent. Default 72.</summary>
    public int PersistentSoftMaxHours { get; set; } = 72;

    /// <summary>The IANA time zone of the dashboard. Default UTC.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>Hours between two health checks. Default 6.</summary>
    public int HealthCheckIntervalHours { get; set; } = 6;

    /// <summary>Hours back from now that a health check computes rates over. Default 24.</summary>
    public int HealthCheckWindowHours { get; set; } = 24;

    /// <summary>Soft bounce rate in percent above which a health check raises an alert. Default 3.</summary>
    public double SoftRateAlertPercent { get; set; } = 3.0;

    /// <summary>Fewest pairs sent in the window before a soft rate raises an alert. Default 20.</summary>
    public int AlertMinimumSent { get; set; } = 20;

    /// <summary>Whether an alert pauses its mailbox through a stop-the-bleed workflow. Default off.</summary>
    public bool AutoPauseOnAlert { get; set; }

    /// <summary>Hours after a resume without soft-rate alerts for the resumed mailboxes. Default 48.</summary>
    public int ResumeCooldownHours { get; set; } = 48;

    /// <summary>Returns the time zone named by <paramref name="id"/>, or UTC when the id is unknown.</summary>
    public static TimeZoneInfo ResolveTimeZone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>Returns what is wrong, or null when the settings can be saved.</summary>
    public string? Validate()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId ?? string.Empty, out _))
        {
            return $"'{TimeZoneId}' is not a known time zone. Choose one from the list, such as Europe/Berlin or America/New_York.";
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 200)
        {
            return "Enter the agency's name (at most 200 characters).";
        }

        if (PersistentSoftMaxAttempts is < 2 or > 50)
        {
            return $"Attempts before a soft bounce counts as persistent must be between 2 and 50, not {PersistentSoftMaxAttempts}.";
        }

        if (PersistentSoftMaxHours is < 1 or > 720)
        {
            return $"Hours before a soft bounce counts as persistent must be between 1 and 720 (30 days), not {PersistentSoftMaxHours}.";
        }

        return ValidateHealthChecks();
    }

    private string? ValidateHealthChecks()
    {
        if (HealthCheckIntervalHours is < 1 or > 168)
        {
            return $"Hours between health checks must be between 1 and 168 (a week), not {HealthCheckIntervalHours}.";
        }

        if (HealthCheckWindowHours is < 1 or > 720)
        {
            return $"The health check window must be between 1 and 720 hours (30 days), not {HealthCheckWindowHours}.";
        }

        if (!(SoftRateAlertPercent is >= 0.5 and <= 50))
        {
            return $"The soft rate alert threshold must be between 0.5% and 50%, not {SoftRateAlertPercent}%.";
        }

        if (AlertMinimumSent is < 1 or > 1_000_000)
        {
            return $"The fewest sends before an alert must be between 1 and 1,000,000, not {AlertMinimumSent}.";
        }

        if (ResumeCooldownHours is < 0 or > 336)
        {
            return $"The cooldown after a resume must be between 0 and 336 hours (14 days), not {ResumeCooldownHours}.";
        }

        return null;
    }
}
