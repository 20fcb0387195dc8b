using System.Data.Common;
using System.Text;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Infrastructure.Rollups;
using Microsoft.Data.Sqlite;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Inserts classified attempts, recipient outcomes and rollups of one upload through
/// <see cref="SqliteRowInserter{TRow}"/>, one transaction per batch. Values are written in the
/// same text forms EF Core's SQLite provider uses (upper-case GUID text, ISO date text), so EF
/// reads them back unchanged.
/// </summary>
internal sealed class AttemptBatchWriter : IAsyncDisposable
{
    /// <summary>Rows per transaction: large enough to amortise the commit, small enough to keep the lock short.</summary>
    public const int BatchSize = 25_000;

    private static readonly string[] AttemptColumns =
    [
        "TenantId", "UploadId", "Line", "AttemptedAt", "QueueId", "Sender", "Recipient", "RecipientDomain",
        "RemoteHost", "Provider", "Outcome", "Class", "BasicCode", "EnhancedCode", "Category", "Blame", "Suppress", "Reply",
        "Evidence", "Campaign", "SendingIp", "SourceVerdict",
    ];

    private static readonly string[] OutcomeColumns =
    [
        "TenantId", "UploadId", "QueueId", "Sender", "Recipient", "RecipientDomain", "Provider",
        "Attempts", "FirstAttemptAt", "LastAttemptAt", "FinalOutcome", "SoftBounced", "HardBounced", "FinalCategory", "Suppress",
        "SoftFailures", "ResolvedDeferral", "GreylistingResolved", "PersistentSoftBounce", "FinalBlame", "Campaign", "SendingIp",
    ];

    private static readonly string[] RollupColumns =
    [
        "TenantId", "UploadId", "HourUtc", "Kind", "Key", "Sent", "SoftBounced", "HardBounced", "UnresolvedSoft",
    ];

    private readonly SqliteConnection connection;
    private readonly byte[] tenantText;
    private readonly byte[] uploadText;
    private SqliteTransaction? transaction;
    private SqliteRowInserter<ClassifiedAttempt>? attempts;
    private SqliteRowInserter<RecipientOutcome>? outcomes;
    private SqliteRowInserter<BounceRollup>? rollups;
    private int pendingRows;

    public AttemptBatchWriter(DbConnection connection, Guid tenantId, Guid uploadId)
    {
        this.connection = (SqliteConnection)connection;
        tenantText = Encoding.UTF8.GetBytes(ToText(tenantId));
        uploadText = Encoding.UTF8.GetBytes(ToText(uploadId));
    }

    /// <summary>Attempts written so far, committed or not.</summary>
    public long AttemptsWritten { get; private set; }

    /// <summary>Adds one attempt, committing when the batch is full.</summary>
    public void Add(ClassifiedAttempt classified)
    {
        attempts ??= new SqliteRowInserter<ClassifiedAttempt>(connection, "Attempts", AttemptColumns, BindAttempt);
        transaction ??= connection.BeginTransaction();
        attempts.Add(classified);

        AttemptsWritten++;
        if (++pendingRows >= BatchSize)
        {
            Commit();
        }
    }

    /// <summary>Adds one recipient outcome, committing when the batch is full.</summary>
    public void AddOutcome(RecipientOutcome outcome)
    {
        outcomes ??= new SqliteRowInserter<RecipientOutcome>(connection, "RecipientOutcomes", OutcomeColumns, BindOutcome);
        transaction ??= connection.BeginTransaction();
        outcomes.Add(outcome);
        if (++pendingRows >= BatchSize)
        {
            Commit();
        }
    }

    /// <summary>Adds one rollup, committing when the batch is full.</summary>
    public void AddRollup(BounceRollup rollup)
    {
        rollups ??= new SqliteRowInserter<BounceRollup>(connection, "BounceRollups", RollupColumns, BindRollup);
        transaction ??= connection.BeginTransaction();
        rollups.Add(rollup);
        if (++pendingRows >= BatchSize)
        {
            Commit();
        }
    }

