using System.Diagnostics;
using System.Globalization;

namespace BouncePortal.Benchmarks;

/// <summary>
/// Latency percentiles of repeated runs, by the nearest-rank method.
/// </summary>
internal sealed record Timings(string Name, IReadOnlyList<TimeSpan> Samples)
{
    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double Max => Samples.Max().TotalMilliseconds;

    /// <summary>Runs <paramref name="action"/> <paramref name="warmUps"/> times untimed, then <paramref name="runs"/> times timed.</summary>
    public static async Task<Timings> MeasureAsync(string name, int warmUps, int runs, Func<Task> action)
    {
        for (var i = 0; i < warmUps; i++)
        {
            await action();
        }

        var samples = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await action();
            samples.Add(stopwatch.Elapsed);
        }

        return new Timings(name, samples);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}: {Samples.Count} runs, p50 {P50:0.0} ms, p95 {P95:0.0} ms, max {Max:0.0} ms");

    private double Percentile(double fraction)
    {
        var sorted = Samples.Order().ToList();
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Max(rank, 1) - 1].TotalMilliseconds;
    }
}
