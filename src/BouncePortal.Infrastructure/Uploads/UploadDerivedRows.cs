using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The rows derived from one upload: attempts, recipient outcomes, rollups, diagnoses and the
/// Message-IDs of its bounce emails, and its marks on the earlier outcomes it continued.
/// </summary>
internal static class UploadDerivedRows
{
    /// <summary>Deletes every row derived from the upload, within the context's current transaction if any.</summary>
    public static async Task DeleteAsync(BouncePortalDbContext db, Guid uploadId, CancellationToken cancellationToken)
    {
        await db.Rollups.Where(r => r.UploadId == uploadId).ExecuteDeleteAsync(cancellationToken);
        await db.Diagnoses.Where(d => d.UploadId == uploadId).ExecuteDeleteAsync(cancellationToken);
        await db.ImportedBounceEmails.Where(e => e.UploadId == uploadId).ExecuteDeleteAsync(cancellationToken);
        await db.RecipientOutcomes.Where(o => o.UploadId == uploadId).ExecuteDeleteAsync(cancellationToken);
        await db.Attempts.Where(a => a.UploadId == uploadId).ExecuteDeleteAsync(cancellationToken);

        // The deferred outcomes it continued count again in their own uploads.
        await db.RecipientOutcomes
            .Where(o => o.SupersededByUploadId == uploadId)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.SupersededByUploadId, (Guid?)null), cancellationToken);
    }
}
