using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Infrastructure.Rollups;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The SQLite attempt store: <see cref="AttemptBatchWriter"/> on a thread of its own, so that
/// SQLite stores one chunk of rows while the caller parses and classifies the next. Rows travel
/// in chunks of <see cref="ChunkRows"/>, and at most <see cref="QueuedChunks"/> chunks wait.
/// </summary>
internal sealed class SqliteAttemptStore(AttemptBatchWriter writer) : IAttemptStore
{
    private const int ChunkRows = 1_000;
    private const int QueuedChunks = 4;

    private readonly SerialWorker worker = new(QueuedChunks);
    private ClassifiedAttempt[] attempts = new ClassifiedAttempt[ChunkRows];
    private int attemptCount;

    public long AttemptsWritten { get; private set; }

    public void Add(ClassifiedAttempt classified)
    {
        attempts[attemptCount++] = classified;
        AttemptsWritten++;
        if (attemptCount == ChunkRows)
        {
            PostAttempts();
        }
    }

    public void AddOutcomes(IEnumerable<RecipientOutcome> outcomes)
    {
        PostCommit();
        PostInChunks(outcomes, writer.AddOutcome);
        worker.Post(writer.Commit);
    }

    public void AddRollups(IEnumerable<BounceRollup> rollups)
    {
        PostCommit();
        PostInChunks(rollups, writer.AddRollup);
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
        if (attemptCount == 0)
        {
            return;
        }

        var chunk = attempts;
        var count = attemptCount;
        attempts = new ClassifiedAttempt[ChunkRows];
        attemptCount = 0;
        worker.Post(() =>
        {
            for (var i = 0; i < count; i++)
            {
                writer.Add(chunk[i]);
            }
        });
    }

    /// <summary>Reads <paramref name="rows"/> on the caller's thread, which owns their state, and writes them on the worker's.</summary>
    private void PostInChunks<TRow>(IEnumerable<TRow> rows, Action<TRow> add)
    {
        var chunk = new List<TRow>(ChunkRows);
        foreach (var row in rows)
        {
            chunk.Add(row);
            if (chunk.Count == ChunkRows)
            {
                PostChunk(chunk, add);
                chunk = new List<TRow>(ChunkRows);
            }
        }

        PostChunk(chunk, add);
    }

    private void PostChunk<TRow>(List<TRow> chunk, Action<TRow> add)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        worker.Post(() =>
        {
            foreach (var row in chunk)
            {
                add(row);
            }
        });
    }
}
