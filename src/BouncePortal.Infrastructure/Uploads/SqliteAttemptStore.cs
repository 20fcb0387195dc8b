using System.Collections.Concurrent;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Infrastructure.Rollups;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The SQLite attempt store: the caller's thread encodes rows into chunks of
/// <see cref="AttemptBatchWriter.ChunkRows"/>, and <see cref="AttemptBatchWriter"/> inserts them
/// on a thread of its own, so SQLite stores one chunk while the caller parses and classifies the
/// next. At most <see cref="QueuedChunks"/> chunks wait; inserted chunks are reused.
/// </summary>
internal sealed class SqliteAttemptStore(AttemptBatchWriter writer) : IAttemptStore
{
    private const int QueuedChunks = 4;

    private readonly SerialWorker worker = new(QueuedChunks);
    private readonly ChunkPool attemptChunks = new(AttemptBatchWriter.NewAttemptChunk);
    private readonly ChunkPool outcomeChunks = new(AttemptBatchWriter.NewOutcomeChunk);
    private readonly ChunkPool rollupChunks = new(AttemptBatchWriter.NewRollupChunk);
    private SqliteRowChunk? attempts;

    public long AttemptsWritten { get; private set; }

    public void Add(ClassifiedAttempt classified)
    {
        attempts ??= attemptChunks.Take();
        AttemptBatchWriter.EncodeAttempt(attempts, classified);
        AttemptsWritten++;
        if (attempts.IsFull)
        {
            PostAttempts();
        }
    }

    public void AddOutcomes(IEnumerable<RecipientOutcome> outcomes)
    {
        PostCommit();
        PostInChunks(outcomes, outcomeChunks, AttemptBatchWriter.EncodeOutcome, writer.InsertOutcomes);
        worker.Post(writer.Commit);
    }

    public void AddRollups(IEnumerable<BounceRollup> rollups)
    {
        PostCommit();
        PostInChunks(rollups, rollupChunks, AttemptBatchWriter.EncodeRollup, writer.InsertRollups);
        worker.Post(writer.Commit);
    }

    public void AfterWrites(Action action)
    {
        // The connection rejects a command outside the open transaction, so the batch commits first.
        PostCommit();
        worker.Post(action);
    }

    public async Task CompleteAsync()
    {
        PostCommit();
        await worker.CompleteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Waits for the writer thread before the writer rolls back what was not committed.
        await worker.DisposeAsync();
        await writer.DisposeAsync();
    }

    /// <summary>Queues the attempts added so far and a commit of them.</summary>
    private void PostCommit()
    {
        PostAttempts();
        worker.Post(writer.Commit);
    }

    private void PostAttempts()
    {
        if (attempts is not { Count: > 0 } chunk)
        {
            return;
        }

        attempts = null;
        Post(chunk, attemptChunks, writer.InsertAttempts);
    }

    /// <summary>Encodes <paramref name="rows"/> on the caller's thread, which owns their state, and inserts them on the worker's.</summary>
    private void PostInChunks<TRow>(
        IEnumerable<TRow> rows, ChunkPool pool, Action<SqliteRowChunk, TRow> encode, Action<SqliteRowChunk> insert)
    {
        SqliteRowChunk? chunk = null;
        foreach (var row in rows)
        {
            chunk ??= pool.Take();
            encode(chunk, row);
            if (chunk.IsFull)
            {
                Post(chunk, pool, insert);
                chunk = null;
            }
        }

        if (chunk is not null)
        {
            Post(chunk, pool, insert);
        }
    }

    /// <summary>Queues the insert of <paramref name="chunk"/>, after which the chunk goes back to <paramref name="pool"/>.</summary>
    private void Post(SqliteRowChunk chunk, ChunkPool pool, Action<SqliteRowChunk> insert) =>
        worker.Post(() =>
        {
            insert(chunk);
            pool.Return(chunk);
        });

    /// <summary>
    /// Chunks of one table for reuse: a chunk's buffers are large enough for the large object heap,
    /// and allocating one per thousand rows would make the collector sweep it over and over.
    /// </summary>
    private sealed class ChunkPool(Func<SqliteRowChunk> create)
    {
        private readonly ConcurrentBag<SqliteRowChunk> free = [];

        public SqliteRowChunk Take() => free.TryTake(out var chunk) ? chunk : create();

        public void Return(SqliteRowChunk chunk)
        {
            chunk.Clear();
            free.Add(chunk);
        }
    }
}
