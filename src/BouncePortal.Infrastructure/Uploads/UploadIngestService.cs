using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Parses, classifies and stores one upload. A run first removes whatever an earlier,
/// interrupted run stored, and a failed run removes its own rows, so the figures never count
/// half an upload and the job can run again safely.
/// </summary>
/// <param name="lifetime">
/// The host's lifetime, which distinguishes a shutdown from other cancellations; null where no host runs,
/// as in the benchmarks.
/// </param>
public sealed partial class UploadIngestService(
    TenantDbContextFactory databases,
    UploadStorage storage,
    AttemptStoreFactory attemptStores,
    TimeProvider time,
    ILogger<UploadIngestService> logger,
    IHostApplicationLifetime? lifetime = null)
{
    private const int ProgressEveryAttempts = 20_000;
    private const int MaxRunsAfterConflicts = 3;

    /// <summary>Ingests the upload; does nothing when it is already completed or does not belong to the agency.</summary>
    public async Task IngestAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is null)
        {
            LogUploadNotFound(tenantId, uploadId);
            return;
        }

        // A rejected file was deleted with its failure, and only a corrected upload can succeed.
        if (upload.Status == UploadStatus.Completed || upload is { Status: UploadStatus.Failed, FileRejected: true })
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);

        // With write-ahead logging, NORMAL syncs at checkpoints instead of at every commit and
        // still never corrupts the database. A power cut may lose the last batches, which a rerun restores.
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", cancellationToken);
        }

        await UploadDerivedRows.DeleteAsync(db, uploadId, cancellationToken);
        await StartAsync(db, upload, cancellationToken);

        try
        {
            var ledgerMode = new LedgerMode();
            for (var run = 1; !await ParseAndStoreAsync(db, upload, ledgerMode, cancellationToken); run++)
            {
                if (run == MaxRunsAfterConflicts)
                {
                    throw new InvalidOperationException(
                        $"Other uploads kept storing this upload's bounce emails or attempts, or continuing its deferred messages, first, {run} runs in a row.");
                }

                // Another upload of the agency stored some of the same bounce emails or attempts, or
                // continued the same deferred messages, while this one ran. Starting over skips
                // them, as if that upload had completed first.
                LogCountedElsewhere(tenantId, uploadId, run);
                db.ChangeTracker.Clear();
                upload = await db.Uploads.SingleAsync(u => u.Id == uploadId, cancellationToken);
                await UploadDerivedRows.DeleteAsync(db, uploadId, cancellationToken);
                await StartAsync(db, upload, cancellationToken);
            }
        }
        catch (LogFormatException rejected)
        {
            // The problem quotes the file, which may hold recipient addresses: it goes to the upload, not the log.
            if (rejected.Line is { } line)
            {
                LogUploadRejectedAtLine(tenantId, uploadId, line);
            }
            else
            {
                LogUploadRejected(tenantId, uploadId);
            }
            // A file read with a format chosen by hand against detection may be fine in the
            // detected one, so it is kept for reading again.
            await FailAsync(db, upload, rejected.Message, fileRejected: !UploadInspector.DisagreesWithDetection(upload.FormatReason));
        }
        catch (Exception unexpected) when (unexpected is not OperationCanceledException)
        {
            LogUploadFailed(unexpected, tenantId, uploadId);
            await FailAsync(db, upload, $"Processing {upload.FileName} failed unexpectedly. The job will retry; if it keeps failing, upload the file again.", fileRejected: false);
            throw;
        }
        catch (OperationCanceledException) when (lifetime?.ApplicationStopping.IsCancellationRequested == true)
        {
            // Deleting a large upload's rows can outlast the host's shutdown timeout. Hangfire queues
            // the job again, and its next run starts by deleting them, so the rows wait for it.
            LogUploadInterrupted(tenantId, uploadId);
            await RequeueAsync(db, upload);
            throw;
        }
        catch (OperationCanceledException)
        {
            await FailAsync(db, upload, $"Processing {upload.FileName} was cancelled. Run it again from the uploads page.", fileRejected: false);
            throw;
        }
    }

    /// <summary>
    /// Parses, classifies and stores the upload and marks it completed. Returns false when another
    /// upload of the agency completed first with some of the same bounce emails or attempts. The upload is then
    /// not marked, and its stored rows wait for the caller to delete them.
    /// </summary>
    private async Task<bool> ParseAndStoreAsync(BouncePortalDbContext db, Upload upload, LedgerMode ledgerMode, CancellationToken cancellationToken)
    {
        await using var file = storage.OpenRead(upload.TenantId, upload.Id);
        var reading = BounceSourceReader.Open(file, upload.FileName, new BounceSourceOptions
        {
            Format = upload.RequestedFormat,
            UploadedAt = upload.UploadedAt,
            CsvMapping = CsvMappingJson.Read(upload.CsvMappingJson),
        });
        await RecordFormatAsync(db, upload, reading.Detection, cancellationToken);

        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == upload.TenantId, cancellationToken);
        var rule = new PersistentSoftBounceRule(agency.PersistentSoftMaxAttempts, TimeSpan.FromHours(agency.PersistentSoftMaxHours));
        var rollups = new RollupAccumulator();
        var diagnoses = new DiagnosisEngine();
        var emails = reading.Detection.Format == InputFormat.BounceEmail
            ? await BounceEmailLedger.LoadAsync(db, upload.Id, cancellationToken)
            : null;
        var stored = await StoredAttemptLedger.LoadAsync(
            db, databases, upload, compare: emails is null, ledgerMode.CompareFailureOnly, cancellationToken);
        var deferred = await DeferredOutcomeLedger.LoadAsync(db, upload.Id, enabled: emails is null, cancellationToken);
        var tracker = new RecipientOutcomeTracker(rule) { FindContinued = deferred.Find };
        await using var writer = attemptStores.Create(db, upload.TenantId, upload.Id);
        var report = reading.Report;
        report.MessageCompleted += tracker.CompleteMessage;
        var collector = new AllocationCollector();

        try
        {
            foreach (var attempt in reading.Attempts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                collector.Tick();
                if ((emails is not null && !emails.Admit(attempt, report)) || !stored.Admit(attempt, report))
                {
                    continue;
                }

                var classified = ClassifiedAttempt.From(attempt, rule);
                tracker.Add(classified);
                diagnoses.Add(classified);
                writer.Add(classified);

                if (writer.AttemptsWritten % ProgressEveryAttempts == 0)
                {
                    writer.AddOutcomes(Counted(tracker.TakeCompleted(), rollups, diagnoses));
                    var progress = UploadProgress.Read(report, file);
                    writer.AfterWrites(() => ReportProgress(db, upload.Id, progress));
                }
            }
        }
        catch (LogFormatException)
        {
            // The failed upload keeps how far the parser read, so its counts agree with the line
            // that the error names. Its attempts are deleted, so none count as stored.
            upload.LinesRead = report.LinesRead;
            upload.LinesSkipped = report.LinesSkipped;
            upload.SkippedReasons = SkippedReasonsText.Format(report, upload.FileName, ReadCounts.PositionNoun(upload.DetectedFormat));
            throw;
        }

        writer.AddOutcomes(Counted(tracker.TakeCompleted(), rollups, diagnoses));
        writer.AddOutcomes(Counted(tracker.Outcomes, rollups, diagnoses));
        var failureOnly = ReportsFailuresOnly(reading.Detection.Format, rollups);
        if (!failureOnly)
        {
            writer.AddRollups(rollups.ToRollups(upload.TenantId, upload.Id));
        }

        await writer.CompleteAsync();

        // An upload that counts takes over the attempts a failure-only upload stored, but one that
        // reports failures only as well would store them a second time, so it runs again and skips them.
        if (failureOnly && stored.AdmittedOverFailureOnly > 0)
        {
            ledgerMode.CompareFailureOnly = true;
            return false;
        }

        if (await stored.AnyStoredElsewhereAsync(db, counts: !failureOnly, cancellationToken))
        {
            ledgerMode.CompareFailureOnly |= failureOnly;
            return false;
        }

        var createdOn = await db.SendingMailboxes.AsNoTracking().ToDictionaryAsync(m => m.Address, m => m.CreatedOn, cancellationToken);
        db.Diagnoses.AddRange(diagnoses.DiagnoseAddedOutcomes(createdOn).Select(d => StoredDiagnosis.From(d, upload.TenantId, upload.Id)));
        if (emails is not null)
        {
            db.ImportedBounceEmails.AddRange(emails.Admitted.Select(hash =>
                new ImportedBounceEmail { TenantId = upload.TenantId, UploadId = upload.Id, MessageIdHash = hash }));
        }

        upload.Status = UploadStatus.Completed;
        upload.ProgressPercent = 100;
        upload.LinesRead = report.LinesRead;
        upload.AttemptsStored = writer.AttemptsWritten;
        upload.LinesSkipped = report.LinesSkipped;
        upload.SkippedReasons = SkippedReasonsText.Format(report, upload.FileName, ReadCounts.PositionNoun(upload.DetectedFormat));
        upload.FirstAttemptAt = stored.FirstAttemptAt;
        upload.LastAttemptAt = stored.LastAttemptAt;
        upload.MessagesContinued = deferred.Continued;
        upload.FinishedAt = time.GetUtcNow();
        // Marking the continued outcomes and completing the upload commit together. Without any,
        // the save is its own transaction.
        await using var transaction = deferred.Continued > 0 ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (transaction is not null && !await deferred.MarkSupersededAsync(db, upload.Id, cancellationToken))
        {
            // Another upload continued one of the same deferred messages, or its upload was
            // deleted, after this one loaded them. Running again continues what is left.
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateException saveFailed) when (emails is not null && DatabaseErrors.IsUniqueViolation(saveFailed))
        {
            // The unique index on the agency's Message-IDs rejects an email that another upload
            // counted after this one loaded the ledger. Any other failure is raised.
            if (await emails.AnyCountedElsewhereAsync(db, upload.Id, cancellationToken))
            {
                return false;
            }

            throw;
        }

        LogUploadCompleted(upload.TenantId, upload.Id, upload.LinesRead, upload.AttemptsStored);
        return true;
    }

    private async Task StartAsync(BouncePortalDbContext db, Upload upload, CancellationToken cancellationToken)
    {
        upload.Status = UploadStatus.Processing;
        upload.StartedAt = time.GetUtcNow();
        upload.FinishedAt = null;
        upload.Error = null;
        upload.FileRejected = false;
        upload.ProgressPercent = 0;
        upload.LinesRead = 0;
        upload.AttemptsStored = 0;
        upload.LinesSkipped = 0;
        upload.SkippedReasons = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task RecordFormatAsync(
        BouncePortalDbContext db, Upload upload, FormatDetection detection, CancellationToken cancellationToken)
    {
        // Inspection at upload time already recorded the detection, and a confirmed column mapping
        // appended to its reason. Confirming a mapping also requests the format for this run, so
        // recording again would replace a 70% detection with "format chosen by the user".
        if (upload.DetectedFormat == detection.Format && upload.FormatConfidence is not null)
        {
            return;
        }

        upload.DetectedFormat = detection.Format;
        upload.FormatConfidence = detection.Confidence;
        upload.FormatReason = detection.Reason;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Stores the progress read earlier; runs on the store's thread, which owns the connection until the store completes.</summary>
    private static void ReportProgress(BouncePortalDbContext db, Guid uploadId, UploadProgress progress) =>
        db.Uploads
            .Where(u => u.Id == uploadId)
            .ExecuteUpdate(set => set
                .SetProperty(u => u.ProgressPercent, progress.Percent)
                .SetProperty(u => u.LinesRead, progress.LinesRead)
                .SetProperty(u => u.AttemptsStored, progress.AttemptsFound)
                .SetProperty(u => u.LinesSkipped, progress.LinesSkipped));

    /// <summary>How far the parser has read, taken on the parsing thread.</summary>
    private readonly record struct UploadProgress(double Percent, long LinesRead, long AttemptsFound, long LinesSkipped)
    {
        public static UploadProgress Read(ParseReport report, FileStream file) => new(
            file.Length == 0 ? 0 : Math.Min(99.0, 100.0 * file.Position / file.Length),
            report.LinesRead,
            report.AttemptsFound,
            report.LinesSkipped);
    }

    private async Task FailAsync(BouncePortalDbContext db, Upload upload, string error, bool fileRejected)
    {
        // The cleanup must finish even when the job's token was cancelled. Rows that a failed save
        // left pending are dropped with the upload's stored ones.
        db.ChangeTracker.Clear();
        await UploadDerivedRows.DeleteAsync(db, upload.Id, CancellationToken.None);

        upload.Status = UploadStatus.Failed;
        upload.Error = error;
        upload.FileRejected = fileRejected;
        upload.AttemptsStored = 0;
        upload.FinishedAt = time.GetUtcNow();
        db.Entry(upload).State = EntityState.Modified;
        await db.SaveChangesAsync(CancellationToken.None);
        if (fileRejected)
        {
            // Only a corrected file can succeed, so the invalid one is not kept against the quota.
            storage.Delete(upload.TenantId, upload.Id);
        }
    }

    /// <summary>Marks the upload queued again, keeping its rows for the next run to delete.</summary>
    private static async Task RequeueAsync(BouncePortalDbContext db, Upload upload)
    {
        upload.Status = UploadStatus.Queued;
        upload.ProgressPercent = 0;
        db.Entry(upload).State = EntityState.Modified;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// Returns true for an upload that reports failures only (see <see cref="FailureOnlySources"/>).
    /// Such an upload stores no rollups, and its outcomes still reach Attempts, the suppression list
    /// and the diagnoses.
    /// </summary>
    /// <remarks>
    /// NOTE: when such an upload continues a message that an earlier upload left deferred, the
    /// earlier upload's figures keep counting it as deferred.
    /// </remarks>
    private static bool ReportsFailuresOnly(InputFormat format, RollupAccumulator rollups) =>
        FailureOnlySources.ReportsFailuresOnly(format, rollups.Delivered);

    private static IEnumerable<RecipientOutcome> Counted(IEnumerable<RecipientOutcome> outcomes, RollupAccumulator rollups, DiagnosisEngine diagnoses)
    {
        foreach (var outcome in outcomes)
        {
            rollups.Add(outcome);
            diagnoses.AddOutcome(outcome);
            yield return outcome;
        }
    }

    /// <summary>
    /// How the next run of an upload compares its attempts with earlier uploads. It starts by
    /// admitting the attempts of uploads that report failures only, and skips them from a rerun on.
    /// </summary>
    private sealed class LedgerMode
    {
        public bool CompareFailureOnly { get; set; }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Upload {UploadId} of agency {TenantId} was not found; nothing to ingest")]
    private partial void LogUploadNotFound(Guid tenantId, Guid uploadId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Upload {UploadId} of agency {TenantId} was rejected at line {Line}; the reason is stored with the upload")]
    private partial void LogUploadRejectedAtLine(Guid tenantId, Guid uploadId, long line);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Upload {UploadId} of agency {TenantId} was rejected; the reason is stored with the upload")]
    private partial void LogUploadRejected(Guid tenantId, Guid uploadId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Upload {UploadId} of agency {TenantId} failed")]
    private partial void LogUploadFailed(Exception exception, Guid tenantId, Guid uploadId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Upload {UploadId} of agency {TenantId} was interrupted by a shutdown; its job runs again when the portal starts")]
    private partial void LogUploadInterrupted(Guid tenantId, Guid uploadId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Upload {UploadId} of agency {TenantId} runs again: another upload stored some of its bounce emails or attempts, or continued some of its deferred messages, first (run {Run})")]
    private partial void LogCountedElsewhere(Guid tenantId, Guid uploadId, int run);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Upload {UploadId} of agency {TenantId} completed: {LinesRead} lines read, {AttemptsStored} attempts stored")]
    private partial void LogUploadCompleted(Guid tenantId, Guid uploadId, long linesRead, long attemptsStored);
}
