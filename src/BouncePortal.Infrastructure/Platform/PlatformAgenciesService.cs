using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Platform;

/// <summary>
/// What platform operators see across agencies: each agency's name, age and size, and read-only
/// entry into an agency whose owner turned support access on. Counting rows of every agency
/// crosses agencies on purpose; nothing here returns an agency's own data.
/// </summary>
public sealed class PlatformAgenciesService(TenantDbContextFactory databases, IAuditLog audit, TimeProvider time)
{
    /// <summary>Lists every agency with its user and upload counts, newest first.</summary>
    public async Task<IReadOnlyList<AgencySummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = databases.CreateWithoutTenant();
        var agencies = await db.Agencies.AsNoTracking().ToListAsync(cancellationToken);
        var userCounts = await db.Users.AsNoTracking()
            .Where(u => u.Role != null)
            .GroupBy(u => u.TenantId)
            .Select(g => new { TenantId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.TenantId, g => g.Count, cancellationToken);
        var uploadCounts = await db.Uploads.IgnoreQueryFilters([BouncePortalDbContext.TenantFilter]).AsNoTracking()
            .GroupBy(u => u.TenantId)
            .Select(g => new { TenantId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.TenantId, g => g.Count, cancellationToken);

        var now = time.GetUtcNow();
        return agencies
            .Select(a => new AgencySummary(
                a.Id,
                a.Name,
                a.CreatedAt,
                userCounts.GetValueOrDefault(a.Id),
                uploadCounts.GetValueOrDefault(a.Id),
                a.SupportAccessUntil > now ? a.SupportAccessUntil : null))
            .OrderByDescending(a => a.CreatedAt)
            .ToList();
    }

    /// <summary>
    /// Opens an agency for an operator: returns true and writes the access to the agency's audit log
    /// when support access is on, or false (treat as not found) when it is off, expired or the
    /// agency does not exist.
    /// </summary>
    public async Task<bool> OpenForSupportAsync(Guid tenantId, string pageName, CancellationToken cancellationToken)
    {
        if (!await IsSupportAccessOnAsync(tenantId, cancellationToken))
        {
            return false;
        }

        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.SupportAccess, $"A platform operator opened {pageName} under support access"), cancellationToken);
        return true;
    }

    /// <summary>Whether the agency's owner has support access turned on right now.</summary>
    public async Task<bool> IsSupportAccessOnAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateWithoutTenant();
        var until = await db.Agencies.AsNoTracking()
            .Where(a => a.Id == tenantId)
            .Select(a => a.SupportAccessUntil)
            .SingleOrDefaultAsync(cancellationToken);
        return until is { } end && end > time.GetUtcNow();
    }
}

/// <summary>
/// One agency as platform operators see it.
/// </summary>
/// <param name="SupportAccessUntil">When support access ends; null while it is off.</param>
public sealed record AgencySummary(Guid Id, string Name, DateTimeOffset CreatedAt, int UserCount, int UploadCount, DateTimeOffset? SupportAccessUntil);
