using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Settings;

/// <summary>
/// Reads and changes an agency's own settings, writing each change to the audit log.
/// </summary>
public sealed class AgencySettingsService(TenantDbContextFactory databases, IAuditLog audit, TimeProvider time)
{
    /// <summary>Longest support access an owner can grant at once.</summary>
    public static readonly TimeSpan MaxSupportAccess = TimeSpan.FromDays(7);

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
            SupportAccessUntil = agency.SupportAccessUntil > time.GetUtcNow() ? agency.SupportAccessUntil : null,
            HealthCheckIntervalHours = agency.HealthCheckIntervalHours,
            HealthCheckWindowHours = agency.HealthCheckWindowHours,
            SoftRateAlertPercent = agency.SoftRateAlertPercent,
            AlertMinimumSent = agency.AlertMinimumSent,
            AutoPauseOnAlert = agency.AutoPauseOnAlert,
            ResumeCooldownHours = agency.ResumeCooldownHours,
            RetentionDays = agency.RetentionDays,
        };
    }

    /// <summary>
    /// Saves the settings when they are valid. Returns their validation, whose problems (one per
    /// invalid field) kept them from being saved, or none when they were saved. New uploads use the
    /// saved settings. The changes are audited with <paramref name="actorName"/> when given, else with
    /// the signed-in user.
    /// </summary>
    public async Task<AgencySettingsValidation> SaveAsync(Guid tenantId, AgencySettings settings, CancellationToken cancellationToken, string? actorName = null)
    {
        var validation = settings.Validate();
        if (!validation.IsValid)
        {
            return validation;
        }

        await using var db = databases.CreateForTenant(tenantId);
        var agency = await db.Agencies.SingleAsync(a => a.Id == tenantId, cancellationToken);
        var changes = new List<string>();
        Change(changes, "name", agency.Name, settings.Name.Trim(), value => agency.Name = value);
        Change(changes, "persistent soft bounce attempts", agency.PersistentSoftMaxAttempts, settings.PersistentSoftMaxAttempts!.Value, value => agency.PersistentSoftMaxAttempts = value);
        Change(changes, "persistent soft bounce hours", agency.PersistentSoftMaxHours, settings.PersistentSoftMaxHours!.Value, value => agency.PersistentSoftMaxHours = value);
        Change(changes, "time zone", agency.TimeZoneId, settings.TimeZoneId, value => agency.TimeZoneId = value);
        Change(changes, "health check interval hours", agency.HealthCheckIntervalHours, settings.HealthCheckIntervalHours!.Value, value => agency.HealthCheckIntervalHours = value);
        Change(changes, "health check window hours", agency.HealthCheckWindowHours, settings.HealthCheckWindowHours!.Value, value => agency.HealthCheckWindowHours = value);
        Change(changes, "soft rate alert percent", agency.SoftRateAlertPercent, settings.SoftRateAlertPercent!.Value, value => agency.SoftRateAlertPercent = value);
        Change(changes, "alert minimum sends", agency.AlertMinimumSent, settings.AlertMinimumSent!.Value, value => agency.AlertMinimumSent = value);
        Change(changes, "auto-pause on alert", agency.AutoPauseOnAlert, settings.AutoPauseOnAlert, value => agency.AutoPauseOnAlert = value);
        Change(changes, "resume cooldown hours", agency.ResumeCooldownHours, settings.ResumeCooldownHours!.Value, value => agency.ResumeCooldownHours = value);
        Change(changes, "retention days", agency.RetentionDays, settings.RetentionDays!.Value, value => agency.RetentionDays = value);
        if (changes.Count == 0)
        {
            return validation;
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.SettingsChanged, string.Join("; ", changes), ActorName: actorName), cancellationToken);
        return validation;
    }

    /// <summary>
    /// Turns support access for platform operators on for <paramref name="duration"/>, or off when it
    /// is null. Returns what is wrong, or null on success.
    /// </summary>
    public async Task<string?> SetSupportAccessAsync(Guid tenantId, TimeSpan? duration, CancellationToken cancellationToken)
    {
        if (duration is { } length && (length <= TimeSpan.Zero || length > MaxSupportAccess))
        {
            return $"Support access lasts between 1 hour and {MaxSupportAccess.TotalDays:0} days, not {length.TotalHours:0.#} hours.";
        }

        await using var db = databases.CreateForTenant(tenantId);
        var agency = await db.Agencies.SingleAsync(a => a.Id == tenantId, cancellationToken);
        agency.SupportAccessUntil = duration is { } granted ? time.GetUtcNow() + granted : null;
        await db.SaveChangesAsync(cancellationToken);

        var details = agency.SupportAccessUntil is { } until
            ? $"Support access for platform operators on until {until:yyyy-MM-dd HH:mm} UTC"
            : "Support access for platform operators off";
        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.SupportAccessChanged, details), cancellationToken);
        return null;
    }

    private static void Change<T>(List<string> changes, string name, T current, T updated, Action<T> apply)
    {
        if (EqualityComparer<T>.Default.Equals(current, updated))
        {
            return;
        }

        changes.Add($"{name}: {current} to {updated}");
        apply(updated);
    }
}
