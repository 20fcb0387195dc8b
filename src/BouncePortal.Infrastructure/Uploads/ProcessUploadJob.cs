using System.ComponentModel;
using Hangfire;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Hangfire job that ingests one upload. It takes ids only and opens the agency's scope
/// through <see cref="UploadIngestService"/>, which checks the upload's state first. A completed
/// upload then queues again the later logs that retry the messages it left deferred.
/// </summary>
public sealed class ProcessUploadJob(UploadIngestService ingest, UploadService uploads)
{
    /// <summary>The queue uploads run on.</summary>
    public const string Queue = "uploads";

    /// <summary>Ingests the upload.</summary>
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Process upload {1}")]
    public async Task RunAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        // The run deletes the outcomes that earlier runs stored, so the uploads that continued
        // their deferred messages are read again once it completes or fails. A stopped run keeps its rows.
        var continuing = await uploads.ContinuingUploadsAsync(tenantId, uploadId, cancellationToken);
        try
        {
            await ingest.IngestAsync(tenantId, uploadId, cancellationToken);
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            await uploads.RerunCompletedAsync(tenantId, continuing, CancellationToken.None);
            throw;
        }

        await uploads.RerunCompletedAsync(tenantId, continuing, cancellationToken);
        await uploads.RerunRetryingUploadsAsync(tenantId, uploadId, cancellationToken);
    }
}
