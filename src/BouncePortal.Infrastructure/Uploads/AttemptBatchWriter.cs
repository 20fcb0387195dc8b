using System.Data.Common;
using System.Globalization;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Infrastructure.Rollups;
using Microsoft.Data.Sqlite;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Stores classified attempts, recipient outcomes and rollups of one upload in SQLite, one
/// transaction per batch. The rows arrive encoded in <see cref="SqliteRowChunk"/>s: the Encode
/// methods run on the thread that produces the rows, the Insert methods on the thread that owns
/// the connection. Values are written in the same text forms EF Core's SQLite provider uses
/// (upper-case GUID text, ISO date text), so EF reads them back unchanged.
/// </summary>
internal sealed class AttemptBatchWriter : IAsyncDisposable
{
    /// <summary>Rows per transaction: large enough to amortise the commit, small enough to keep the lock short.</summary>
    public const int BatchSize = 25_000;

    /// <summary>Rows per chunk: whole multi-row statements, and few enough to keep chunks small.</summary>
    public const int ChunkRows = 20 * SqliteRowInserter.RowsPerStatement;

    private static readonly string[] AttemptColumns =
    [
        "Line", "AttemptedAt", "QueueId", "Sender", "Recipient", "RecipientDomain",
        "RemoteHost", "Provider", "Outcome", "Class", "BasicCode", "EnhancedCode", "Category", "Blame", "Suppress", "Reply",
        "Evidence", "Campaign", "SendingIp", "SourceVerdict",
    ];

    private static readonly string[] OutcomeColumns =
    [
        "QueueId", "Sender", "Recipient", "RecipientDomain", "Provider",
        "Attempts", "FirstAttemptAt", "LastAttemptAt", "FinalOutcome", "SoftBounced", "HardBounced", "FinalCategory", "Suppress",
        "SoftFailures", "ResolvedDeferral", "GreylistingResolved", "PersistentSoftBounce", "FinalBlame", "Campaign", "SendingIp",
    ];

    private static readonly string[] RollupColumns =
    [
        "HourUtc", "Kind", "Key", "Sent", "SoftBounced", "HardBounced", "UnresolvedSoft",
    ];

    private readonly SqliteConnection connection;
    private readonly (string, string)[] sharedColumns;
    private SqliteTransaction? transaction;
    private SqliteRowInserter? attempts;
    private SqliteRowInserter? outcomes;
    private SqliteRowInserter? rollups;
    private WalCheckpointer? checkpointer;
    private long? ownAutoCheckpoint;
    private bool checkpointChecked;
    private int pendingRows;

    public AttemptBatchWriter(DbConnection connection, Guid tenantId, Guid uploadId)
    {
        this.connection = (SqliteConnection)connection;
        sharedColumns = [("TenantId", ToText(tenantId)), ("UploadId", ToText(uploadId))];
    }

    /// <summary>An empty chunk for attempts.</summary>
    public static SqliteRowChunk NewAttemptChunk() => new(AttemptColumns.Length, ChunkRows, ChunkRows * 256);

    /// <summary>An empty chunk for recipient outcomes.</summary>
    public static SqliteRowChunk NewOutcomeChunk() => new(OutcomeColumns.Length, ChunkRows, ChunkRows * 128);

    /// <summary>An empty chunk for rollups.</summary>
    public static SqliteRowChunk NewRollupChunk() => new(RollupColumns.Length, ChunkRows, ChunkRows * 64);

    /// <summary>Inserts a chunk of attempts, committing when the batch is full.</summary>
    public void InsertAttempts(SqliteRowChunk chunk) =>
        Insert(attempts ??= new SqliteRowInserter(connection, "Attempts", sharedColumns, AttemptColumns), chunk);

    /// <summary>Inserts a chunk of recipient outcomes, committing when the batch is full.</summary>
    public void InsertOutcomes(SqliteRowChunk chunk) =>
        Insert(outcomes ??= new SqliteRowInserter(connection, "RecipientOutcomes", sharedColumns, OutcomeColumns), chunk);

    /// <summary>Inserts a chunk of rollups, committing when the batch is full.</summary>
    public void InsertRollups(SqliteRowChunk chunk) =>
        Insert(rollups ??= new SqliteRowInserter(connection, "BounceRollups", sharedColumns, RollupColumns), chunk);

    /// <summary>Commits the open batch, if any.</summary>
    public void Commit()
    {
        if (transaction is null)
        {
            return;
        }

        transaction.Commit();
        transaction.Dispose();
        transaction = null;
        pendingRows = 0;
        checkpointer?.AfterCommit();
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

        checkpointer?.Dispose();
        if (ownAutoCheckpoint is { } pages)
        {
            // The connection returns to the pool: later users checkpoint as before.
            Execute($"PRAGMA wal_autocheckpoint={pages};");
        }
    }

