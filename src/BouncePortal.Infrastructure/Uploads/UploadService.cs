using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Email;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Sequencer;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Receives uploaded files for an agency and queues their ingest job.
/// </summary>
public sealed partial class UploadService(
    TenantDbContextFactory databases,
    UploadStorage storage,
    IBackgroundJobClient jobs,
    IAuditLog audit,
    TimeProvider time,
    IOptions<BouncePortalOptions> options,
    ILogger<UploadService> logger)
{
    /// <summary>
    /// Streams <paramref name="content"/> to the agency's folder, records the upload, detects its
    /// format and queues the job; a CSV that no preset or saved mapping fits waits for staff to map
    /// its columns, and a file of no known format is recorded as failed with the reason. Nothing is
    /// recorded when the stream fails or passes the size limit or the agency's storage quota, or
    /// when the content is identical to one of the agency's uploads (<see cref="DuplicateUploadException"/>).
    /// </summary>
    public async Task<Upload> CreateAsync(
        Guid tenantId,
        string fileName,
        string? uploadedBy,
        Stream content,
        IProgress<long>? progress,
        CancellationToken cancellationToken,
        InputFormat? requestedFormat = null)
    {
        var usage = await GetStorageUsageAsync(tenantId, cancellationToken);
        if (usage.RemainingBytes == 0)
        {
            throw new StorageQuotaExceededException(usage, 0);
        }

        var uploadId = Guid.NewGuid();
        var stored = await storage.SaveAsync(tenantId, uploadId, content, progress, cancellationToken, usage);
        var contentSha256 = await ContentSha256Async(tenantId, uploadId, fileName, stored);

        await using var db = databases.CreateForTenant(tenantId);
        await RejectDuplicateAsync(db, tenantId, uploadId, contentSha256, cancellationToken);
        var upload = new Upload
        {
            Id = uploadId,
            TenantId = tenantId,
            FileName = Path.GetFileName(fileName),
            ContentSha256 = contentSha256,
            SizeBytes = stored.SizeBytes,
            Status = UploadStatus.Queued,
            UploadedAt = time.GetUtcNow(),
            UploadedBy = uploadedBy,
            RequestedFormat = requestedFormat,
        };
        db.Uploads.Add(upload);
        await InspectAsync(db, upload, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index caught the same file uploaded at the same moment by another request.
            db.Entry(upload).State = EntityState.Detached;
            await RejectDuplicateAsync(db, tenantId, uploadId, contentSha256, cancellationToken);
            storage.Delete(tenantId, uploadId);
            throw;
        }

        await QueueOrDiscardAsync(db, upload, cancellationToken);

        await audit.RecordAsync(
            new AuditRecord(tenantId, AuditActions.Upload, $"Uploaded {upload.FileName} ({upload.SizeBytes:N0} bytes, upload {upload.Id})"),
            cancellationToken);
        return upload;
    }

    /// <summary>
    /// The size of the agency's stored uploads against its quota: the agency's own quota when set,
    /// otherwise <c>BouncePortal:StorageQuotaMegabytes</c>.
    /// </summary>
    public async Task<StorageUsage> GetStorageUsageAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var agencyQuota = await db.Agencies.Where(a => a.Id == tenantId).Select(a => a.StorageQuotaMegabytes).SingleOrDefaultAsync(cancellationToken);
        var used = await db.Uploads.Where(u => !u.FileRejected).SumAsync(u => u.SizeBytes, cancellationToken);
        var allowedMegabytes = agencyQuota ?? options.Value.StorageQuotaMegabytes;
        return new StorageUsage(used, allowedMegabytes * 1024L * 1024L);
    }

    /// <summary>
    /// Reads the header row and first rows of an upload waiting for its column mapping, with a
    /// suggested mapping: the upload's own or the agency's saved mapping for the same header row,
    /// with the date order that the file's dates show, or else one from the header and values. Returns null when the upload is not this agency's or waits for no mapping,
    /// and throws <see cref="StoredUploadMissingException"/> when its stored file is missing.
    /// </summary>
    public async Task<CsvMappingProposal?> GetMappingProposalAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var upload = await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is not { Status: UploadStatus.AwaitingMapping })
        {
            return null;
        }

        var preview = PreviewStoredCsv(upload);
        var signature = UploadInspector.HeaderSignature(preview.Headers);
        // An upload sent back to the mapping step keeps the mapping it was read with.
        var saved = upload.CsvMappingJson
            ?? await db.CsvMappingPresets.AsNoTracking().Where(p => p.HeaderSignature == signature).Select(p => p.MappingJson).SingleOrDefaultAsync(cancellationToken);
        if (CsvMappingJson.Read(saved) is { } savedMapping)
        {
            // An upload with a saved mapping waits for confirmation when its dates show the other
            // date order, when another upload saved the mapping after this one arrived, or when
            // staff sent it back to the mapping step.
            var order = preview.DetectDateOrder(savedMapping.TimestampColumn) switch
            {
                DateOrderEvidence.DayFirst => DateOrder.DayFirst,
                DateOrderEvidence.MonthFirst => DateOrder.MonthFirst,
                _ => savedMapping.DateOrder,
            };
            return new CsvMappingProposal(preview, savedMapping with { DateOrder = order });
        }

        var suggested = CsvHeaderSynonyms.Suggest(preview)
            ?? new CsvColumnMapping { RecipientColumn = preview.Headers[0], BouncedValues = CsvHeaderSynonyms.BouncedValues, DeliveredValues = CsvHeaderSynonyms.DeliveredValues };
        return new CsvMappingProposal(preview, suggested);
    }

    /// <summary>
    /// Confirms the column mapping of an upload waiting for one, saves it for the agency's next
    /// upload with the same header row, and queues the job. Returns the problem, or null on success;
    /// a missing stored file is a problem too.
    /// </summary>
    public async Task<string?> ConfirmMappingAsync(Guid tenantId, Guid uploadId, CsvColumnMapping mapping, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is not { Status: UploadStatus.AwaitingMapping })
        {
            return "The upload was not found or does not wait for a column mapping.";
        }

        IReadOnlyList<string> headers;
        try
        {
            headers = PreviewStoredCsv(upload).Headers;
        }
        catch (StoredUploadMissingException missing)
        {
            return missing.Message;
        }

        if (ValidateMapping(mapping, headers) is { } problem)
        {
            return problem;
        }

        var signature = UploadInspector.HeaderSignature(headers);
        var json = CsvMappingJson.Write(mapping);
        var preset = await db.CsvMappingPresets.SingleOrDefaultAsync(p => p.HeaderSignature == signature, cancellationToken);
        if (preset is null)
        {
            db.CsvMappingPresets.Add(new CsvMappingPreset { Id = Guid.NewGuid(), HeaderSignature = signature, MappingJson = json, UpdatedAt = time.GetUtcNow() });
        }
        else
        {
            preset.MappingJson = json;
            preset.UpdatedAt = time.GetUtcNow();
        }

        upload.CsvMappingJson = json;
        upload.RequestedFormat = InputFormat.SequencerCsv;
        upload.FormatReason = MappingDone(upload.FormatReason, "the user confirmed the column mapping");
        upload.Status = UploadStatus.Queued;
        await db.SaveChangesAsync(cancellationToken);

        upload.JobId = Enqueue(tenantId, uploadId);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Sends a finished CSV upload that was read through a column mapping back to the mapping step,
    /// so staff can correct the mapping, such as its date order, and run it again. Its attempts and
    /// figures are deleted until then. Returns false when the upload is not this agency's, has no
    /// column mapping (a preset or another format read it), or is not completed or failed on a
    /// fixable error.
    /// </summary>
    public async Task<bool> RemapAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is null || !CanRemap(upload))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UploadDerivedRows.DeleteAsync(db, uploadId, cancellationToken);
        upload.Status = UploadStatus.AwaitingMapping;
        upload.FormatReason = MappingDone(upload.FormatReason, "confirm the column mapping");
        upload.ClearRun();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Returns true when <see cref="RemapAsync"/> accepts the upload: a CSV read through a column mapping, completed or failed on a fixable error.</summary>
    public static bool CanRemap(Upload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);

        var finished = upload.Status == UploadStatus.Completed || upload is { Status: UploadStatus.Failed, FileRejected: false };
        return upload.CsvMappingJson is not null && finished;
    }

    /// <summary>
    /// Reads a finished upload again with the format that automatic detection finds, for an upload
    /// whose format was chosen by hand against detection. Its attempts and figures are deleted and
    /// the job queued, or the upload waits for a column mapping when detection finds a CSV export.
    /// Returns false when the upload is not this agency's, is not finished, was read as detected,
    /// or its stored file is missing.
    /// </summary>
    public async Task<bool> RedetectAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is null || !CanRedetect(upload) || !File.Exists(storage.GetPath(tenantId, uploadId)))
        {
            return false;
        }

        var continuing = await ContinuingUploadsAsync(db, uploadId, cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await UploadDerivedRows.DeleteAsync(db, uploadId, cancellationToken);
            upload.Status = UploadStatus.Queued;
            upload.RequestedFormat = null;
            upload.CsvMappingJson = null;
            upload.ClearRun();
            await InspectAsync(db, upload, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await QueueOrDiscardAsync(db, upload, cancellationToken);
        await RerunCompletedAsync(db, tenantId, continuing, cancellationToken);
        return true;
    }

    /// <summary>Queues the job of an inspected upload that is ready to run, or deletes the file of one rejected at inspection.</summary>
    private async Task QueueOrDiscardAsync(BouncePortalDbContext db, Upload upload, CancellationToken cancellationToken)
    {
        if (upload.Status == UploadStatus.Queued)
        {
            upload.JobId = Enqueue(upload.TenantId, upload.Id);
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (upload.FileRejected)
        {
            // Only a corrected file can succeed, so the invalid one is not kept against the quota.
            storage.Delete(upload.TenantId, upload.Id);
        }
    }

    /// <summary>Returns true when <see cref="RedetectAsync"/> accepts the upload: finished, with a format chosen by hand that detection contradicts.</summary>
    public static bool CanRedetect(Upload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);

        var finished = upload.Status == UploadStatus.Completed || upload is { Status: UploadStatus.Failed, FileRejected: false };
        return finished && UploadInspector.DisagreesWithDetection(upload.FormatReason);
    }

    /// <summary>
    /// Deletes an upload with its stored file and everything derived from it (attempts, outcomes,
    /// rollups), so the figures no longer count it. Returns false when the upload is not this
    /// agency's or its job is running.
    /// </summary>
    public async Task<bool> DeleteAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is null || upload.Status == UploadStatus.Processing)
        {
            return false;
        }

        var countedEmails = await db.ImportedBounceEmails.AnyAsync(e => e.UploadId == uploadId, cancellationToken);
        var continuing = await ContinuingUploadsAsync(db, uploadId, cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await UploadDerivedRows.DeleteAsync(db, uploadId, cancellationToken);
            db.Uploads.Remove(upload);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        storage.Delete(tenantId, uploadId);
        if (countedEmails)
        {
            await RerunSkippingUploadsAsync(db, tenantId, EmailSkipReasons.AlreadyImported, cancellationToken);
        }
        else if (upload is { Status: UploadStatus.Completed, AttemptsStored: > 0 })
        {
            await RerunSkippingUploadsAsync(db, tenantId, SkippedReasonsText.StoredBefore(upload.FileName, upload.UploadedAt) + ":", cancellationToken);
        }

        // Those uploads started the deleted upload's deferred messages from its attempts. Read
        // again, they count only their own attempts.
        await RerunCompletedAsync(db, tenantId, continuing, cancellationToken);

        await audit.RecordAsync(
            new AuditRecord(tenantId, AuditActions.Deletion, $"Deleted upload {upload.FileName} (upload {upload.Id}) and its attempts and figures"),
            CancellationToken.None);
        return true;
    }

    /// <summary>
    /// Queues again the completed uploads whose skip reasons contain <paramref name="reason"/>: those
    /// that skipped bounce emails as imported before, or attempts as stored by the deleted upload.
    /// Each run reads its file anew and counts what no remaining upload counts. An upload whose
    /// stored file is missing stays as it is.
    /// </summary>
    private Task RerunSkippingUploadsAsync(BouncePortalDbContext db, Guid tenantId, string reason, CancellationToken cancellationToken) =>
        RerunAsync(
            db,
            tenantId,
            db.Uploads.Where(u => u.Status == UploadStatus.Completed && u.SkippedReasons != null && u.SkippedReasons.Contains(reason)),
            cancellationToken);

    /// <summary>
    /// Queues again the agency's completed logs that retry messages which the completed upload
    /// <paramref name="uploadId"/> left deferred, so each continues them. Does nothing for an
    /// upload that is not completed.
    /// </summary>
    public async Task RerunRetryingUploadsAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        if (!await db.Uploads.AnyAsync(u => u.Id == uploadId && u.Status == UploadStatus.Completed, cancellationToken))
        {
            return;
        }

        var retrying = await DeferredOutcomeLedger.FindRetryingUploadsAsync(db, uploadId, cancellationToken);
        await RerunCompletedAsync(db, tenantId, retrying, cancellationToken);
    }

    /// <summary>
    /// Returns the uploads that continued messages the upload <paramref name="uploadId"/> left
    /// deferred, unless it is completed, when its job changes nothing. A run deletes and stores its
    /// outcomes anew, so those uploads need reading again after it.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ContinuingUploadsAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        if (await db.Uploads.AnyAsync(u => u.Id == uploadId && u.Status == UploadStatus.Completed, cancellationToken))
        {
            return [];
        }

        return await ContinuingUploadsAsync(db, uploadId, cancellationToken);
    }

    /// <summary>Queues again those of <paramref name="uploadIds"/> that are completed.</summary>
    public async Task RerunCompletedAsync(Guid tenantId, IReadOnlyList<Guid> uploadIds, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        await RerunCompletedAsync(db, tenantId, uploadIds, cancellationToken);
    }

    private static Task<List<Guid>> ContinuingUploadsAsync(BouncePortalDbContext db, Guid uploadId, CancellationToken cancellationToken) =>
        db.RecipientOutcomes
            .Where(o => o.UploadId == uploadId && o.SupersededByUploadId != null)
            .Select(o => o.SupersededByUploadId!.Value)
            .Distinct()
            .ToListAsync(cancellationToken);

    private Task RerunCompletedAsync(BouncePortalDbContext db, Guid tenantId, IReadOnlyList<Guid> uploadIds, CancellationToken cancellationToken) =>
        uploadIds.Count == 0
            ? Task.CompletedTask
            : RerunAsync(db, tenantId, db.Uploads.Where(u => u.Status == UploadStatus.Completed && uploadIds.Contains(u.Id)), cancellationToken);

    /// <summary>Queues <paramref name="uploads"/> again, except those whose stored file is missing.</summary>
    private async Task RerunAsync(BouncePortalDbContext db, Guid tenantId, IQueryable<Upload> uploads, CancellationToken cancellationToken)
    {
        var rerun = await uploads.ToListAsync(cancellationToken);
        foreach (var upload in rerun.Where(u => File.Exists(storage.GetPath(tenantId, u.Id))))
        {
            upload.Status = UploadStatus.Queued;
            upload.ClearRun();
            await db.SaveChangesAsync(cancellationToken);
            upload.JobId = Enqueue(tenantId, upload.Id);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Throws <see cref="DuplicateUploadException"/>, after deleting the newly stored file, when
    /// the agency already has an upload with the SHA-256 <paramref name="sha256"/>. An earlier
    /// upload that failed stored no figures, so it is deleted and the new one replaces it, as when
    /// staff upload the file again with its format chosen by hand.
    /// </summary>
    /// <remarks>
    /// A zip or mbox is hashed as received, so the same bounce emails in another container pass this
    /// check. The job then skips each email whose Message-ID an earlier upload brought in.
    /// </remarks>
    private async Task RejectDuplicateAsync(BouncePortalDbContext db, Guid tenantId, Guid uploadId, string sha256, CancellationToken cancellationToken)
    {
        var earlier = await db.Uploads.AsNoTracking()
            .Where(u => u.ContentSha256 == sha256 && u.Id != uploadId)
            .Select(u => new { u.Id, u.FileName, u.UploadedAt, u.Status })
            .FirstOrDefaultAsync(cancellationToken);
        if (earlier is null)
        {
            return;
        }

        if (earlier.Status == UploadStatus.Failed && await DeleteAsync(tenantId, earlier.Id, cancellationToken))
        {
            return;
        }

        storage.Delete(tenantId, uploadId);
        throw new DuplicateUploadException(earlier.Id, earlier.FileName, earlier.UploadedAt);
    }

    /// <summary>
    /// Returns the hash that identifies the upload's content: of the decompressed bytes for a gzip
    /// file, else of the bytes as received. A gzip file is read through once more for it.
    /// </summary>
    private async Task<string> ContentSha256Async(Guid tenantId, Guid uploadId, string fileName, StoredFile stored)
    {
        await using var file = storage.OpenRead(tenantId, uploadId);
        return await Task.Run(() => BounceSourceReader.GzipContentSha256(file, Path.GetFileName(fileName), new BounceSourceOptions()))
            ?? stored.Sha256;
    }

    /// <summary>
    /// Reads the CSV preview of a stored upload. Throws <see cref="StoredUploadMissingException"/>,
    /// after logging it, when the file is not in the data folder, as when several portal instances
    /// do not share that folder.
    /// </summary>
    private CsvPreview PreviewStoredCsv(Upload upload)
    {
        var path = storage.GetPath(upload.TenantId, upload.Id);
        try
        {
            return UploadInspector.PreviewCsv(path, upload.FileName);
        }
        catch (Exception missing) when (missing is FileNotFoundException or DirectoryNotFoundException)
        {
            LogStoredFileMissing(upload.TenantId, upload.Id, path);
            throw new StoredUploadMissingException(upload.FileName, missing);
        }
    }

    /// <summary>Replaces the detection's request to confirm the column mapping with how the mapping was settled.</summary>
    private static string MappingDone(string? reason, string settled)
    {
        const string request = "; confirm the column mapping";
        var detected = reason ?? string.Empty;
        return (detected.EndsWith(request, StringComparison.Ordinal) ? detected[..^request.Length] : detected) + "; " + settled;
    }

    private async Task InspectAsync(BouncePortalDbContext db, Upload upload, CancellationToken cancellationToken)
    {
        var path = storage.GetPath(upload.TenantId, upload.Id);
        try
        {
            var detection = UploadInspector.DetectFormat(path, upload.FileName, upload.RequestedFormat);
            upload.DetectedFormat = detection.Format;
            upload.FormatConfidence = detection.Confidence;
            upload.FormatReason = detection.Reason;
            if (detection.Format != InputFormat.SequencerCsv)
            {
                return;
            }

            var preview = UploadInspector.PreviewCsv(path, upload.FileName);
            var headers = preview.Headers;
            if (SequencerPresets.Match(headers) is not null)
            {
                return;
            }

            var signature = UploadInspector.HeaderSignature(headers);
            var saved = await db.CsvMappingPresets.AsNoTracking().SingleOrDefaultAsync(p => p.HeaderSignature == signature, cancellationToken);
            if (saved is not null && ContradictsDateOrder(CsvMappingJson.Read(saved.MappingJson), preview))
            {
                // Staff confirm the mapping again rather than lose the rows whose dates do not fit.
                upload.FormatReason = MappingDone(upload.FormatReason, "the dates do not fit the date order of the saved column mapping; confirm the column mapping");
            }
            else if (saved is not null)
            {
                upload.CsvMappingJson = saved.MappingJson;
                upload.FormatReason = MappingDone(upload.FormatReason, "columns mapped as confirmed for an earlier upload");
                return;
            }

            upload.Status = UploadStatus.AwaitingMapping;
        }
        catch (LogFormatException rejected)
        {
            upload.Status = UploadStatus.Failed;
            upload.Error = rejected.Message;
            upload.FileRejected = true;
            upload.FinishedAt = time.GetUtcNow();
        }
    }

    /// <summary>Returns true when the preview's time values show the other date order than <paramref name="mapping"/> has.</summary>
    private static bool ContradictsDateOrder(CsvColumnMapping? mapping, CsvPreview preview)
    {
        if (mapping is null)
        {
            return false;
        }

        var evidence = preview.DetectDateOrder(mapping.TimestampColumn);
        return mapping.DateOrder == DateOrder.MonthFirst
            ? evidence is DateOrderEvidence.DayFirst or DateOrderEvidence.Conflicting
            : evidence is DateOrderEvidence.MonthFirst or DateOrderEvidence.Conflicting;
    }

    private static string? ValidateMapping(CsvColumnMapping mapping, IReadOnlyList<string> headers)
    {
        var known = new HashSet<string>(headers, StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(mapping.RecipientColumn) || !known.Contains(mapping.RecipientColumn))
        {
            return "Choose the column that holds the recipient address.";
        }

        var optional = new[] { mapping.SenderColumn, mapping.CampaignColumn, mapping.StatusColumn, mapping.ReasonColumn, mapping.TimestampColumn };
        if (optional.FirstOrDefault(column => column is not null && !known.Contains(column)) is { } unknown)
        {
            return $"The file has no column named '{unknown}'.";
        }

        if (mapping.StatusColumn is not null && mapping.BouncedValues.Count == 0)
        {
            return "List the status values that mean the message bounced, such as bounced or BLOCKED.";
        }

        return null;
    }

    /// <summary>
    /// Queues a failed upload's job again. Returns false when the upload is not this agency's, has not
    /// failed, or failed on an invalid file, which only a corrected upload can fix.
    /// </summary>
    public async Task<bool> RetryAsync(Guid tenantId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is not { Status: UploadStatus.Failed, FileRejected: false })
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

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "The stored file {Path} of upload {UploadId} of agency {TenantId} is missing")]
    private partial void LogStoredFileMissing(Guid tenantId, Guid uploadId, string path);
}

/// <summary>
/// What staff see in the column-mapping step: the file's first rows and a suggested mapping.
/// </summary>
/// <param name="Preview">The header row and first rows.</param>
/// <param name="Suggested">The mapping pre-filled from header synonyms, and from the columns' values where no synonym matches.</param>
public sealed record CsvMappingProposal(CsvPreview Preview, CsvColumnMapping Suggested);
