using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Admits each delivery attempt of a log or export once per agency. An attempt with the same time,
/// message id, recipient and reply as one that an earlier completed upload stored is skipped. So a
/// log beside a partial re-export of it, or a weekly log after its daily ones, counts every attempt
/// once. The ledger also records the span of the attempts it admits, which later uploads compare against.
/// </summary>
/// <remarks>
/// Only uploads whose span contains an attempt's time are asked, so an upload that overlaps no
/// earlier one costs two comparisons per attempt. An overlapped upload's attempts are loaded once,
/// as 8-byte hashes (about 8 MB per million attempts, <see cref="HashKeySet"/>), the first time one of its span is met.
/// Bounce emails are matched by Message-ID instead (<see cref="BounceEmailLedger"/>).
/// Deleting the upload that stored an attempt queues again the uploads that skipped it, so one of
/// them counts it.
/// A message whose retries continue in a later upload counts once there (<see cref="DeferredOutcomeLedger"/>).
/// An upload that reports failures only, such as an ESP export without a delivery event, stores no
/// rollups. An attempt it stored is admitted again by a later upload, counted in that one's rollups,
/// unless <see cref="LoadAsync"/> compares with such uploads too. The upload job requests that
/// when it runs a failure-only upload again after it admitted such attempts
/// (<see cref="AdmittedOverFailureOnly"/>), so two failure-only uploads store a shared attempt once.
/// </remarks>
internal sealed class StoredAttemptLedger
{
    private readonly TenantDbContextFactory databases;
    private readonly Guid tenantId;
    private readonly Guid uploadId;
    private readonly List<StoredSpan> spans;
    private readonly bool compareFailureOnly;
    private readonly AttemptIdentity identity = new();
    private DateTime earliest = DateTime.MaxValue;
    private DateTime latest = DateTime.MinValue;

    private StoredAttemptLedger(TenantDbContextFactory databases, Guid tenantId, Guid uploadId, List<StoredSpan> spans, bool compareFailureOnly)
    {
        this.databases = databases;
        this.tenantId = tenantId;
        this.uploadId = uploadId;
        this.spans = spans;
        this.compareFailureOnly = compareFailureOnly;
        foreach (var span in spans)
        {
            earliest = span.First < earliest ? span.First : earliest;
            latest = span.Last > latest ? span.Last : latest;
        }
    }

    /// <summary>The time of the earliest admitted attempt with a recipient, in UTC; null when none was admitted.</summary>
    public DateTime? FirstAttemptAt { get; private set; }

    /// <summary>The time of the latest admitted attempt with a recipient, in UTC; null when none was admitted.</summary>
    public DateTime? LastAttemptAt { get; private set; }

    /// <summary>Attempts admitted although an upload that reports failures only had stored them.</summary>
    public long AdmittedOverFailureOnly { get; private set; }

    /// <summary>
    /// Loads the spans of the agency's other completed uploads. With <paramref name="compare"/>
    /// false, as for bounce emails, the ledger only records the span of the upload's attempts. With
    /// <paramref name="compareFailureOnly"/> true, an attempt that an upload reporting failures only
    /// stored is skipped too.
    /// </summary>
    public static async Task<StoredAttemptLedger> LoadAsync(
        BouncePortalDbContext db,
        TenantDbContextFactory databases,
        Upload upload,
        bool compare,
        bool compareFailureOnly,
        CancellationToken cancellationToken)
    {
        var spans = compare ? await CompletedSpans(db, upload.Id).ToListAsync(cancellationToken) : [];
        return new StoredAttemptLedger(databases, upload.TenantId, upload.Id, [.. spans.OrderBy(s => s.First)], compareFailureOnly);
    }

    /// <summary>
    /// Returns true when <paramref name="attempt"/> was not stored by another completed upload. A
    /// skipped attempt is counted in <paramref name="report"/> under
    /// <see cref="SkippedReasonsText.StoredBefore(string, DateTimeOffset)"/> of the upload that stored it.
    /// </summary>
    public bool Admit(DeliveryAttempt attempt, ParseReport report)
    {
        if (!attempt.HasRecipient)
        {
            return true;
        }

        var at = attempt.Timestamp.UtcDateTime;
        if (at >= earliest && at <= latest)
        {
            var key = Key(at, attempt.QueueId, attempt.Recipient, attempt.Reply);
            var storing = FindStoring(at, key, counting: true);
            if (storing is null && FindStoring(at, key, counting: false) is { } failureOnly)
            {
                if (compareFailureOnly)
                {
                    storing = failureOnly;
                }
                else
                {
                    AdmittedOverFailureOnly++;
                }
            }

            if (storing is not null)
            {
                report.Skip(SkippedReasonsText.StoredBefore(storing.FileName, storing.UploadedAt));
                return false;
            }
        }

        FirstAttemptAt = FirstAttemptAt is { } first && first <= at ? first : at;
        LastAttemptAt = LastAttemptAt is { } last && last >= at ? last : at;
        return true;
    }

