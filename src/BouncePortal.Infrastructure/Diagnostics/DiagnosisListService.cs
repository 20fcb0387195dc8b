using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Diagnostics;

/// <summary>
/// Lists the diagnoses found in the agency's completed uploads.
/// </summary>
public sealed class DiagnosisListService(TenantDbContextFactory databases)
{
    /// <summary>Returns the diagnoses, most severe and most recent upload first.</summary>
    public async Task<IReadOnlyList<DiagnosisWithUpload>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var rows = await db.Diagnoses.AsNoTracking()
            .Join(db.Uploads.Where(u => u.Status == UploadStatus.Completed), d => d.UploadId, u => u.Id, (d, u) => new { d, u.FileName, u.UploadedAt })
            .ToListAsync(cancellationToken);

        return rows
            .OrderByDescending(r => r.d.Severity)
            .ThenByDescending(r => r.UploadedAt)
            .ThenBy(r => r.d.Kind)
            .Select(r => new DiagnosisWithUpload(r.d, r.FileName))
            .ToList();
    }
}

/// <summary>
/// A stored diagnosis with the name of the file it was found in.
/// </summary>
public sealed record DiagnosisWithUpload(StoredDiagnosis Diagnosis, string FileName);