    /// <summary>Adds one attempt to <paramref name="chunk"/>, in <see cref="AttemptColumns"/> order.</summary>
    public static void EncodeAttempt(SqliteRowChunk chunk, ClassifiedAttempt classified)
    {
        var attempt = classified.Attempt;
        var result = classified.Classification;
        chunk.Add(attempt.Line);
        chunk.Add(attempt.Timestamp.UtcDateTime);
        chunk.Add(attempt.QueueId);
        chunk.AddLowerInvariant(attempt.Sender);
        chunk.Add(attempt.Recipient);
        // The same value as attempt.RecipientDomain, without allocating the substring.
        var at = attempt.Recipient.LastIndexOf('@');
        chunk.AddLowerInvariant(at < 0 ? ReadOnlySpan<char>.Empty : attempt.Recipient.AsSpan(at + 1));
        chunk.Add(attempt.RemoteHost);
        chunk.Add((long)result.Provider);
        chunk.Add((long)result.Outcome);
        chunk.Add((long?)result.Class);
        chunk.Add(result.BasicCode);
        chunk.Add(result.EnhancedCode);
        chunk.Add((long?)result.Category);
        chunk.Add((long?)result.Blame);
        chunk.Add(result.Suppress);
        chunk.Add(attempt.Reply);
        chunk.Add(result.Evidence);
        chunk.Add(attempt.Campaign);
        chunk.Add(attempt.SendingIp);
        chunk.Add(attempt.SourceVerdict);
    }

    /// <summary>Adds one recipient outcome to <paramref name="chunk"/>, in <see cref="OutcomeColumns"/> order.</summary>
    public static void EncodeOutcome(SqliteRowChunk chunk, RecipientOutcome outcome)
    {
        chunk.Add(outcome.QueueId);
        chunk.AddLowerInvariant(outcome.Sender);
        chunk.Add(outcome.Recipient);
        chunk.Add(outcome.RecipientDomain);
        chunk.Add((long)outcome.Provider);
        chunk.Add(outcome.Attempts);
        chunk.Add(outcome.FirstAttemptAt.UtcDateTime);
        chunk.Add(outcome.LastAttemptAt.UtcDateTime);
        chunk.Add((long)outcome.FinalOutcome);
        chunk.Add(outcome.SoftBounced);
        chunk.Add(outcome.HardBounced);
        chunk.Add((long?)outcome.FinalCategory);
        chunk.Add(outcome.Suppress);
        chunk.Add(outcome.SoftFailures);
        chunk.Add(outcome.ResolvedDeferral);
        chunk.Add(outcome.GreylistingResolved);
        chunk.Add(outcome.PersistentSoftBounce);
        chunk.Add((long?)outcome.FinalBlame);
        chunk.Add(outcome.Campaign);
        chunk.Add(outcome.SendingIp);
    }

    /// <summary>Adds one rollup to <paramref name="chunk"/>, in <see cref="RollupColumns"/> order.</summary>
    public static void EncodeRollup(SqliteRowChunk chunk, BounceRollup rollup)
    {
        chunk.Add(rollup.HourUtc);
        chunk.Add((long)rollup.Kind);
        chunk.Add(rollup.Key);
        chunk.Add(rollup.Sent);
        chunk.Add(rollup.SoftBounced);
        chunk.Add(rollup.HardBounced);
        chunk.Add(rollup.UnresolvedSoft);
    }

    /// <summary>
    /// Moves checkpoints of a write-ahead log to <see cref="WalCheckpointer"/> when the upload's
    /// first batch starts. Copying pages into the database file took a fifth of the inserting
    /// thread's time in a profile, and the inserting thread was the slower of the two.
    /// </summary>
    private void StartCheckpointer()
    {
        if (checkpointChecked)
        {
            return;
        }

        checkpointChecked = true;
        if (!string.Equals(Query("PRAGMA journal_mode;") as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        ownAutoCheckpoint = Convert.ToInt64(Query("PRAGMA wal_autocheckpoint;"), CultureInfo.InvariantCulture);
        Execute("PRAGMA wal_autocheckpoint=0;");
        checkpointer = new WalCheckpointer(connection.ConnectionString);
    }

    private object? Query(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static string ToText(Guid value) => value.ToString().ToUpperInvariant();

    private void Insert(SqliteRowInserter inserter, SqliteRowChunk chunk)
    {
        if (transaction is null)
        {
            StartCheckpointer();
            transaction = connection.BeginTransaction();
        }

        inserter.Insert(chunk);
        pendingRows += chunk.Count;
        if (pendingRows >= BatchSize)
        {
            Commit();
        }
    }
}
