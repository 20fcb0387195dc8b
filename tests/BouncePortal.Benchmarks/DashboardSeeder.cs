using System.Diagnostics;
using System.Text;
using BouncePortal.Cli.Samples;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Benchmarks;

/// <summary>
/// Fills one agency with synthetic Postfix logs through the real upload job, so its attempts,
/// recipient outcomes, diagnoses and hourly rollups are stored exactly as the portal stores them.
/// </summary>
internal static class DashboardSeeder
{
    /// <summary>
    /// Sending mailboxes. The generator sends 320 messages per mailbox and sending day on
    /// average, so 350 mailboxes send about 112,000 messages (165,000 attempts) a day and
    /// 10 million attempts span about 60 days.
    /// </summary>
    public const int Mailboxes = 350;

    /// <summary>Messages per generated log: about 1.47 million attempts and 1 GB each.</summary>
    private const int MessagesPerFile = 1_000_000;

    /// <summary>Attempts per message that the generator writes on average, used to size the last log.</summary>
    private const double AttemptsPerMessage = 1.47;

    private static readonly DateOnly FirstDay = new(2026, 8, 3);

    /// <summary>
    /// Generates and ingests logs one after another until at least <paramref name="attempts"/>
    /// attempts are stored. Each log starts the day after the previous log's last sending day,
    /// as rotated logs of one server do, and is deleted once it is ingested.
    /// </summary>
    public static async Task<SeedResult> SeedAsync(IServiceProvider services, Guid tenantId, long attempts, TextWriter progress)
    {
        var storage = services.GetRequiredService<UploadStorage>();
        var databases = services.GetRequiredService<TenantDbContextFactory>();
        var generating = TimeSpan.Zero;
        var ingesting = TimeSpan.Zero;
        var stored = 0L;
        var files = 0;
        var start = FirstDay;

        while (stored < attempts)
        {
            files++;
            var messages = (int)Math.Clamp(Math.Ceiling((attempts - stored) / AttemptsPerMessage), 1, MessagesPerFile);
            var uploadId = Guid.NewGuid();
            var path = storage.GetPath(tenantId, uploadId);

            var stopwatch = Stopwatch.StartNew();
            var size = Generate(path, messages, seed: 10 + files, start);
            generating += stopwatch.Elapsed;

            stopwatch.Restart();
            await using (var db = databases.CreateForTenant(tenantId))
            {
                db.Uploads.Add(new Upload { Id = uploadId, FileName = $"maillog-{files}.log", SizeBytes = size, UploadedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }

            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<UploadIngestService>().IngestAsync(tenantId, uploadId, CancellationToken.None);
            }

            ingesting += stopwatch.Elapsed;
            File.Delete(path);

            await using (var db = databases.CreateForTenant(tenantId))
            {
                var upload = await db.Uploads.AsNoTracking().SingleAsync(u => u.Id == uploadId);
                if (upload.Status != UploadStatus.Completed)
                {
                    throw new InvalidOperationException($"Upload {upload.FileName} ended as {upload.Status}: {upload.Error}");
                }

                stored += upload.AttemptsStored;
                var lastHour = await db.Rollups.Where(r => r.Kind == SliceKind.Agency).MaxAsync(r => r.HourUtc);
                start = DateOnly.FromDateTime(lastHour).AddDays(1);
            }

            progress.WriteLine($"seed: log {files}, {messages:N0} messages ({size / (1024.0 * 1024.0):0} MB); {stored:N0} attempts stored so far; "
                + $"{generating.TotalSeconds:0} s generating, {ingesting.TotalSeconds:0} s ingesting");
        }

        return new SeedResult(stored, files, generating, ingesting);
    }

    private static long Generate(string path, int messages, int seed, DateOnly start)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16))
        {
            var options = new PostfixSampleOptions { Messages = messages, Mailboxes = Mailboxes, Seed = seed, Start = start };
            new PostfixSampleGenerator(options).Write(writer);
        }

        return new FileInfo(path).Length;
    }
}

/// <summary>What seeding stored and how long it took.</summary>
internal sealed record SeedResult(long Attempts, int Uploads, TimeSpan Generating, TimeSpan Ingesting)
{
    public TimeSpan Elapsed => Generating + Ingesting;
}
