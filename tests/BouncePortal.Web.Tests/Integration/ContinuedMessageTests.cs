using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Suppression;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// A message that one log leaves deferred and a later log retries counts once, in the later upload,
/// with all of its attempts.
/// </summary>
public abstract class ContinuedMessageTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    /// <summary>Two messages: one delivered, one greylisted at 23:50 and still queued when the log ends.</summary>
    private const string Monday = """
        2024-06-10T23:40:00+00:00 mta1 postfix/qmgr[2210]: 1A0000000A: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-10T23:40:02+00:00 mta1 postfix/smtp[30117]: 1A0000000A: to=<j.doe@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=1.9, delays=0.05/0.01/0.61/1.2, dsn=2.0.0, status=sent (250 2.0.0 OK queued)
        2024-06-10T23:40:03+00:00 mta1 postfix/qmgr[2210]: 1A0000000A: removed
        2024-06-10T23:50:00+00:00 mta1 postfix/qmgr[2210]: 1A0000000C: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-10T23:50:02+00:00 mta1 postfix/smtp[30122]: 1A0000000C: to=<cfo@example.org>, relay=mx1.example.org[192.0.2.70]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=4.7.1, status=deferred (host mx1.example.org[192.0.2.70] said: 451 4.7.1 <cfo@example.org>: Recipient address rejected: Greylisted for 5 minutes (in reply to RCPT TO command))

        """;

    /// <summary>The greylisted message delivered after midnight, and one new message.</summary>
    private const string Tuesday = """
        2024-06-11T00:05:00+00:00 mta1 postfix/qmgr[2210]: 1A0000000C: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T00:05:02+00:00 mta1 postfix/smtp[30130]: 1A0000000C: to=<cfo@example.org>, relay=mx1.example.org[192.0.2.70]:25, delay=900, delays=899/0/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4F00)
        2024-06-11T00:05:03+00:00 mta1 postfix/qmgr[2210]: 1A0000000C: removed
        2024-06-11T00:10:00+00:00 mta1 postfix/qmgr[2210]: 1A0000000D: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T00:10:02+00:00 mta1 postfix/smtp[30131]: 1A0000000D: to=<ops@example.net>, relay=mx.example.net[192.0.2.44]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)
        2024-06-11T00:10:03+00:00 mta1 postfix/qmgr[2210]: 1A0000000D: removed

        """;

    [Fact]
    public async Task RetryInLaterLog_CountsMessageOnce()
    {
        var agency = await AgencySession.CreateAsync(factory, "Continued Message Agency");
        var monday = await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);
        var before = await DashboardAsync(agency.TenantId);
        Assert.Equal(2, before.Agency.Sent);
        Assert.Equal(1, before.UnresolvedSoft);

        var tuesday = await factory.UploadAndRunAsync(agency.TenantId, "tuesday.log", Tuesday);

        Assert.Equal(UploadStatus.Completed, tuesday.Status);
        Assert.Equal(1, tuesday.MessagesContinued);
        Assert.Equal(0, monday.MessagesContinued);
        var dashboard = await DashboardAsync(agency.TenantId);
        Assert.Equal(3, dashboard.Agency.Sent);
        Assert.Equal(1, dashboard.Agency.SoftBounced);
        Assert.Equal(0, dashboard.UnresolvedSoft);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var continued = await db.RecipientOutcomes.SingleAsync(o => o.UploadId == tuesday.Id && o.Recipient == "cfo@example.org");
        Assert.Equal(2, continued.Attempts);
        Assert.True(continued.ResolvedDeferral);
        Assert.True(continued.GreylistingResolved);
        Assert.Equal(new DateTime(2024, 6, 10, 23, 50, 2), continued.FirstAttemptAt);
        var deferred = await db.RecipientOutcomes.SingleAsync(o => o.UploadId == monday.Id && o.Recipient == "cfo@example.org");
        Assert.Equal(tuesday.Id, deferred.SupersededByUploadId);
    }

    [Fact]
    public async Task DeletedLaterLog_LeavesMessageDeferredAgain()
    {
        var agency = await AgencySession.CreateAsync(factory, "Deleted Continuing Log Agency");
        var monday = await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);
        var tuesday = await factory.UploadAndRunAsync(agency.TenantId, "tuesday.log", Tuesday);

        Assert.True(await DeleteAsync(agency.TenantId, tuesday.Id));

        var dashboard = await DashboardAsync(agency.TenantId);
        Assert.Equal(2, dashboard.Agency.Sent);
        Assert.Equal(1, dashboard.UnresolvedSoft);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.False(await db.RecipientOutcomes.AnyAsync(o => o.SupersededByUploadId != null));
        Assert.Equal(UploadStatus.Completed, (await factory.ReloadAsync(agency.TenantId, monday.Id)).Status);
    }

    [Fact]
    public async Task DeletedEarlierLog_RerunsLaterLog()
    {
        var agency = await AgencySession.CreateAsync(factory, "Deleted Continued Log Agency");
        var monday = await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);
        var tuesday = await factory.UploadAndRunAsync(agency.TenantId, "tuesday.log", Tuesday);

        Assert.True(await DeleteAsync(agency.TenantId, monday.Id));

        Assert.Equal(UploadStatus.Queued, (await factory.ReloadAsync(agency.TenantId, tuesday.Id)).Status);
        await factory.RunUploadJobAsync(agency.TenantId, tuesday.Id);
        var rerun = await factory.ReloadAsync(agency.TenantId, tuesday.Id);
        Assert.Equal(UploadStatus.Completed, rerun.Status);
        Assert.Equal(0, rerun.MessagesContinued);
        var dashboard = await DashboardAsync(agency.TenantId);
        Assert.Equal(2, dashboard.Agency.Sent);
        Assert.Equal(0, dashboard.Agency.SoftBounced);
        Assert.Equal(0, dashboard.UnresolvedSoft);
    }

    [Fact]
    public async Task EarlierLogUploadedLater_RerunsLaterLog()
    {
        var agency = await AgencySession.CreateAsync(factory, "Late Monday Agency");
        var tuesday = await factory.UploadAndRunAsync(agency.TenantId, "tuesday.log", Tuesday);
        var other = await factory.UploadAndRunAsync(agency.TenantId, "mta2.log", SampleLogs.Delivered(0, 3, queuePrefix: "2C"));

        await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);

        Assert.Equal(UploadStatus.Queued, (await factory.ReloadAsync(agency.TenantId, tuesday.Id)).Status);
        Assert.Equal(UploadStatus.Completed, (await factory.ReloadAsync(agency.TenantId, other.Id)).Status);
        await factory.RunUploadJobAsync(agency.TenantId, tuesday.Id);
        var rerun = await factory.ReloadAsync(agency.TenantId, tuesday.Id);
        Assert.Equal(UploadStatus.Completed, rerun.Status);
        Assert.Equal(1, rerun.MessagesContinued);
        var dashboard = await DashboardAsync(agency.TenantId);
        Assert.Equal(6, dashboard.Agency.Sent);
        Assert.Equal(0, dashboard.UnresolvedSoft);
    }

    [Fact]
    public async Task EarlierLogUploadedAgain_ContinuedAgain()
    {
        var agency = await AgencySession.CreateAsync(factory, "Monday Again Agency");
        var monday = await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);
        var tuesday = await factory.UploadAndRunAsync(agency.TenantId, "tuesday.log", Tuesday);
        Assert.True(await DeleteAsync(agency.TenantId, monday.Id));
        await factory.RunUploadJobAsync(agency.TenantId, tuesday.Id);

        await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);
        await factory.RunUploadJobAsync(agency.TenantId, tuesday.Id);

        Assert.Equal(1, (await factory.ReloadAsync(agency.TenantId, tuesday.Id)).MessagesContinued);
        var dashboard = await DashboardAsync(agency.TenantId);
        Assert.Equal(3, dashboard.Agency.Sent);
        Assert.Equal(0, dashboard.UnresolvedSoft);
    }

    [Fact]
    public async Task FailedRerunOfEarlierLog_RerunsLaterLog()
    {
        var agency = await AgencySession.CreateAsync(factory, "Failed Monday Rerun Agency");
        var monday = await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);
        var tuesday = await factory.UploadAndRunAsync(agency.TenantId, "tuesday.log", Tuesday);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            // As when a run is queued again and its stored file is gone by the time it starts.
            await db.Uploads.Where(u => u.Id == monday.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.Status, UploadStatus.Queued));
        }

        File.Delete(factory.Services.GetRequiredService<UploadStorage>().GetPath(agency.TenantId, monday.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => factory.RunUploadJobAsync(agency.TenantId, monday.Id));

        Assert.Equal(UploadStatus.Queued, (await factory.ReloadAsync(agency.TenantId, tuesday.Id)).Status);
        await factory.RunUploadJobAsync(agency.TenantId, tuesday.Id);
        Assert.Equal(0, (await factory.ReloadAsync(agency.TenantId, tuesday.Id)).MessagesContinued);
        var dashboard = await DashboardAsync(agency.TenantId);
        Assert.Equal(2, dashboard.Agency.Sent);
        Assert.Equal(0, dashboard.UnresolvedSoft);
    }

    [Fact]
    public async Task BrokenLaterLog_ContinuesNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Broken Tuesday Agency");
        var monday = await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);

        // The retry is read before the invalid bytes on the last line reject the file.
        var broken = await factory.UploadAsync(agency.TenantId, "tuesday.log", [.. System.Text.Encoding.UTF8.GetBytes(Tuesday), 0xC3, 0x28, (byte)'\n']);
        await factory.RunUploadJobAsync(agency.TenantId, broken.Id);

        var failed = await factory.ReloadAsync(agency.TenantId, broken.Id);
        Assert.Equal(UploadStatus.Failed, failed.Status);
        Assert.Contains("tuesday.log, line 7", failed.Error);
        Assert.Equal(0, failed.MessagesContinued);
        var dashboard = await DashboardAsync(agency.TenantId);
        Assert.Equal(2, dashboard.Agency.Sent);
        Assert.Equal(1, dashboard.UnresolvedSoft);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Null((await db.RecipientOutcomes.SingleAsync(o => o.UploadId == monday.Id && o.Recipient == "cfo@example.org")).SupersededByUploadId);
    }

    [Fact]
    public async Task OtherAgencyDeferral_IsNotContinued()
    {
        var owner = await AgencySession.CreateAsync(factory, "Deferring Agency");
        var other = await AgencySession.CreateAsync(factory, "Retrying Agency");
        var monday = await factory.UploadAndRunAsync(owner.TenantId, "monday.log", Monday);

        var tuesday = await factory.UploadAndRunAsync(other.TenantId, "tuesday.log", Tuesday);

        Assert.Equal(0, tuesday.MessagesContinued);
        Assert.Equal(2, (await DashboardAsync(other.TenantId)).Agency.Sent);
        var owners = await DashboardAsync(owner.TenantId);
        Assert.Equal(2, owners.Agency.Sent);
        Assert.Equal(1, owners.UnresolvedSoft);
        await using var db = factory.OpenDatabase(owner.TenantId);
        Assert.Null((await db.RecipientOutcomes.SingleAsync(o => o.UploadId == monday.Id && o.Recipient == "cfo@example.org")).SupersededByUploadId);
    }

    [Fact]
    public async Task RetryAfterRetryWindow_CountsAsNewMessage()
    {
        var agency = await AgencySession.CreateAsync(factory, "Late Retry Agency");
        await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);

        var later = await factory.UploadAndRunAsync(agency.TenantId, "later.log", Tuesday.Replace("2024-06-11", "2024-06-19"));

        Assert.Equal(0, later.MessagesContinued);
        var dashboard = await DashboardAsync(agency.TenantId);
        Assert.Equal(4, dashboard.Agency.Sent);
        Assert.Equal(1, dashboard.UnresolvedSoft);
    }

    [Fact]
    public async Task SoftBouncesAcrossLogs_AddUpToSuppression()
    {
        var agency = await AgencySession.CreateAsync(factory, "Persistent Across Logs Agency");
        await factory.UploadAndRunAsync(agency.TenantId, "monday.log", MailboxFull("2024-06-10", 20, 21, 22));
        Assert.Empty(await SuppressedAsync(agency.TenantId));

        var tuesday = await factory.UploadAndRunAsync(agency.TenantId, "tuesday.log", MailboxFull("2024-06-11", 0, 1));

        Assert.Equal(1, tuesday.MessagesContinued);
        var suppressed = Assert.Single(await SuppressedAsync(agency.TenantId));
        Assert.Equal("full@example.org", suppressed.Recipient);
        Assert.True(suppressed.PersistentSoftBounce);
        Assert.Equal(1, suppressed.Messages);
        var dashboard = await DashboardAsync(agency.TenantId);
        Assert.Equal(1, dashboard.Agency.Sent);
        Assert.Equal(1, dashboard.UnresolvedSoft);
    }

    [Fact]
    public async Task ContinuingLogCard_CountsMessages()
    {
        var agency = await AgencySession.CreateAsync(factory, "Continued Card Agency");
        var monday = await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);
        await factory.UploadAndRunAsync(agency.TenantId, "tuesday.log", Tuesday);

        var html = System.Net.WebUtility.HtmlDecode(await agency.Client.GetStringAsync("/uploads"));

        Assert.Contains(
            $"1 message retried here after {SkippedReasonsText.StoredBy("monday.log", monday.UploadedAt)} left it deferred: this upload counts each once, with all of its attempts, on the day of its first attempt.",
            html);
    }

    [Fact]
    public async Task ConcurrentContinuingLogs_ContinueOnce()
    {
        var agency = await AgencySession.CreateAsync(factory, "Same Moment Continuing Agency");
        var monday = await factory.UploadAndRunAsync(agency.TenantId, "monday.log", Monday);
        var first = await factory.UploadAsync(agency.TenantId, "tuesday.log", Tuesday);
        var second = await factory.UploadAsync(agency.TenantId, "mta1-retry.log", Tuesday.Split('\n')[0] + "\n" + Tuesday.Split('\n')[1].Replace("00:05:02", "00:06:02") + "\n");

        // The second job runs to the end while the first is about to complete, as when two workers run at once.
        var ingest = factory.IngestWithInterceptor(new RunBeforeSecondSpanQuery(() => factory.RunUploadJobAsync(agency.TenantId, second.Id)));
        await ingest.IngestAsync(agency.TenantId, first.Id, CancellationToken.None);

        var firstDone = await factory.ReloadAsync(agency.TenantId, first.Id);
        var secondDone = await factory.ReloadAsync(agency.TenantId, second.Id);
        Assert.Equal(UploadStatus.Completed, firstDone.Status);
        Assert.Equal(1, secondDone.MessagesContinued);
        Assert.Equal(0, firstDone.MessagesContinued);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(second.Id, (await db.RecipientOutcomes.SingleAsync(o => o.UploadId == monday.Id && o.Recipient == "cfo@example.org")).SupersededByUploadId);
        Assert.Equal(4, (await DashboardAsync(agency.TenantId)).Agency.Sent);
    }

    /// <summary>Deferrals of one message to a full mailbox at the given hours of <paramref name="day"/>.</summary>
    private static string MailboxFull(string day, params int[] hours) => string.Concat(hours.Select(hour =>
        $"{day}T{hour:00}:00:02+00:00 mta1 postfix/smtp[30122]: 1A0000000F: to=<full@example.org>, relay=mx1.example.org[192.0.2.70]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=4.2.2, status=deferred (host mx1.example.org[192.0.2.70] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))\n"));

    private async Task<BounceDashboard> DashboardAsync(Guid tenantId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BounceDashboardService>().GetAsync(tenantId, CancellationToken.None);
    }

    private async Task<IReadOnlyList<SuppressedRecipient>> SuppressedAsync(Guid tenantId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SuppressionListService>().ListAsync(tenantId, null, CancellationToken.None);
    }

    private async Task<bool> DeleteAsync(Guid tenantId, Guid uploadId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UploadService>().DeleteAsync(tenantId, uploadId, CancellationToken.None);
    }
}

/// <summary>The continued message tests on SQLite.</summary>
public sealed class ContinuedMessageSqliteTests(PortalFactory factory) : ContinuedMessageTests<PortalFactory>(factory);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class ContinuedMessagePostgreSqlTests(PostgreSqlPortalFactory factory) : ContinuedMessageTests<PostgreSqlPortalFactory>(factory);
