using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BouncePortal.Domain.Analytics;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// Sample logs for the upload tests.
/// </summary>
internal static class UploadIngestTests
{
    internal static string GenerateSampleLog(int messages, int mailboxes)
    {
        var writer = new StringWriter();
        new BouncePortal.Cli.Samples.PostfixSampleGenerator(new BouncePortal.Cli.Samples.PostfixSampleOptions
        {
            Messages = messages,
            Mailboxes = mailboxes,
            Seed = 7,
        }).Write(writer);
        return writer.ToString();
    }
}

public abstract class UploadIngestTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    [Fact]
    public async Task Ingest_TwoMailboxes_GaugesMatchHandCount()
    {
        var agency = await AgencySession.CreateAsync(factory, "North Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Completed, stored.Status);
        Assert.Equal(9, stored.AttemptsStored);
        Assert.Null(stored.Error);

        var dashboard = await GetDashboardAsync(agency.TenantId);
        Assert.Equal(6, dashboard.Agency.Sent);
        Assert.Equal(3, dashboard.Agency.SoftBounced);
        Assert.Equal(1, dashboard.Agency.HardBounced);

        var anna = dashboard.Mailboxes.Single(m => m.Mailbox == "anna@outreach-example.com");
        Assert.Equal(new BounceRates(4, 2, 1), anna.Rates);
        Assert.Equal(50.0, anna.Rates.SoftRate);
        Assert.Equal(25.0, anna.Rates.HardRate);

        var ben = dashboard.Mailboxes.Single(m => m.Mailbox == "ben@outreach-example.net");
        Assert.Equal(new BounceRates(2, 1, 0), ben.Rates);
    }

    [Fact]
    public async Task Ingest_GeneratedLog_MatchesCommandLineAnalysis()
    {
        var agency = await AgencySession.CreateAsync(factory, "Volume Agency");
        var log = UploadIngestTests.GenerateSampleLog(messages: 3000, mailboxes: 6);
        var upload = await factory.UploadAsync(agency.TenantId, "maillog-sample.log", log);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        using var analysis = RunCommandLineAnalyze(log);
        var dashboard = await GetDashboardAsync(agency.TenantId);
        var root = analysis.RootElement;
        Assert.Equal(root.GetProperty("messages").GetInt64(), dashboard.Agency.Sent);
        var mailboxes = root.GetProperty("mailboxes").EnumerateArray().ToList();
        Assert.Equal(6, mailboxes.Count);
        Assert.Equal(mailboxes.Count, dashboard.Mailboxes.Count);
        foreach (var expected in mailboxes)
        {
            var portal = dashboard.Mailboxes.Single(m => m.Mailbox == expected.GetProperty("mailbox").GetString());
            Assert.Equal(expected.GetProperty("sent").GetInt64(), portal.Rates.Sent);
            Assert.Equal(expected.GetProperty("softBounced").GetInt64(), portal.Rates.SoftBounced);
            Assert.Equal(expected.GetProperty("hardBounced").GetInt64(), portal.Rates.HardBounced);
            Assert.Equal(expected.GetProperty("softRate").GetDouble(), portal.Rates.SoftRate);
            Assert.Equal(expected.GetProperty("hardRate").GetDouble(), portal.Rates.HardRate);
            Assert.Equal(expected.GetProperty("softZone").GetString(), portal.Rates.SoftZone.ToString());
        }

        Assert.Contains(dashboard.Mailboxes, m => m.Rates.SoftBounced > 0);
        Assert.Contains(dashboard.Mailboxes, m => m.Rates.HardBounced > 0);
    }

    [Fact]
    public async Task Ingest_GzipUpload_SameFiguresAsPlain()
    {
        var agency = await AgencySession.CreateAsync(factory, "Gzip Agency");
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(SampleLogs.TwoMailboxes));
        }

        var upload = await factory.UploadAsync(agency.TenantId, "maillog.gz", compressed.ToArray());
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var dashboard = await GetDashboardAsync(agency.TenantId);
        Assert.Equal(new BounceRates(6, 3, 1), dashboard.Agency);
    }

    [Fact]
    public async Task Ingest_UnknownFormat_StoresNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Wrong File Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "notes.txt", SampleLogs.NotAMailLog);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.True(stored.FileRejected);
        Assert.Null(upload.JobId);
        Assert.Contains("notes.txt", stored.Error);
        Assert.Contains("Postfix", stored.Error);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(0, await db.Attempts.CountAsync());
        Assert.Equal(0, await db.RecipientOutcomes.CountAsync());
        await AssertFileDeletedAsync(agency.TenantId, upload.Id);
    }

    [Fact]
    public async Task Ingest_OtherProgramLine_NamesItsLine()
    {
        var agency = await AgencySession.CreateAsync(factory, "Skip Position Agency");
        var log = SampleBounces.PostfixBouncedLine + "\n2024-06-11T14:00:03+00:00 mta1 dovecot[900]: imap-login: Login: user=<anna>\n";
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", log);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(1, stored.AttemptsStored);
        Assert.Contains(": 1 (at line 2)", stored.SkippedReasons);
    }

    [Fact]
    public async Task RejectedFile_OffersNoRerun()
    {
        var agency = await AgencySession.CreateAsync(factory, "Broken Csv Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "broken.csv", "Email,Status\nanna@example.com,bounced\n\"ben@example.com,bounced\n");
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();

        var retried = await uploads.RetryAsync(agency.TenantId, upload.Id, CancellationToken.None);
        var page = await agency.GetPageAsync("/uploads");

        Assert.False(retried);
        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.True(stored.FileRejected);
        Assert.Contains("broken.csv, line 3", stored.Error);
        Assert.Contains("data-testid=\"fix-file\"", page);
        Assert.DoesNotContain("data-testid=\"run-again\"", page);
        await AssertFileDeletedAsync(agency.TenantId, upload.Id);

        // A job that runs again for the upload, as after a restart, leaves the failure as it is.
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        Assert.Equal(stored.Error, (await factory.ReloadAsync(agency.TenantId, upload.Id)).Error);
    }

    /// <summary>Asserts that the rejected upload's file is gone and takes no storage.</summary>
    private async Task AssertFileDeletedAsync(Guid tenantId, Guid uploadId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(File.Exists(scope.ServiceProvider.GetRequiredService<UploadStorage>().GetPath(tenantId, uploadId)));
        var usage = await scope.ServiceProvider.GetRequiredService<UploadService>().GetStorageUsageAsync(tenantId, CancellationToken.None);
        Assert.Equal(0, usage.UsedBytes);
    }

    [Fact]
    public async Task RejectedFile_KeepsRowsReadBeforeError()
    {
        var agency = await AgencySession.CreateAsync(factory, "Broken Late Agency");
        var csv = new StringBuilder("Email,Status\n");
        for (var line = 2; line < 50; line++)
        {
            csv.Append(line == 10 ? "not-an-address" : $"user{line}@example.com").Append(",bounced\n");
        }

        csv.Append("\"ben@example.com,bounced\n");
        var upload = await factory.UploadAsync(agency.TenantId, "late.csv", csv.ToString());

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.True(stored.FileRejected);
        Assert.Contains("late.csv, line 50", stored.Error);
        Assert.Equal(48, stored.LinesRead);
        Assert.Equal(1, stored.LinesSkipped);
        Assert.Equal(0, stored.AttemptsStored);
        Assert.False(string.IsNullOrEmpty(stored.SkippedReasons));
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(0, await db.Attempts.CountAsync(a => a.UploadId == upload.Id));
    }

    [Fact]
    public async Task Ingest_ShutdownMidway_RequeuesForRerun()
    {
        var agency = await AgencySession.CreateAsync(factory, "Shutdown Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", UploadIngestTests.GenerateSampleLog(messages: 40_000, mailboxes: 4));

        await CancelMidwayAsync(agency.TenantId, upload.Id, shuttingDown: true);

        var interrupted = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Queued, interrupted.Status);
        Assert.Null(interrupted.Error);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        var completed = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Completed, completed.Status);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(completed.AttemptsStored, await db.Attempts.CountAsync(a => a.UploadId == upload.Id));
        Assert.Equal(
            await db.RecipientOutcomes.Where(o => o.UploadId == upload.Id).Select(o => new { o.QueueId, o.Recipient }).Distinct().CountAsync(),
            await db.RecipientOutcomes.CountAsync(o => o.UploadId == upload.Id));
    }

    [Fact]
    public async Task Ingest_CancelledMidway_FailsAndStoresNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Cancelled Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", UploadIngestTests.GenerateSampleLog(messages: 40_000, mailboxes: 4));

        await CancelMidwayAsync(agency.TenantId, upload.Id, shuttingDown: false);

        var failed = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, failed.Status);
        Assert.Contains("was cancelled", failed.Error);
        Assert.False(failed.FileRejected);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(0, await db.Attempts.CountAsync(a => a.UploadId == upload.Id));
        Assert.Equal(0, await db.RecipientOutcomes.CountAsync(o => o.UploadId == upload.Id));
    }

    [Fact]
    public async Task Ingest_TruncatedGzip_FailsAndKeepsEarlierUpload()
    {
        var agency = await AgencySession.CreateAsync(factory, "Truncated Agency");
        var good = await factory.UploadAsync(agency.TenantId, "good.log", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, good.Id);

        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(UploadIngestTests.GenerateSampleLog(messages: 500, mailboxes: 2)));
        }

        var cut = compressed.ToArray()[..(int)(compressed.Length / 2)];
        var broken = await factory.UploadAsync(agency.TenantId, "cut.log.gz", cut);
        await factory.RunUploadJobAsync(agency.TenantId, broken.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, broken.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.Contains("cut.log.gz", stored.Error);
        Assert.True(stored.FileRejected);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(0, await db.Attempts.CountAsync(a => a.UploadId == broken.Id));
        Assert.Equal(9, await db.Attempts.CountAsync(a => a.UploadId == good.Id));
        var dashboard = await GetDashboardAsync(agency.TenantId);
        Assert.Equal(new BounceRates(6, 3, 1), dashboard.Agency);
    }

    [Fact]
    public async Task Ingest_RunTwice_SecondRunChangesNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Twice Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(9, await db.Attempts.CountAsync());
        Assert.Equal(6, await db.RecipientOutcomes.CountAsync());
    }

    [Fact]
    public async Task Ingest_InterruptedRun_RerunReplacesPartialRows()
    {
        var agency = await AgencySession.CreateAsync(factory, "Interrupted Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            // A crashed run leaves the upload Processing with some rows stored.
            db.Attempts.Add(new StoredAttempt { UploadId = upload.Id, Recipient = "left@example.com", RecipientDomain = "example.com" });
            var row = await db.Uploads.SingleAsync(u => u.Id == upload.Id);
            row.Status = UploadStatus.Processing;
            await db.SaveChangesAsync();
        }

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        await using var check = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(9, await check.Attempts.CountAsync());
        Assert.False(await check.Attempts.AnyAsync(a => a.Recipient == "left@example.com"));
    }

    [Fact]
    public async Task Ingest_StoredAttempt_KeepsClassification()
    {
        var agency = await AgencySession.CreateAsync(factory, "Detail Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        await using var db = factory.OpenDatabase(agency.TenantId);
        var bounce = await db.Attempts.SingleAsync(a => a.Recipient == "sales@example.com");
        Assert.Equal(Domain.Classification.DeliveryOutcome.Bounced, bounce.Outcome);
        Assert.Equal(Domain.Classification.BounceClass.Hard, bounce.Class);
        Assert.Equal(550, bounce.BasicCode);
        Assert.Equal("5.1.1", bounce.EnhancedCode);
        Assert.Equal(Domain.Classification.BounceCategory.UserUnknown, bounce.Category);
        Assert.True(bounce.Suppress);
        Assert.Equal("anna@outreach-example.com", bounce.Sender);
        Assert.Equal(new DateTime(2024, 6, 11, 9, 1, 2, DateTimeKind.Utc), DateTime.SpecifyKind(bounce.AttemptedAt, DateTimeKind.Utc));

        var expired = await db.Attempts.SingleAsync(a => a.Outcome == Domain.Classification.DeliveryOutcome.Expired);
        Assert.Equal("info@example.net", expired.Recipient);
        Assert.Equal(Domain.Classification.BounceCategory.NetworkError, expired.Category);
    }

    /// <summary>
    /// Runs the upload's job and cancels it once it has reported progress, which it does after
    /// committing its first 20,000 attempts, with the host stopping or not.
    /// </summary>
    private async Task CancelMidwayAsync(Guid tenantId, Guid uploadId, bool shuttingDown)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var ingest = ActivatorUtilities.CreateInstance<UploadIngestService>(scope.ServiceProvider, new HostLifetime(shuttingDown));
        using var cancellation = new CancellationTokenSource();

        // One open context keeps each poll to a single small query, well inside the time the job
        // takes for the attempts after its first progress report.
        await using var db = factory.OpenDatabase(tenantId);
        var progress = db.Uploads.AsNoTracking().Where(u => u.Id == uploadId).Select(u => u.AttemptsStored);
        var run = Task.Run(() => ingest.IngestAsync(tenantId, uploadId, cancellation.Token));
        while (!run.IsCompleted && await progress.SingleAsync() == 0)
        {
            await Task.Delay(2);
        }

        Assert.False(run.IsCompleted, "The job finished before the test could cancel it; give it a larger log.");
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    /// <summary>A host lifetime that is stopping or not.</summary>
    private sealed class HostLifetime(bool stopping) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping { get; } = new(stopping);

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }

    private async Task<BounceDashboard> GetDashboardAsync(Guid tenantId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BounceDashboardService>().GetAsync(tenantId, CancellationToken.None);
    }

    private JsonDocument RunCommandLineAnalyze(string log)
    {
        var path = Path.Combine(factory.DataDirectory, $"analyze-{Guid.NewGuid():N}.log");
        File.WriteAllText(path, log);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = BouncePortal.Cli.CliApplication.Run(["analyze", "--json", path], stdout, stderr);

        Assert.True(exitCode == 0, stderr.ToString());
        return JsonDocument.Parse(stdout.ToString());
    }
}

