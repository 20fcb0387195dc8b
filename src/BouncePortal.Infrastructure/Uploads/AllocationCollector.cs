namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Forces a gen1 collection each time the process has allocated <see cref="EveryBytes"/> since the
/// last one. Server GC, which the portal runs, collects rarely during a long ingest, so dead objects
/// grew the working set past 300 MB on the 1.1 GB benchmark file (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// The ingest loop calls <see cref="Tick"/> for every attempt it reads, stored or skipped, so an
/// upload that skips what an earlier one stored collects as often as one that stores everything.
/// </remarks>
internal sealed class AllocationCollector
{
    /// <summary>Bytes allocated between two forced collections.</summary>
    public const long EveryBytes = 40L << 20;

    /// <summary>Ticks between two reads of the allocation counter, which is cheap but not free.</summary>
    private const int CheckEveryTicks = 1_024;

    private readonly Func<long> allocatedBytes;
    private long allocatedAtCollection;
    private int ticks;

    /// <param name="allocatedBytes">Reads the bytes allocated so far; the process's total when null.</param>
    public AllocationCollector(Func<long>? allocatedBytes = null)
    {
        this.allocatedBytes = allocatedBytes ?? (() => GC.GetTotalAllocatedBytes());
        allocatedAtCollection = this.allocatedBytes();
    }

    /// <summary>Collections this instance forced.</summary>
    public int Collections { get; private set; }

    /// <summary>Counts one attempt read, collecting when enough was allocated since the last collection.</summary>
    public void Tick()
    {
        if (++ticks < CheckEveryTicks)
        {
            return;
        }

        ticks = 0;
        var allocated = allocatedBytes();
        if (allocated - allocatedAtCollection < EveryBytes)
        {
            return;
        }

        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        allocatedAtCollection = allocatedBytes();
        Collections++;
    }
}
