using BouncePortal.Infrastructure.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Receives uploaded files for an agency and queues their ingest job.
/// </summary>
public sealed class UploadService(
    TenantDbContextFactory databases,
    UploadStorage storage,
    IBackgroundJobClient jobs,
    TimeProvider time)
{
    /// <summary>
    /// Streams <paramref name="content"/> to the agency's folder, records the upload and queues
    /// the job. Nothing is recorded when the stream fails or passes the size limit.
    /// </summary>
    public async Task<Upload> CreateAsync(
        Guid tenantId,
        string fileName,
        string? uploadedBy,
        Stream content,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var uploadId = Guid.NewGuid();
        var size = await storage.SaveAsync(tenantId, uploadId, content, progress, cancellationToken);

        await using var db = databases.CreateForTenant(tenantId);
        var upload = new Upload
        {
            Id = uploadId,
            FileName = Path.GetFileName(fileName),
            SizeBytes = size,
            Status = UploadStatus.Queued,
            UploadedAt = time.GetUtcNow(),
            UploadedBy = uploadedBy,
        };
        db.Uploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);

        upload.JobId = Enqueue(tenantId, uploadId);
        await db.SaveChangesAsync(cancellationToken);
        return upload;
    }

    /// <summary>Queues a failed upload's job again. Returns false when the upload is not this agency's or has not failed.</summary>
    public async Task<bool> RetryAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is not { Status: UploadStatus.Failed })
        {
            return false;
        }

        upload.Status = UploadStatus.Queued;
        upload.Error = null;
        upload.ProgressPercent = 0;
        upload.JobId = Enqueue(tenantId, uploadId);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private string Enqueue(Guid tenantId, Guid uploadId) =>
        jobs.Enqueue<ProcessUploadJob>(job => job.RunAsync(tenantId, uploadId, CancellationToken.None));
}
