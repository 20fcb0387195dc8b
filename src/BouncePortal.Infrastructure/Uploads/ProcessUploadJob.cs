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
        await ingest.IngestAsync(tenantId, uploadId, cancellationToken);
        await uploads.RerunRetryingUploadsAsync(tenantId, uploadId, cancellationToken);
    }
}
