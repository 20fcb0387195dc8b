using Microsoft.EntityFrameworkCore;
using BouncePortal.Infrastructure.Data;

namespace BouncePortal.Infrastructure.Audit;

/// <summary>
/// Reads an agency's audit log, newest first, a page at a time.
/// </summary>
public sealed class AuditLogReader(TenantDbContextFactory databases)
{
    /// <summary>Largest page the reader returns.</summary>
    public const int MaxPageSize = 200;

    /// <summary>
    /// Returns one page of the agency's entries that match <paramref name="filter"/>, with the total
    /// number of matching entries.
    /// </summary>
    public async Task<AuditPage> ListAsync(Guid tenantId, AuditFilter filter, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var pageIndex = Math.Max(filter.PageIndex, 0);

        await using var db = databases.CreateForTenant(tenantId);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        var total = await query.CountAsync(cancellationToken);
        var entries = await query
            .OrderByDescending(e => e.OccurredAt)
            .ThenByDescending(e => e.Id)
            .Skip(pageIndex * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new AuditPage(entries, total);
    }
}

/// <summary>
/// Which audit entries to list.
/// </summary>
/// <param name="Action">Only this action, or all when null.</param>
/// <param name="From">Only entries at or after this instant.</param>
/// <param name="To">Only entries before this instant.</param>
/// <param name="PageIndex">The zero-based page.</param>
/// <param name="PageSize">Entries per page, at most <see cref="AuditLogReader.MaxPageSize"/>.</param>
public sealed record AuditFilter(
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int PageIndex = 0,
    int PageSize = 50);

/// <summary>
/// One page of audit entries and the number of entries that match the filter.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);
