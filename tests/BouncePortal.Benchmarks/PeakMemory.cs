using System.Diagnostics;

namespace BouncePortal.Benchmarks;

/// <summary>
/// Samples the process's working set every 20 ms and remembers how much of the highest sample
/// the garbage collector had committed, so a peak can be split into managed heap and the rest
/// (runtime, mapped assemblies, SQLite).
/// </summary>
internal sealed class PeakMemory : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Thread sampler;
    private long peakWorkingSet;
    private long committedAtPeak;

    public PeakMemory()
    {
        sampler = new Thread(Sample) { IsBackground = true, Name = "Peak memory sampler" };
        sampler.Start();
    }

    /// <summary>Formats the highest working set sampled and the GC's committed bytes at that moment.</summary>
    public string Describe() =>
        $"highest sample {peakWorkingSet / (1024.0 * 1024.0):0} MB, of which the GC had committed {committedAtPeak / (1024.0 * 1024.0):0} MB";

    public void Dispose()
    {
        stop.Cancel();
        sampler.Join();
        stop.Dispose();
    }

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        while (!stop.IsCancellationRequested)
        {
            process.Refresh();
            if (process.WorkingSet64 > peakWorkingSet)
            {
                peakWorkingSet = process.WorkingSet64;
                committedAtPeak = GC.GetGCMemoryInfo().TotalCommittedBytes;
            }

            stop.Token.WaitHandle.WaitOne(20);
        }
    }
}
