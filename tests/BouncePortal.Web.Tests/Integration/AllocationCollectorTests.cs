using BouncePortal.Infrastructure.Uploads;

namespace BouncePortal.Web.Tests.Integration;

public sealed class AllocationCollectorTests
{
    private long allocated = 1_000_000;

    [Fact]
    public void Tick_AfterTheBudgetIsAllocated_Collects()
    {
        var collector = new AllocationCollector(() => allocated);
        allocated += AllocationCollector.EveryBytes;

        TickMany(collector, 1_024);

        Assert.Equal(1, collector.Collections);
    }

    [Fact]
    public void Tick_BudgetAllocatedAgain_CollectsAgain()
    {
        var collector = new AllocationCollector(() => allocated);
        allocated += AllocationCollector.EveryBytes;
        TickMany(collector, 1_024);
        allocated += AllocationCollector.EveryBytes - 1;
        TickMany(collector, 1_024);
        Assert.Equal(1, collector.Collections);

        allocated += 1;
        TickMany(collector, 1_024);

        Assert.Equal(2, collector.Collections);
    }

    [Fact]
    public void Tick_LessThanTheBudget_DoesNotCollect()
    {
        var collector = new AllocationCollector(() => allocated);
        allocated += AllocationCollector.EveryBytes - 1;

        TickMany(collector, 10_000);

        Assert.Equal(0, collector.Collections);
    }

    [Fact]
    public void Tick_EarlierAllocations_DoNotCount()
    {
        allocated += 10 * AllocationCollector.EveryBytes;
        var collector = new AllocationCollector(() => allocated);

        TickMany(collector, 10_000);

        Assert.Equal(0, collector.Collections);
    }

    [Fact]
    public void Tick_ReadsCounterEvery1024Ticks()
    {
        var reads = 0;
        var collector = new AllocationCollector(() => ++reads);
        reads = 0;

        TickMany(collector, 10_240);

        Assert.Equal(10, reads);
    }

    private static void TickMany(AllocationCollector collector, int ticks)
    {
        for (var i = 0; i < ticks; i++)
        {
            collector.Tick();
        }
    }
}
