using BouncePortal.Domain.Analytics;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Dashboard;

/// <summary>
/// Computes the dashboard's figures from the stored recipient outcomes of completed uploads,
/// with the same definitions as <see cref="RecipientOutcomeTracker.Summarize"/>.
/// </summary>
public sealed class BounceDashboardService(TenantDbContextFactory databases)
{
    /// <summary>Loads the agency's figures.</summary>
    public async Task<BounceDashboard> GetAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);

        var completed = db.Uploads.Where(u => u.Status == UploadStatus.Completed).Select(u => u.Id);
        var perSender = await db.RecipientOutcomes
            .Where(o => completed.Contains(o.UploadId))
            .GroupBy(o => o.Sender)
            .Select(g => new
            {
                Sender = g.Key,
                Sent = g.LongCount(),
                Soft = g.LongCount(o => o.SoftBounced),
                Hard = g.LongCount(o => o.HardBounced),
                From = g.Min(o => o.FirstAttemptAt),
                To = g.Max(o => o.LastAttemptAt),
            })
            .ToListAsync(cancellationToken);

        var inventory = await db.SendingMailboxes.AsNoTracking().ToDictionaryAsync(m => m.Address, cancellationToken);
        var uploads = await db.Uploads.CountAsync(u => u.Status == UploadStatus.Completed, cancellationToken);

        var mailboxes = perSender
            .Select(row => new MailboxBounceRates(
                row.Sender,
                new BounceRates(row.Sent, row.Soft, row.Hard),
                row.Sender is null ? null : inventory.GetValueOrDefault(row.Sender)))
            .OrderByDescending(m => m.Rates.SoftRate)
            .ThenByDescending(m => m.Rates.HardRate)
            .ThenBy(m => m.Mailbox, StringComparer.Ordinal)
            .ToList();

        var agency = new BounceRates(perSender.Sum(r => r.Sent), perSender.Sum(r => r.Soft), perSender.Sum(r => r.Hard));
        DateTime? from = perSender.Count == 0 ? null : perSender.Min(r => r.From);
        DateTime? to = perSender.Count == 0 ? null : perSender.Max(r => r.To);
        return new BounceDashboard(agency, mailboxes, from, to, uploads);
    }
}
