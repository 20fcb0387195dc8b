using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Settings;

/// <summary>
/// Reads and changes an agency's own settings.
/// </summary>
public sealed class AgencySettingsService(TenantDbContextFactory databases, IAuditLog audit)
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
            RetentionDays = agency.RetentionDays,
        };
    }

    /// <summary>
    /// Saves the settings, or returns what is wrong with them. New uploads use them. A changed
    /// retention period is audited with <paramref name="actorName"/>.
    /// </summary>
    public async Task<string?> SaveAsync(Guid tenantId, AgencySettings settings, CancellationToken cancellationToken, string? actorName = null)
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
        var previousRetention = agency.RetentionDays;
        agency.RetentionDays = settings.RetentionDays;
        await db.SaveChangesAsync(cancellationToken);
        if (previousRetention != settings.RetentionDays)
        {
            await audit.RecordAsync(
                new AuditRecord(tenantId, AuditActions.SettingsChanged, $"Retention changed from {previousRetention} to {settings.RetentionDays} days.", ActorName: actorName),
                cancellationToken);
        }

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

    /// <summary>Days uploads, their files and attempts are kept. Default 180.</summary>
    public int RetentionDays { get; set; } = 180;

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

        if (RetentionDays is < 7 or > 3650)
        {
            return $"Keep uploads between 7 and 3650 days (10 years), not {RetentionDays}.";
        }

        if (PersistentSoftMaxHours is < 1 or > 720)
        {
            return $"Hours before a soft bounce counts as persistent must be between 1 and 720 (30 days), not {PersistentSoftMaxHours}.";
        }

        return null;
    }
}