    /// <summary>
    /// Returns true when an upload of the agency that completed after this ledger was loaded stored
    /// one of the attempts this upload stored, as when two overlapping logs ran at the same moment.
    /// The caller then runs the upload again, which skips those attempts. An upload that stores
    /// rollups (<paramref name="counts"/>) shares attempts with a later failure-only one without conflict.
    /// </summary>
    /// <remarks>
    /// NOTE: two uploads that both pass this check before either is marked completed still count
    /// their shared attempts twice. The window is the time between this check and that save.
    /// </remarks>
    public async Task<bool> AnyStoredElsewhereAsync(BouncePortalDbContext db, bool counts, CancellationToken cancellationToken)
    {
        if (FirstAttemptAt is not { } first || LastAttemptAt is not { } last)
        {
            return false;
        }

        var known = spans.Select(s => s.UploadId).ToHashSet();
        var later = (await CompletedSpans(db, uploadId).ToListAsync(cancellationToken))
            .Where(s => !known.Contains(s.UploadId) && s.First <= last && s.Last >= first && (s.Counts || !counts))
            .ToList();
        if (later.Count == 0)
        {
            return false;
        }

        var keySets = later.ConvertAll(span => span.Keys(this));
        await foreach (var row in StoredRows(db, uploadId).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var key = Key(row.AttemptedAt, row.QueueId, row.Recipient, row.Reply);
            if (keySets.Exists(keys => keys.Contains(key)))
            {
                return true;
            }
        }

        return false;
    }

    private static IQueryable<StoredSpan> CompletedSpans(BouncePortalDbContext db, Guid uploadId)
    {
        var counting = CountingUploads.Of(db).Select(u => u.Id);
        return db.Uploads.AsNoTracking()
            .Where(u => u.Id != uploadId
                && u.Status == UploadStatus.Completed
                && u.DetectedFormat != InputFormat.BounceEmail
                && u.FirstAttemptAt != null
                && u.LastAttemptAt != null)
            .Select(u => new StoredSpan(
                u.Id,
                u.FileName,
                u.UploadedAt,
                u.FirstAttemptAt!.Value,
                u.LastAttemptAt!.Value,
                u.AttemptsStored,
                counting.Contains(u.Id)));
    }

    private static IQueryable<StoredKey> StoredRows(BouncePortalDbContext db, Guid uploadId) =>
        db.Attempts.AsNoTracking()
            .Where(a => a.UploadId == uploadId && a.Recipient != string.Empty)
            .Select(a => new StoredKey(a.AttemptedAt, a.QueueId, a.Recipient, a.Reply));

    /// <summary>Finds the upload that stored the attempt, among those that store rollups or, with <paramref name="counting"/> false, those that do not.</summary>
    private StoredSpan? FindStoring(DateTime at, ulong key, bool counting)
    {
        foreach (var span in spans)
        {
            if (span.First > at)
            {
                break;
            }

            if (span.Counts == counting && at <= span.Last && span.Keys(this).Contains(key))
            {
                return span;
            }
        }

        return null;
    }

    private ulong Key(DateTime at, string? queueId, string recipient, string? reply) => identity.Hash(at, queueId, recipient, reply);

    private HashKeySet LoadKeys(Guid storingUploadId, long attemptsStored)
    {
        // The upload's own connection belongs to the thread that inserts its rows, so the earlier
        // upload's attempts are read on a connection of their own.
        using var db = databases.CreateForTenant(tenantId);
        var keys = new HashKeySet.Builder(attemptsStored);
        foreach (var row in StoredRows(db, storingUploadId).AsEnumerable())
        {
            keys.Add(Key(row.AttemptedAt, row.QueueId, row.Recipient, row.Reply));
        }

        return keys.Build();
    }

    private sealed record StoredKey(DateTime AttemptedAt, string? QueueId, string Recipient, string? Reply);

    /// <summary>An earlier upload's span, with its attempts' keys once they are needed.</summary>
    private sealed class StoredSpan(
        Guid uploadId, string fileName, DateTimeOffset uploadedAt, DateTime first, DateTime last, long attemptsStored, bool counts)
    {
        private HashKeySet? keys;

        /// <summary>True when the upload stored rollups, so its attempts count toward the rates.</summary>
        public bool Counts => counts;

        public Guid UploadId => uploadId;

        public string FileName => fileName;

        public DateTimeOffset UploadedAt => uploadedAt;

        public DateTime First => first;

        public DateTime Last => last;

        public HashKeySet Keys(StoredAttemptLedger ledger) => keys ??= ledger.LoadKeys(uploadId, attemptsStored);
    }
}
