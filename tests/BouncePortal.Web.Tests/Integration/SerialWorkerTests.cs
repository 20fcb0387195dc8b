using BouncePortal.Infrastructure.Uploads;

namespace BouncePortal.Web.Tests.Integration;

public sealed class SerialWorkerTests
{
    [Fact]
    public async Task Worker_RunsInOrderOnOwnThread()
    {
        var ran = new List<int>();
        var threads = new HashSet<int>();
        await using var worker = new SerialWorker(capacity: 2);

        for (var i = 0; i < 100; i++)
        {
            var item = i;
            worker.Post(() =>
            {
                ran.Add(item);
                threads.Add(Environment.CurrentManagedThreadId);
            });
        }

        await worker.CompleteAsync();

        Assert.Equal(Enumerable.Range(0, 100), ran);
        var thread = Assert.Single(threads);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public async Task Worker_Failure_SkipsRestAndRethrows()
    {
        var ran = new List<int>();
        var posted = new ManualResetEventSlim();
        await using var worker = new SerialWorker(capacity: 4);
        worker.Post(() =>
        {
            // Holds the queue until every item is posted, so that no Post call throws the failure.
            posted.Wait(TimeSpan.FromSeconds(30));
            ran.Add(1);
        });
        worker.Post(() => throw new InvalidOperationException("disk is full"));
        worker.Post(() => ran.Add(3));
        posted.Set();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(worker.CompleteAsync);

        Assert.Equal("disk is full", failure.Message);
        Assert.Equal([1], ran);
    }

    [Fact]
    public async Task Worker_FailureReachesNextPost()
    {
        await using var worker = new SerialWorker(capacity: 4);
        var failed = new ManualResetEventSlim();
        worker.Post(() =>
        {
            failed.Set();
            throw new InvalidOperationException("disk is full");
        });
        failed.Wait(TimeSpan.FromSeconds(30));

        // The worker records the failure just after the item throws, so a later Post call throws it.
        var failure = await WaitForFailureAsync(() => worker.Post(() => { }));

        Assert.Equal("disk is full", failure.Message);
    }

    [Fact]
    public async Task Worker_DisposedEarly_SkipsQueuedWork()
    {
        var ran = new List<int>();
        var release = new ManualResetEventSlim();
        var started = new ManualResetEventSlim();
        var worker = new SerialWorker(capacity: 4);
        worker.Post(() =>
        {
            started.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            ran.Add(1);
        });
        worker.Post(() => ran.Add(2));
        worker.Post(() => ran.Add(3));
        started.Wait(TimeSpan.FromSeconds(30));

        var disposing = worker.DisposeAsync().AsTask();
        release.Set();
        await disposing;

        Assert.Equal([1], ran);
    }

    [Fact]
    public async Task Worker_PostAfterComplete_Throws()
    {
        await using var worker = new SerialWorker(capacity: 1);
        await worker.CompleteAsync();

        Assert.Throws<ObjectDisposedException>(() => worker.Post(() => { }));
    }

    private static async Task<InvalidOperationException> WaitForFailureAsync(Action post)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                post();
            }
            catch (InvalidOperationException failure)
            {
                return failure;
            }

            await Task.Delay(10);
        }

        throw new Xunit.Sdk.XunitException("The worker's failure never reached Post.");
    }
}