    /// <summary>Inserts the rows still queued and commits the open batch, if any.</summary>
    public void Commit()
    {
        var committing = transaction is not null;
        attempts?.Flush();
        outcomes?.Flush();
        rollups?.Flush();
        transaction?.Commit();
        transaction?.Dispose();
        transaction = null;
        pendingRows = 0;

        // Server GC, which the portal runs, collects rarely during a long ingest and lets dead
        // objects grow the working set to 308-339 MB on the 1.1 GB benchmark file. A gen1
        // collection per committed batch keeps it at 219-238 MB for about the same speed
        // (docs/benchmarks.md, 2026-12-05).
        if (committing)
        {
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
        }

        foreach (var inserter in new IDisposable?[] { attempts, outcomes, rollups })
        {
            inserter?.Dispose();
        }
    }

    internal static string ToText(Guid value) => value.ToString().ToUpperInvariant();

    private void BindAttempt(SqliteRowInserter<ClassifiedAttempt> row, ClassifiedAttempt classified)
    {
        var attempt = classified.Attempt;
        var result = classified.Classification;
        row.BindUtf8(tenantText);
        row.BindUtf8(uploadText);
        row.Bind(attempt.Line);
        row.Bind(attempt.Timestamp.UtcDateTime);
        row.Bind(attempt.QueueId);
        row.BindLowerInvariant(attempt.Sender);
        row.Bind(attempt.Recipient);
        // The same value as attempt.RecipientDomain, without allocating the substring.
        var at = attempt.Recipient.LastIndexOf('@');
        row.BindLowerInvariant(at < 0 ? ReadOnlySpan<char>.Empty : attempt.Recipient.AsSpan(at + 1));
        row.Bind(attempt.RemoteHost);
        row.Bind((long)result.Provider);
        row.Bind((long)result.Outcome);
        row.BindNullable((long?)result.Class);
        row.BindNullable(result.BasicCode);
        row.Bind(result.EnhancedCode);
        row.BindNullable((long?)result.Category);
        row.BindNullable((long?)result.Blame);
        row.Bind(result.Suppress);
        row.Bind(attempt.Reply);
        row.Bind(result.Evidence);
        row.Bind(attempt.Campaign);
        row.Bind(attempt.SendingIp);
        row.Bind(attempt.SourceVerdict);
    }

    private void BindOutcome(SqliteRowInserter<RecipientOutcome> row, RecipientOutcome outcome)
    {
        row.BindUtf8(tenantText);
        row.BindUtf8(uploadText);
        row.Bind(outcome.QueueId);
        row.BindLowerInvariant(outcome.Sender);
        row.Bind(outcome.Recipient);
        row.Bind(outcome.RecipientDomain);
        row.Bind((long)outcome.Provider);
        row.Bind(outcome.Attempts);
        row.Bind(outcome.FirstAttemptAt.UtcDateTime);
        row.Bind(outcome.LastAttemptAt.UtcDateTime);
        row.Bind((long)outcome.FinalOutcome);
        row.Bind(outcome.SoftBounced);
        row.Bind(outcome.HardBounced);
        row.BindNullable((long?)outcome.FinalCategory);
        row.Bind(outcome.Suppress);
        row.Bind(outcome.SoftFailures);
        row.Bind(outcome.ResolvedDeferral);
        row.Bind(outcome.GreylistingResolved);
        row.Bind(outcome.PersistentSoftBounce);
        row.BindNullable((long?)outcome.FinalBlame);
        row.Bind(outcome.Campaign);
        row.Bind(outcome.SendingIp);
    }

    private void BindRollup(SqliteRowInserter<BounceRollup> row, BounceRollup rollup)
    {
        row.BindUtf8(tenantText);
        row.BindUtf8(uploadText);
        row.Bind(rollup.HourUtc);
        row.Bind((long)rollup.Kind);
        row.Bind(rollup.Key);
        row.Bind(rollup.Sent);
        row.Bind(rollup.SoftBounced);
        row.Bind(rollup.HardBounced);
        row.Bind(rollup.UnresolvedSoft);
    }
}
