using System.Diagnostics;
using BouncePortal.Benchmarks;

// Throughput and peak-memory benchmarks. Run in Release:
//   dotnet run -c Release --project tests/BouncePortal.Benchmarks -- generate --messages 1000000 --out /tmp/maillog.log
//   dotnet run -c Release --project tests/BouncePortal.Benchmarks -- parse /tmp/maillog.log
//   dotnet run -c Release --project tests/BouncePortal.Benchmarks -- ingest /tmp/maillog.log [--keep /tmp/ingest-data]
//   dotnet run -c Release --project tests/BouncePortal.Benchmarks -- dashboard --attempts 10000000 --keep /tmp/dashboard-data
// ingest and dashboard take --provider postgresql --connection "Host=127.0.0.1;Database=...;Username=...;Password=..."
// to run on PostgreSQL instead of SQLite.
if (args.Length < 2 && args is not ["dashboard"])
{
    Console.Error.WriteLine("usage: generate --messages N --out FILE | parse FILE | ingest FILE [--keep DIR] [--warm-up-lines N] [--earlier-lines N] [DATABASE] | dashboard [--attempts N] [--keep DIR] [DATABASE]");
    Console.Error.WriteLine("DATABASE: --provider sqlite (default) | --provider postgresql --connection CONNECTION_STRING");
    return 2;
}

var stopwatch = Stopwatch.StartNew();
var peakMemory = new PeakMemory();
var result = args[0] switch
{
    "generate" => Benchmarks.Generate(args),
    "parse" => Benchmarks.Parse(args[1]),
    "ingest" => await Benchmarks.IngestAsync(
        args[1], BenchmarkDatabase.FromArgs(args), Benchmarks.ValueOf(args, "--keep"), int.Parse(Benchmarks.ValueOf(args, "--warm-up-lines") ?? "5000"),
        int.Parse(Benchmarks.ValueOf(args, "--earlier-lines") ?? "0")),
    "dashboard" => await DashboardBenchmark.RunAsync(args),
    _ => null,
};

if (result is null)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
    return 2;
}

Console.WriteLine(result);
peakMemory.Dispose();
Console.WriteLine($"elapsed: {stopwatch.Elapsed.TotalSeconds:0.00} s; peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):0} MB; "
    + peakMemory.Describe());
return 0;
