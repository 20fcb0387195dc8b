using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// A bounce log uploaded by staff, with the state and counts of the job that ingests it.
/// </summary>
public sealed class Upload : ITenantOwned
{
    /// <summary>The row id; the stored file is named after it, never after the client's file name.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The file name the browser sent, for display only.</summary>
    public required string FileName { get; set; }

    /// <summary>The format staff chose, or null to detect it.</summary>
    public InputFormat? RequestedFormat { get; set; }

    /// <summary>The format the file was read as, once the job has looked at it.</summary>
    public InputFormat? DetectedFormat { get; set; }

    /// <summary>How sure the detector was, 0 to 1; 1 when staff chose the format.</summary>
    public double? FormatConfidence { get; set; }

    /// <summary>The evidence for the detected format.</summary>
    public string? FormatReason { get; set; }

    /// <summary>The confirmed column mapping of a sequencer CSV, as JSON; null for other formats.</summary>
    public string? CsvMappingJson { get; set; }

    /// <summary>
    /// The SHA-256 of the content in lower-case hex: of the decompressed bytes for a gzip file, else of
    /// the file as received. Unique per agency, so the same content cannot be imported twice. Null
    /// only for rows not written by <see cref="UploadService"/>.
    /// </summary>
    public string? ContentSha256 { get; set; }

    /// <summary>Size of the stored file in bytes.</summary>
    public long SizeBytes { get; set; }

    /// <summary>The state of the upload's job.</summary>
    public UploadStatus Status { get; set; }

    /// <summary>Share of the file read so far, 0 to 100.</summary>
    public double ProgressPercent { get; set; }

    /// <summary>Lines read by the parser.</summary>
    public long LinesRead { get; set; }

    /// <summary>Delivery attempts stored.</summary>
    public long AttemptsStored { get; set; }

    /// <summary>Lines that produced no attempt.</summary>
    public long LinesSkipped { get; set; }

    /// <summary>Skipped lines by reason, as "reason: count" lines.</summary>
    public string? SkippedReasons { get; set; }

    /// <summary>
    /// The time of the earliest attempt stored with a recipient, in UTC; null until the job completes
    /// or when it stored none. Later uploads compare their attempts with this upload's inside
    /// <see cref="FirstAttemptAt"/> to <see cref="LastAttemptAt"/> only.
    /// </summary>
    public DateTime? FirstAttemptAt { get; set; }

    /// <summary>The time of the latest attempt stored with a recipient, in UTC, as <see cref="FirstAttemptAt"/>.</summary>
    public DateTime? LastAttemptAt { get; set; }

    /// <summary>
    /// Messages whose retries in this upload continue a message that an earlier upload left
    /// deferred; each counts once, here.
    /// </summary>
    public int MessagesContinued { get; set; }

    /// <summary>What went wrong, naming the file, the line and what to fix; null unless the job failed.</summary>
    public string? Error { get; set; }

    /// <summary>
    /// True when the upload failed because the file itself is invalid: empty, corrupt, in an unknown
    /// format or broken at a line. Running the job again cannot succeed, so only a corrected upload can.
    /// The file is deleted when the upload fails this way and no longer counts against the storage quota.
    /// </summary>
    public bool FileRejected { get; set; }

    /// <summary>The Hangfire job id that processes the upload.</summary>
    public string? JobId { get; set; }

    /// <summary>The user who uploaded the file.</summary>
    public string? UploadedBy { get; set; }

    /// <summary>When the file was received; syslog timestamps take their year from it.</summary>
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>When the job started its last run.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the job finished, successfully or not.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Clears the results and timing of the last run, before the upload is read again.</summary>
    public void ClearRun()
    {
        Error = null;
        JobId = null;
        ProgressPercent = 0;
        LinesRead = 0;
        AttemptsStored = 0;
        LinesSkipped = 0;
        SkippedReasons = null;
        FirstAttemptAt = null;
        LastAttemptAt = null;
        MessagesContinued = 0;
        StartedAt = null;
        FinishedAt = null;
    }
}

/// <summary>
/// States of an upload's ingest job.
/// </summary>
public enum UploadStatus
{
    /// <summary>A CSV whose columns staff must map before the job can read it.</summary>
    AwaitingMapping = -1,

    /// <summary>Stored on disk; the job has not started.</summary>
    Queued,

    /// <summary>The job is parsing and storing attempts.</summary>
    Processing,

    /// <summary>All attempts are stored and count in the figures.</summary>
    Completed,

    /// <summary>The job stopped; nothing of the upload counts in the figures.</summary>
    Failed,
}