/// <summary>The upload ingest tests on SQLite.</summary>
public sealed class UploadIngestSqliteTests(PortalFactory factory) : UploadIngestTests<PortalFactory>(factory)
{
    private readonly PortalFactory sqlite = factory;

    // The trigger that fails a write midway is SQLite syntax, so this case runs on SQLite only.
    [Fact]
    public async Task Ingest_WriteFailsMidway_FailsAndRerunSucceeds()
    {
        var agency = await AgencySession.CreateAsync(sqlite, "Write Failure Agency");
        var upload = await sqlite.UploadAsync(agency.TenantId, "maillog", Encoding.UTF8.GetBytes(UploadIngestTests.GenerateSampleLog(messages: 3_000, mailboxes: 2)));
        // DDL takes no parameters; the names and values come from a GUID only.
        var trigger = $"fail_attempts_{upload.Id:N}";
        var createTrigger = $"CREATE TRIGGER {trigger} BEFORE INSERT ON Attempts "
            + $"WHEN NEW.UploadId = '{upload.Id.ToString().ToUpperInvariant()}' AND NEW.Line > 8000 BEGIN SELECT RAISE(ABORT, 'disk is full'); END;";
        var dropTrigger = $"DROP TRIGGER {trigger};";
        await using (var db = sqlite.OpenDatabase(agency.TenantId))
        {
            // The database rejects a row after some were written, as on a full disk.
            await db.Database.ExecuteSqlRawAsync(createTrigger);
        }

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => sqlite.RunUploadJobAsync(agency.TenantId, upload.Id));

        Assert.Contains("disk is full", failure.Message);
        var failed = await sqlite.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, failed.Status);
        Assert.False(failed.FileRejected);
        var page = await agency.GetPageAsync("/uploads");
        Assert.Contains("data-testid=\"run-again\"", page);
        Assert.DoesNotContain("data-testid=\"fix-file\"", page);
        await using (var db = sqlite.OpenDatabase(agency.TenantId))
        {
            Assert.Equal(0, await db.Attempts.CountAsync(a => a.UploadId == upload.Id));
            Assert.Equal(0, await db.RecipientOutcomes.CountAsync(o => o.UploadId == upload.Id));
            await db.Database.ExecuteSqlRawAsync(dropTrigger);
        }

        await sqlite.RunUploadJobAsync(agency.TenantId, upload.Id);

        var completed = await sqlite.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Completed, completed.Status);
        Assert.True(completed.AttemptsStored > 3_000);
        await using var check = sqlite.OpenDatabase(agency.TenantId);
        Assert.Equal(completed.AttemptsStored, await check.Attempts.CountAsync(a => a.UploadId == upload.Id));
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class UploadIngestPostgreSqlTests(PostgreSqlPortalFactory factory) : UploadIngestTests<PostgreSqlPortalFactory>(factory);
