using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Health;

/// <summary>
/// Lists an agency's alerts and lets staff acknowledge or dismiss them, recording both in the audit log.
/// </summary>
public sealed class AlertService(TenantDbContextFactory databases, IAuditLog audit, TimeProvider time)
{
    /// <summary>Returns the agency's alerts, open ones first and newest first; closed ones only when asked.</summary>
    public async Task<IReadOnlyList<HealthAlert>> ListAsync(Guid tenantId, bool includeClosed, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var alerts = await db.HealthAlerts.AsNoTracking()
            .Where(a => includeClosed || a.OpenKey != null)
            .ToListAsync(cancellationToken);

        return alerts.OrderByDescending(a => a.IsOpen).ThenByDescending(a => a.RaisedAt).ToList();
    }

    /// <summary>Returns the mailbox's alerts, newest first.</summary>
    public async Task<IReadOnlyList<HealthAlert>> ListForMailboxAsync(Guid tenantId, Guid mailboxId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var alerts = await db.HealthAlerts.AsNoTracking().Where(a => a.MailboxId == mailboxId).ToListAsync(cancellationToken);
        return alerts.OrderByDescending(a => a.RaisedAt).ToList();
    }

    /// <summary>
    /// Marks an open alert as seen. It stays open, so its condition raises no new alert.
    /// Returns false when the alert is not the agency's or is closed.
    /// </summary>
    public async Task<bool> AcknowledgeAsync(Guid tenantId, Guid alertId, string userName, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var alert = await db.HealthAlerts.SingleOrDefaultAsync(a => a.Id == alertId, cancellationToken);
        if (alert is not { State: AlertState.Open })
        {
            return false;
        }

        alert.State = AlertState.Acknowledged;
        alert.AcknowledgedAt = time.GetUtcNow();
        alert.AcknowledgedBy = userName;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.AlertAcknowledged, $"Acknowledged alert \"{alert.Title}\" (alert {alert.Id})"), cancellationToken);
        return true;
    }

    /// <summary>
    /// Closes an open or acknowledged alert. The next health check raises it again if the
    /// condition still holds. Returns false when the alert is not the agency's or is closed.
    /// </summary>
    public async Task<bool> DismissAsync(Guid tenantId, Guid alertId, string userName, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var alert = await db.HealthAlerts.SingleOrDefaultAsync(a => a.Id == alertId, cancellationToken);
        if (alert is null || !alert.IsOpen)
        {
            return false;
        }

        alert.State = AlertState.Dismissed;
        alert.OpenKey = null;
        alert.ClosedAt = time.GetUtcNow();
        alert.ClosedBy = userName;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.AlertDismissed, $"Dismissed alert \"{alert.Title}\" (alert {alert.Id})"), cancellationToken);
        return true;
    }
}
