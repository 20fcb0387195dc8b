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
/// NOTE: an attempt that an ESP export without a delivery event stored is skipped by a later export
/// of the same events with deliveries, so it counts toward no rate, because the earlier export stored no rollups.
/// </remarks>
internal sealed class StoredAttemptLedger
{
    private readonly TenantDbContextFactory databases;
    private readonly Guid tenantId;
    private readonly Guid uploadId;
    private readonly List<StoredSpan> spans;
    private readonly AttemptIdentity identity = new();
    private DateTime earliest = DateTime.MaxValue;
    private DateTime latest = DateTime.MinValue;

    private StoredAttemptLedger(TenantDbContextFactory databases, Guid tenantId, Guid uploadId, List<StoredSpan> spans)
    {
        this.databases = databases;
        this.tenantId = tenantId;
        this.uploadId = uploadId;
        this.spans = spans;
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

    /// <summary>
    /// Loads the spans of the agency's other completed uploads. With <paramref name="compare"/>
    /// false, as for bounce emails, the ledger only records the span of the upload's attempts.
    /// </summary>
    public static async Task<StoredAttemptLedger> LoadAsync(
        BouncePortalDbContext db, TenantDbContextFactory databases, Upload upload, bool compare, CancellationToken cancellationToken)
    {
        var spans = compare ? await CompletedSpans(db, upload.Id).ToListAsync(cancellationToken) : [];
        return new StoredAttemptLedger(databases, upload.TenantId, upload.Id, [.. spans.OrderBy(s => s.First)]);
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
        if (at >= earliest && at <= latest && FindStoring(at, Key(at, attempt.QueueId, attempt.Recipient, attempt.Reply)) is { } storing)
        {
            report.Skip(SkippedReasonsText.StoredBefore(storing.FileName, storing.UploadedAt));
            return false;
        }

        FirstAttemptAt = FirstAttemptAt is { } first && first <= at ? first : at;
        LastAttemptAt = LastAttemptAt is { } last && last >= at ? last : at;
        return true;
    }

    /// <summary>
    /// Returns true when an upload of the agency that completed after this ledger was loaded stored
    /// one of the attempts this upload stored, as when two overlapping logs ran at the same moment.
    /// The caller then runs the upload again, which skips those attempts.
    /// </summary>
    /// <remarks>
    /// NOTE: two uploads that both pass this check before either is marked completed still count
    /// their shared attempts twice. The window is the time between this check and that save.
    /// </remarks>
    public async Task<bool> AnyStoredElsewhereAsync(BouncePortalDbContext db, CancellationToken cancellationToken)
    {
        if (FirstAttemptAt is not { } first || LastAttemptAt is not { } last)
        {
            return false;
        }

        var known = spans.Select(s => s.UploadId).ToHashSet();
        var later = (await CompletedSpans(db, uploadId).ToListAsync(cancellationToken))
            .Where(s => !known.Contains(s.UploadId) && s.First <= last && s.Last >= first)
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

    private static IQueryable<StoredSpan> CompletedSpans(BouncePortalDbContext db, Guid uploadId) =>
        db.Uploads.AsNoTracking()
            .Where(u => u.Id != uploadId
                && u.Status == UploadStatus.Completed
                && u.DetectedFormat != InputFormat.BounceEmail
                && u.FirstAttemptAt != null
                && u.LastAttemptAt != null)
            .Select(u => new StoredSpan(u.Id, u.FileName, u.UploadedAt, u.FirstAttemptAt!.Value, u.LastAttemptAt!.Value, u.AttemptsStored));

    private static IQueryable<StoredKey> StoredRows(BouncePortalDbContext db, Guid uploadId) =>
        db.Attempts.AsNoTracking()
            .Where(a => a.UploadId == uploadId && a.Recipient != string.Empty)
            .Select(a => new StoredKey(a.AttemptedAt, a.QueueId, a.Recipient, a.Reply));

    private StoredSpan? FindStoring(DateTime at, ulong key)
    {
        foreach (var span in spans)
        {
            if (span.First > at)
            {
                break;
            }

            if (at <= span.Last && span.Keys(this).Contains(key))
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
    private sealed class StoredSpan(Guid uploadId, string fileName, DateTimeOffset uploadedAt, DateTime first, DateTime last, long attemptsStored)
    {
        private HashKeySet? keys;

        public Guid UploadId => uploadId;

        public string FileName => fileName;

        public DateTimeOffset UploadedAt => uploadedAt;

        public DateTime First => first;

        public DateTime Last => last;

        public HashKeySet Keys(StoredAttemptLedger ledger) => keys ??= ledger.LoadKeys(uploadId, attemptsStored);
    }
}
