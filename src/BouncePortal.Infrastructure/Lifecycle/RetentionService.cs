using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.Lifecycle;

/// <summary>
/// Deletes an agency's uploads older than its retention period, with their stored files and every
/// row derived from them (attempts, recipient outcomes, rollups, diagnoses).
/// </summary>
public sealed partial class RetentionService(
    TenantDbContextFactory databases,
    UploadStorage storage,
    TimeProvider time,
    IAuditLog audit,
    ILogger<RetentionService> logger)
{
    /// <summary>Lists the ids of all agencies, for one retention pass each.</summary>
    public async Task<IReadOnlyList<Guid>> ListAgenciesAsync(CancellationToken cancellationToken)
    {
        await using var db = databases.CreateWithoutTenant();
        return await db.Agencies.AsNoTracking().Select(a => a.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the agency's uploads received before its retention period began and returns how many.
    /// Uploads still being processed wait for the next pass. Running it again deletes nothing more.
    /// </summary>
    public async Task<int> RunPassAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var retentionDays = await db.Agencies.Where(a => a.Id == tenantId).Select(a => (int?)a.RetentionDays).SingleOrDefaultAsync(cancellationToken);
        if (retentionDays is null)
        {
            // The agency was deleted after the pass was queued.
            return 0;
        }

        var cutoff = time.GetUtcNow().AddDays(-retentionDays.Value);
        var expired = await db.Uploads
            .Where(u => u.UploadedAt < cutoff && u.Status != UploadStatus.Processing)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);

        foreach (var uploadId in expired)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await UploadDerivedRows.DeleteAsync(db, uploadId, cancellationToken);
            await db.Uploads.Where(u => u.Id == uploadId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            // The rows go first: a pass stopped between the two leaves a file without rows, which the next pass cannot see,
            // but never rows that point to a missing file.
            storage.Delete(tenantId, uploadId);
        }

        if (expired.Count > 0)
        {
            LogExpiredDeleted(tenantId, expired.Count, retentionDays.Value);
            await audit.RecordAsync(
                new AuditRecord(
                    tenantId,
                    AuditActions.Deletion,
                    $"Retention deleted {expired.Count} upload(s) received before {cutoff:yyyy-MM-dd} ({retentionDays} days), with their files, attempts, outcomes, rollups and diagnoses."),
                cancellationToken);
        }

        return expired.Count;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Retention deleted {Count} uploads of agency {TenantId} older than {Days} days")]
    private partial void LogExpiredDeleted(Guid tenantId, int count, int days);
}
