using BouncePortal.Domain.Analytics;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Dashboard;

/// <summary>
/// Computes the dashboard's figures from the hourly rollups of completed uploads, which count
/// with the same definitions as <see cref="RecipientOutcomeTracker.Summarize"/>.
/// </summary>
public sealed class BounceDashboardService(TenantDbContextFactory databases)
{
    private static readonly SliceKind[] ListedSlices =
        [SliceKind.SendingDomain, SliceKind.RecipientDomain, SliceKind.Provider, SliceKind.Campaign, SliceKind.SendingIp];

    /// <summary>Loads the agency's figures over all of its data.</summary>
    public Task<BounceDashboard> GetAsync(Guid tenantId, CancellationToken cancellationToken) =>
        GetAsync(tenantId, DashboardWindow.All, cancellationToken);

    /// <summary>
    /// Returns the daily totals of one slice value (a mailbox, a domain, ...) within the window,
    /// in the agency's time zone, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<DailyRates>> GetSliceTrendAsync(
        Guid tenantId, DashboardWindow window, SliceKind kind, string key, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var agencyRow = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == tenantId, cancellationToken);
        var timeZone = AgencySettings.ResolveTimeZone(agencyRow.TimeZoneId);
        var completed = db.Uploads.Where(u => u.Status == UploadStatus.Completed).Select(u => u.Id);
        var rows = db.Rollups.Where(r => completed.Contains(r.UploadId) && r.Kind == kind && r.Key == key);
        if (window.FromUtc is { } from)
        {
            rows = rows.Where(r => r.HourUtc >= from);
        }

        if (window.ToUtc is { } to)
        {
            rows = rows.Where(r => r.HourUtc < to);
        }

        var hours = await rows.Select(r => new { r.HourUtc, r.Sent, r.SoftBounced, r.HardBounced }).ToListAsync(cancellationToken);
        return hours
            .GroupBy(h => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(h.HourUtc, DateTimeKind.Utc), timeZone)))
            .OrderBy(g => g.Key)
            .Select(g => new DailyRates(g.Key, new BounceRates(g.Sum(h => h.Sent), g.Sum(h => h.SoftBounced), g.Sum(h => h.HardBounced))))
            .ToList();
    }

    /// <summary>
    /// Sums the rollups of one slice value, such as a sending mailbox, within the window, so the
    /// counts equal that value's row on the dashboard. Also counts its sends in all data, so that a
    /// page can tell a value with no attempts yet from one with none in the window.
    /// </summary>
    public async Task<SliceTotals> GetSliceTotalsAsync(
        Guid tenantId, DashboardWindow window, SliceKind kind, string key, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var agencyRow = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == tenantId, cancellationToken);
        var timeZone = AgencySettings.ResolveTimeZone(agencyRow.TimeZoneId);
        var completed = db.Uploads.Where(u => u.Status == UploadStatus.Completed).Select(u => u.Id);
        var rows = db.Rollups.Where(r => completed.Contains(r.UploadId) && r.Kind == kind && r.Key == key);
        var sentInAllData = await rows.SumAsync(r => r.Sent, cancellationToken);

        var inWindow = rows;
        if (window.FromUtc is { } from)
        {
            inWindow = inWindow.Where(r => r.HourUtc >= from);
        }

        if (window.ToUtc is { } to)
        {
            inWindow = inWindow.Where(r => r.HourUtc < to);
        }

        // Every row has the same kind, so grouping by it sums the whole selection in one query.
        var totals = await inWindow
            .GroupBy(r => r.Kind)
            .Select(g => new
            {
                Sent = g.Sum(r => r.Sent),
                Soft = g.Sum(r => r.SoftBounced),
                Hard = g.Sum(r => r.HardBounced),
                Unresolved = g.Sum(r => r.UnresolvedSoft),
                First = g.Min(r => r.HourUtc),
                Last = g.Max(r => r.HourUtc),
            })
            .SingleOrDefaultAsync(cancellationToken);

        return totals is null
            ? new SliceTotals(new BounceRates(0, 0, 0), 0, null, null, sentInAllData, timeZone)
            : new SliceTotals(
                new BounceRates(totals.Sent, totals.Soft, totals.Hard),
                totals.Unresolved,
                totals.First,
                totals.Last.AddHours(1),
                sentInAllData,
                timeZone);
    }

    /// <summary>Loads the agency's figures within <paramref name="window"/>.</summary>
    public async Task<BounceDashboard> GetAsync(Guid tenantId, DashboardWindow window, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);

        var completed = db.Uploads.Where(u => u.Status == UploadStatus.Completed).Select(u => u.Id);
        var inWindow = db.Rollups.Where(r => completed.Contains(r.UploadId));
        if (window.FromUtc is { } from)
        {
            inWindow = inWindow.Where(r => r.HourUtc >= from);
        }

        if (window.ToUtc is { } to)
        {
            inWindow = inWindow.Where(r => r.HourUtc < to);
        }

        var totals = await inWindow
            .Where(r => r.Kind != SliceKind.Agency)
            .GroupBy(r => new { r.Kind, r.Key })
            .Select(g => new { g.Key.Kind, g.Key.Key, Sent = g.Sum(r => r.Sent), Soft = g.Sum(r => r.SoftBounced), Hard = g.Sum(r => r.HardBounced) })
            .ToListAsync(cancellationToken);
        var agencyHours = await inWindow
            .Where(r => r.Kind == SliceKind.Agency)
            .Select(r => new { r.HourUtc, r.Sent, r.SoftBounced, r.HardBounced, r.UnresolvedSoft })
            .ToListAsync(cancellationToken);
        var inventory = await db.SendingMailboxes.AsNoTracking().ToDictionaryAsync(m => m.Address, cancellationToken);
        var agencyRow = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == tenantId, cancellationToken);
        var timeZone = AgencySettings.ResolveTimeZone(agencyRow.TimeZoneId);

        // An upload of bare SMTP replies names no recipient, and bounce emails report failures only,
        // so neither stores rollups or adds figures.
        var uploads = await CountingUploads.Of(db).CountAsync(cancellationToken);
        var withoutRecipients = await db.Uploads.CountAsync(u => u.Status == UploadStatus.Completed, cancellationToken) - uploads;

        var mailboxes = totals
            .Where(row => row.Kind == SliceKind.Mailbox)
            .Select(row => new MailboxBounceRates(
                row.Key.Length == 0 ? null : row.Key,
                new BounceRates(row.Sent, row.Soft, row.Hard),
                inventory.GetValueOrDefault(row.Key)))
            .OrderBy(m => m.Rates.Sent < BounceZones.MinimumSends)
            .ThenByDescending(m => WorseZone(m.Rates))
            .ThenByDescending(m => m.Rates.SoftRate)
            .ThenByDescending(m => m.Rates.HardRate)
            .ThenBy(m => m.Mailbox, StringComparer.Ordinal)
            .ToList();

        var slices = ListedSlices.ToDictionary(
            kind => kind,
            kind => (IReadOnlyList<SliceRates>)totals
                .Where(row => row.Kind == kind && row.Key.Length > 0)
                .Select(row => new SliceRates(row.Key, new BounceRates(row.Sent, row.Soft, row.Hard)))
                .OrderByDescending(s => s.Rates.SoftBounced + s.Rates.HardBounced)
                .ThenByDescending(s => s.Rates.Sent)
                .ThenBy(s => s.Key, StringComparer.Ordinal)
                .ToList());

        var clients = mailboxes
            .Where(m => m.Inventory?.Client is not null)
            .GroupBy(m => m.Inventory!.Client!, StringComparer.OrdinalIgnoreCase)
            .Select(g => new SliceRates(g.Key, new BounceRates(g.Sum(m => m.Rates.Sent), g.Sum(m => m.Rates.SoftBounced), g.Sum(m => m.Rates.HardBounced))))
            .OrderByDescending(c => c.Rates.SoftRate)
            .ThenBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();

        // Hourly rollups regroup exactly into the agency's local days (for whole-hour offsets).
        var trend = agencyHours
            .GroupBy(h => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(h.HourUtc, DateTimeKind.Utc), timeZone)))
            .OrderBy(g => g.Key)
            .Select(g => new DailyRates(g.Key, new BounceRates(g.Sum(h => h.Sent), g.Sum(h => h.SoftBounced), g.Sum(h => h.HardBounced))))
            .ToList();

        var agency = new BounceRates(agencyHours.Sum(h => h.Sent), agencyHours.Sum(h => h.SoftBounced), agencyHours.Sum(h => h.HardBounced));
        DateTime? first = agencyHours.Count == 0 ? null : agencyHours.Min(h => h.HourUtc);
        DateTime? last = agencyHours.Count == 0 ? null : agencyHours.Max(h => h.HourUtc).AddHours(1);
        return new BounceDashboard(agency, agencyHours.Sum(h => h.UnresolvedSoft), mailboxes, slices, clients, trend, first, last, uploads, timeZone, withoutRecipients);
    }

    /// <summary>Returns the worse of the soft and hard rates' zones, by which mailboxes are listed.</summary>
    private static BounceZone WorseZone(BounceRates rates) =>
        (BounceZone)Math.Max((int)BounceZones.For(rates.SoftRate), (int)BounceZones.For(rates.HardRate));
}
