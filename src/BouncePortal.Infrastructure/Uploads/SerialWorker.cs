using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Runs posted work items one at a time, in order, on a thread of its own. The queue is bounded,
/// so a caller that posts faster than the work runs waits instead of filling memory. The first
/// failure stops the remaining work and is thrown to the caller at its next call.
/// </summary>
internal sealed class SerialWorker : IAsyncDisposable
{
    private readonly BlockingCollection<Action> queue;
    private readonly Task consumer;
    private volatile ExceptionDispatchInfo? failure;
    private volatile bool abandoned;
    private bool completed;
    private bool disposed;

    /// <param name="capacity">Work items that may wait in the queue before <see cref="Post"/> blocks.</param>
    public SerialWorker(int capacity)
    {
        queue = new BlockingCollection<Action>(capacity);
        consumer = Task.Factory.StartNew(Consume, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Queues <paramref name="work"/>, waiting while the queue is full.</summary>
    /// <exception cref="Exception">An earlier work item failed: its exception is thrown again.</exception>
    public void Post(Action work)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        failure?.Throw();
        queue.Add(work);
    }

    /// <summary>Waits until every posted item has run; no more can be posted.</summary>
    /// <exception cref="Exception">A work item failed: its exception is thrown again.</exception>
    public async Task CompleteAsync()
    {
        completed = true;
        queue.CompleteAdding();
        await consumer;
        failure?.Throw();
    }

    /// <summary>Skips the work still queued, unless <see cref="CompleteAsync"/> ran, and waits for the item running now.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        abandoned = !completed;
        completed = true;
        queue.CompleteAdding();
        await consumer;
        queue.Dispose();
    }

    private void Consume()
    {
        foreach (var work in queue.GetConsumingEnumerable())
        {
            if (abandoned || failure is not null)
            {
                continue;
            }

            try
            {
                work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }
    }
}
