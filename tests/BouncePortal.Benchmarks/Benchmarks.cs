using System.Diagnostics;
using BouncePortal.Cli.Samples;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Infrastructure;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Benchmarks;

/// <summary>
/// The benchmark commands: each returns one line of results.
/// </summary>
internal static class Benchmarks
{
    /// <summary>Writes a synthetic Postfix maillog of the requested number of messages.</summary>
    public static string Generate(string[] args)
    {
        var messages = int.Parse(ValueOf(args, "--messages") ?? "100000");
        var path = ValueOf(args, "--out") ?? throw new ArgumentException("--out FILE is required");
        using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
        {
            new PostfixSampleGenerator(new PostfixSampleOptions { Messages = messages, Mailboxes = 50, Seed = 11 }).Write(writer);
        }

        return $"generate: {messages:N0} messages, {new FileInfo(path).Length / (1024.0 * 1024.0):0} MB written to {path}";
    }

    /// <summary>Parses and classifies a file on one thread; compares with <c>grep -c status=</c> over the same file.</summary>
    public static string Parse(string path)
    {
        // A first pass warms the JIT and the page cache so both timings read from memory.
        ParseOnce(path);
        var (lines, attempts, elapsed) = ParseOnce(path);
        var grep = TimeGrep(path);

        return $"parse: {lines:N0} lines, {attempts:N0} attempts in {elapsed.TotalSeconds:0.00} s = {lines / elapsed.TotalSeconds:N0} lines/s, "
            + $"{attempts / elapsed.TotalSeconds:N0} attempts/s; grep -c status= took {grep.TotalSeconds:0.00} s; "
            + $"parse/grep time ratio {elapsed.TotalSeconds / grep.TotalSeconds:0.0}";
    }

    /// <summary>
    /// Runs the real upload job over a file into a fresh SQLite database, or into a new agency of
    /// the given PostgreSQL database. With <c>--keep DIR</c> the data folder is created there and
    /// kept, so the stored rows can be compared between two builds. The warm-up upload reads the
    /// file's first 5,000 lines, or as many as <c>--warm-up-lines N</c> gives.
    /// </summary>
    /// <remarks>
    /// With <c>--earlier-lines N</c>, the file's first N lines are first uploaded to the measured
    /// agency, so the timed upload compares its attempts with that upload's and skips the ones it
    /// stored, as a log uploaded after a partial export of it.
    /// </remarks>
    public static async Task<string> IngestAsync(string path, BenchmarkDatabase database, string? keep, int warmUpLines, int earlierLines = 0)
    {
        var dataDirectory = keep is null
            ? Path.Combine(Path.GetTempPath(), "bounceportal-bench-" + Guid.NewGuid().ToString("N"))
            : Path.GetFullPath(keep);
        if (keep is not null && Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new InvalidOperationException($"{dataDirectory} is not empty; pass a new or empty folder to --keep.");
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["BouncePortal:DataDirectory"] = dataDirectory })
            .AddInMemoryCollection(database.Settings())
            .Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddBouncePortalInfrastructure(configuration, dataDirectory)
            .BuildServiceProvider();
        await DatabaseInitializer.MigrateAsync(services);

