using System.ComponentModel;
using Hangfire;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Hangfire job that ingests one upload. It takes ids only and opens the agency's scope
/// through <see cref="UploadIngestService"/>, which checks the upload's state first.
/// </summary>
public sealed class ProcessUploadJob(UploadIngestService ingest)
{
    /// <summary>The queue uploads run on.</summary>
    public const string Queue = "uploads";

    /// <summary>Ingests the upload.</summary>
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Process upload {1}")]
    public Task RunAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken) =>
        ingest.IngestAsync(tenantId, uploadId, cancellationToken);
}
