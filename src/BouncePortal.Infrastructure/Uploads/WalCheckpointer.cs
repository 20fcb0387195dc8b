using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Copies committed pages from SQLite's write-ahead log into the database file on a thread and
/// connection of its own, so that the inserting thread only appends to the log. The inserting
/// connection turns its own automatic checkpoints off meanwhile (<see cref="AttemptBatchWriter"/>).
/// </summary>
/// <remarks>
/// A passive checkpoint neither waits for the inserting thread nor delays it. The log only starts
/// over when a new write transaction finds every page copied. So once the log contains
/// <see cref="MaxLogFrames"/> pages (by default), <see cref="AfterCommit"/> waits for a checkpoint
/// of all of them, and the next batch writes the log from its start again.
/// </remarks>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>
    /// Pages the log may contain before the inserting thread waits: 32 MB of 4 KB pages. The log file
    /// keeps its largest size on disk, which was 56 MB with this limit in a benchmark run.
    /// </summary>
    public const long MaxLogFrames = 8_192;

    private readonly SqliteConnection connection;
    private readonly SemaphoreSlim requested = new(0, 1);
    private readonly ManualResetEventSlim idle = new(true);
    private readonly Thread thread;
    private volatile bool stopping;
    private volatile ExceptionDispatchInfo? failure;
    private readonly long maxLogFrames;
    private long logFrames;
    private long copiedFrames;
    private long waitAtFrames;
    private bool disposed;
    private int checkpoints;

    /// <param name="connectionString">The inserting connection's connection string.</param>
    /// <param name="maxLogFrames">Pages the log may contain before <see cref="AfterCommit"/> waits.</param>
    public WalCheckpointer(string connectionString, long maxLogFrames = MaxLogFrames)
    {
        this.maxLogFrames = maxLogFrames;
        waitAtFrames = maxLogFrames;
        connection = new SqliteConnection(connectionString);
        connection.Open();
        thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpoint" };
        thread.Start();
    }

    /// <summary>Checkpoints completed so far.</summary>
    public int Checkpoints => Volatile.Read(ref checkpoints);

    /// <summary>
    /// Starts a checkpoint of what the last commit added, unless one is running. Call it from the
    /// inserting thread between transactions.
    /// </summary>
    /// <exception cref="Exception">An earlier checkpoint failed: its exception is thrown again.</exception>
    public void AfterCommit()
    {
        failure?.Throw();
        if (Interlocked.Read(ref logFrames) < waitAtFrames)
        {
            Request();
            return;
        }

        // The log is long: copy all of it while no transaction is open, so the next one starts it over.
        idle.Wait();
        Request();
        idle.Wait();
        failure?.Throw();

        // A fully copied log starts over with the next batch. Readers that still need older pages keep it
        // from starting over: then wait again only after as much growth.
        var log = Interlocked.Read(ref logFrames);
        waitAtFrames = log == Interlocked.Read(ref copiedFrames) ? maxLogFrames : log + maxLogFrames;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        idle.Wait();
        stopping = true;
        requested.Release();
        thread.Join();
        connection.Dispose();
        requested.Dispose();
        idle.Dispose();
    }

    private void Request()
    {
        if (idle.IsSet)
        {
            idle.Reset();
            requested.Release();
        }
    }

    private void Run()
    {
        while (true)
        {
            requested.Wait();
            if (stopping)
            {
                return;
            }

            try
            {
                Checkpoint();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                idle.Set();
            }
        }
    }

    private void Checkpoint()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var result = command.ExecuteReader();
        result.Read();

        // Columns: busy, pages in the log, pages copied.
        Interlocked.Exchange(ref logFrames, result.GetInt64(1));
        Interlocked.Exchange(ref copiedFrames, result.GetInt64(2));
        Interlocked.Increment(ref checkpoints);
    }
}