        var tenantId = Guid.NewGuid();
        var warmUpTenantId = Guid.NewGuid();
        var databases = services.GetRequiredService<TenantDbContextFactory>();
        foreach (var (id, name) in new[] { (tenantId, "Benchmark Agency"), (warmUpTenantId, "Warm-up Agency") })
        {
            await using var db = databases.CreateForTenant(id);
            db.Agencies.Add(new Agency { Id = id, Name = name, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        // A first, smaller upload warms EF Core's query compilation and the JIT, as in a running portal.
        // It goes to another agency: in the same one, the measured upload would skip the attempts
        // that the warm-up stored first.
        var warmUp = Path.Combine(dataDirectory, "warm-up.log");
        await File.WriteAllLinesAsync(warmUp, File.ReadLines(path).Take(warmUpLines));
        await IngestOnceAsync(services, warmUpTenantId, warmUp);
        if (earlierLines > 0)
        {
            var earlier = Path.Combine(dataDirectory, "earlier.log");
            await File.WriteAllLinesAsync(earlier, File.ReadLines(path).Take(earlierLines));
            await IngestOnceAsync(services, tenantId, earlier);
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var paused = GC.GetTotalPauseDuration();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var stopwatch = Stopwatch.StartNew();
        var uploadId = await IngestOnceAsync(services, tenantId, path);
        stopwatch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        paused = GC.GetTotalPauseDuration() - paused;
        collections = [GC.CollectionCount(0) - collections[0], GC.CollectionCount(1) - collections[1], GC.CollectionCount(2) - collections[2]];
        await using var check = databases.CreateForTenant(tenantId);
        var upload = check.Uploads.Single(u => u.Id == uploadId);
        var outcomes = check.RecipientOutcomes.Count(o => o.UploadId == uploadId);
        if (keep is null)
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        // On a shared machine the process's CPU time varies less than the elapsed time.
        return $"ingest ({database.Provider}): {upload.Status}, {upload.LinesRead:N0} lines, {upload.AttemptsStored:N0} attempts and {outcomes:N0} recipient outcomes stored "
            + (earlierLines > 0 ? $"({upload.LinesSkipped - SkippedReasonsText.CountRoutine(upload.SkippedReasons):N0} lines skipped as stored by the earlier upload) " : string.Empty)
            + $"in {stopwatch.Elapsed.TotalSeconds:0.00} s = {upload.AttemptsStored / stopwatch.Elapsed.TotalSeconds:N0} attempts/s, "
            + $"{new FileInfo(path).Length / (1024.0 * 1024.0) / stopwatch.Elapsed.TotalSeconds:0.0} MB/s; "
            + $"CPU time {cpu.TotalSeconds:0.00} s; {allocated / (1024.0 * 1024.0 * 1024.0):0.00} GB allocated; "
            + $"GC paused {paused.TotalSeconds:0.00} s in {collections[0]:N0} collections ({collections[1]:N0} of gen1 or 2, {collections[2]:N0} of gen2)";
    }

    private static async Task<Guid> IngestOnceAsync(IServiceProvider services, Guid tenantId, string path)
    {
        var uploadId = Guid.NewGuid();
        File.Copy(path, EnsureFolder(services.GetRequiredService<UploadStorage>().GetPath(tenantId, uploadId)));
        await using (var db = services.GetRequiredService<TenantDbContextFactory>().CreateForTenant(tenantId))
        {
            db.Uploads.Add(new Upload { Id = uploadId, FileName = Path.GetFileName(path), SizeBytes = new FileInfo(path).Length, UploadedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UploadIngestService>().IngestAsync(tenantId, uploadId, CancellationToken.None);
        return uploadId;
    }

    private static (long Lines, long Attempts, TimeSpan Elapsed) ParseOnce(string path)
    {
        var stopwatch = Stopwatch.StartNew();
        using var file = File.OpenRead(path);
        var reading = BounceSourceReader.Open(file, Path.GetFileName(path), new BounceSourceOptions { Format = InputFormat.Postfix });
        long attempts = 0;
        foreach (var attempt in reading.Attempts)
        {
            _ = ClassifiedAttempt.From(attempt);
            attempts++;
        }

        return (reading.Report.LinesRead, attempts, stopwatch.Elapsed);
    }

    private static TimeSpan TimeGrep(string path)
    {
        var stopwatch = Stopwatch.StartNew();
        using var grep = Process.Start(new ProcessStartInfo("grep", ["-c", "status=", path]) { RedirectStandardOutput = true })!;
        grep.StandardOutput.ReadToEnd();
        grep.WaitForExit();
        return stopwatch.Elapsed;
    }

    private static string EnsureFolder(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Returns the value after option <paramref name="name"/>, or null when the option is absent.</summary>
    internal static string? ValueOf(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
