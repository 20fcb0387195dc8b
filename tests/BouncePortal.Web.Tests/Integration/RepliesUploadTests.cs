using System.Text;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Attempts;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Suppression;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// An upload of bare SMTP replies names no recipient: its replies are listed as attempts but count
/// toward no rate, outcome, rollup, suppression or diagnosis.
/// </summary>
public sealed class RepliesUploadTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Replies = """
        550 5.1.1 The email account that you tried to reach does not exist.

        421 4.7.0 Messages from 198.51.100.23 temporarily deferred due to unexpected volume
        250 2.0.0 OK queued as 9D2B55C1E0
        Connection timed out

        """;

    [Fact]
    public async Task Replies_AreListedAsAttempts()
    {
        var agency = await AgencySession.CreateAsync(factory, "Replies Listed");

        var stored = await UploadRepliesAsync(agency.TenantId);

        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        Assert.Equal(4, stored.AttemptsStored);
        await using var scope = factory.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<AttemptExplorerService>()
            .SearchAsync(agency.TenantId, new AttemptQuery(), 0, 50, CancellationToken.None);
        Assert.Equal(4, page.Total);
        Assert.Contains(page.Rows, row => row.Reply!.StartsWith("550 5.1.1", StringComparison.Ordinal));
        Assert.All(page.Rows, row => Assert.Equal(string.Empty, row.Recipient));
    }

    [Fact]
    public async Task CountedOnly_LeavesRepliesOut()
    {
        var agency = await AgencySession.CreateAsync(factory, "Replies Not Counted");
        await UploadRepliesAsync(agency.TenantId);
        var log = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, log.Id);
        await using var scope = factory.Services.CreateAsyncScope();
        var explorer = scope.ServiceProvider.GetRequiredService<AttemptExplorerService>();

        var all = await explorer.SearchAsync(agency.TenantId, new AttemptQuery(), 0, 50, CancellationToken.None);
        var counted = await explorer.SearchAsync(agency.TenantId, new AttemptQuery(CountedOnly: true), 0, 50, CancellationToken.None);

        Assert.Equal(13, all.Total);
        Assert.Equal(9, counted.Total);
        Assert.All(counted.Rows, row => Assert.NotEqual(string.Empty, row.Recipient));
    }

    [Fact]
    public async Task CountedOnly_LeavesBounceEmailsOut()
    {
        var agency = await AgencySession.CreateAsync(factory, "Bounce Emails Not Counted");
        var emails = await factory.UploadAsync(agency.TenantId, "bounces.mbox", SampleBounces.Mbox(2));
        await factory.RunUploadJobAsync(agency.TenantId, emails.Id);
        var log = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, log.Id);
        await using var scope = factory.Services.CreateAsyncScope();
        var explorer = scope.ServiceProvider.GetRequiredService<AttemptExplorerService>();

        var all = await explorer.SearchAsync(agency.TenantId, new AttemptQuery(), 0, 50, CancellationToken.None);
        var counted = await explorer.SearchAsync(agency.TenantId, new AttemptQuery(CountedOnly: true), 0, 50, CancellationToken.None);

        Assert.Equal(11, all.Total);
        Assert.Equal(9, counted.Total);
        Assert.All(counted.Rows, row => Assert.Equal(log.Id, row.UploadId));
    }

    [Fact]
    public async Task CountedOnly_OtherAgencysLogCountsNothing()
    {
        var emailsAgency = await AgencySession.CreateAsync(factory, "Counted Emails Agency");
        var logAgency = await AgencySession.CreateAsync(factory, "Counted Log Agency");
        var emails = await factory.UploadAsync(emailsAgency.TenantId, "bounces.mbox", SampleBounces.Mbox(2));
        await factory.RunUploadJobAsync(emailsAgency.TenantId, emails.Id);
        var log = await factory.UploadAsync(logAgency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(logAgency.TenantId, log.Id);
        await using var scope = factory.Services.CreateAsyncScope();
        var explorer = scope.ServiceProvider.GetRequiredService<AttemptExplorerService>();

        var emailsCounted = await explorer.SearchAsync(emailsAgency.TenantId, new AttemptQuery(CountedOnly: true), 0, 50, CancellationToken.None);
        var logCounted = await explorer.SearchAsync(logAgency.TenantId, new AttemptQuery(CountedOnly: true), 0, 50, CancellationToken.None);

        Assert.Equal(0, emailsCounted.Total);
        Assert.Equal(9, logCounted.Total);
        Assert.All(logCounted.Rows, row => Assert.Equal(log.Id, row.UploadId));
    }

    [Fact]
    public async Task Replies_CreateNoOutcomeRollupOrDiagnosis()
    {
        var agency = await AgencySession.CreateAsync(factory, "Replies Uncounted");

        await UploadRepliesAsync(agency.TenantId);

        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(4, await db.Attempts.CountAsync());
        Assert.False(await db.RecipientOutcomes.AnyAsync());
        Assert.False(await db.Rollups.AnyAsync());
        Assert.False(await db.Diagnoses.AnyAsync());
    }

    [Fact]
    public async Task Replies_LeaveDashboardEmpty()
    {
        var agency = await AgencySession.CreateAsync(factory, "Replies Dashboard");

        await UploadRepliesAsync(agency.TenantId);

        await using var scope = factory.Services.CreateAsyncScope();
        var dashboard = await scope.ServiceProvider.GetRequiredService<BounceDashboardService>()
            .GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(0, dashboard.Agency.Sent);
        Assert.Empty(dashboard.Mailboxes);
        Assert.True(dashboard.IsEmpty);
        Assert.Equal(0, dashboard.CompletedUploads);
    }

    [Fact]
    public async Task Replies_LeaveUploadCountOut()
    {
        var agency = await AgencySession.CreateAsync(factory, "Replies Upload Count");
        var log = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, log.Id);
        var replies = await UploadRepliesAsync(agency.TenantId);

        await using var scope = factory.Services.CreateAsyncScope();
        var dashboard = await scope.ServiceProvider.GetRequiredService<BounceDashboardService>()
            .GetAsync(agency.TenantId, CancellationToken.None);
        var page = await agency.GetPageAsync("/dashboard");

        Assert.Equal(UploadStatus.Completed, replies.Status);
        Assert.Equal(1, dashboard.CompletedUploads);
        Assert.Contains("1 completed upload that counts toward the rates.", page);
    }

    [Fact]
    public async Task UploadCounts_IgnoreOtherAgency()
    {
        var other = await AgencySession.CreateAsync(factory, "Replies Other Agency");
        var log = await factory.UploadAsync(other.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(other.TenantId, log.Id);
        await UploadRepliesAsync(other.TenantId);
        var agency = await AgencySession.CreateAsync(factory, "Replies Own Agency");
        await UploadRepliesAsync(agency.TenantId);

        await using var scope = factory.Services.CreateAsyncScope();
        var dashboard = await scope.ServiceProvider.GetRequiredService<BounceDashboardService>()
            .GetAsync(agency.TenantId, CancellationToken.None);
        var page = await agency.GetPageAsync("/dashboard");

        Assert.Equal(0, dashboard.CompletedUploads);
        Assert.Equal(1, dashboard.CompletedUploadsWithoutRecipients);
        Assert.Contains("dashboard-replies-only", page);
    }

    [Fact]
    public async Task RepliesOnly_PageExplainsNoRates()
    {
        var agency = await AgencySession.CreateAsync(factory, "Replies Only Page");

        await UploadRepliesAsync(agency.TenantId);
        var page = await agency.GetPageAsync("/dashboard");

        Assert.Contains("dashboard-replies-only", page);
        Assert.Contains("SMTP replies name no recipient", page);
        Assert.DoesNotContain("No bounce data yet", page);
        Assert.DoesNotContain("No attempts in this time window", page);
    }

    [Fact]
    public async Task Replies_LeaveSuppressionListEmpty()
    {
        var agency = await AgencySession.CreateAsync(factory, "Replies Suppression");

        await UploadRepliesAsync(agency.TenantId);

        await using var scope = factory.Services.CreateAsyncScope();
        var list = await scope.ServiceProvider.GetRequiredService<SuppressionListService>()
            .ListAsync(agency.TenantId, null, CancellationToken.None);
        Assert.Empty(list);
        var csv = await agency.Client.GetStringAsync("/exports/suppression-list.csv");
        Assert.Single(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task SuppressionList_SkipsStoredRowWithoutRecipient()
    {
        var agency = await AgencySession.CreateAsync(factory, "Replies Old Rows");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        // An upload ingested before outcomes required a recipient left rows like this one.
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var blank = await db.RecipientOutcomes.FirstAsync(o => !o.Suppress);
            blank.Suppress = true;
            blank.Recipient = string.Empty;
            await db.SaveChangesAsync();
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var list = await scope.ServiceProvider.GetRequiredService<SuppressionListService>()
            .ListAsync(agency.TenantId, null, CancellationToken.None);
        Assert.NotEmpty(list);
        Assert.DoesNotContain(list, entry => entry.Recipient.Length == 0);
    }

    [Fact]
    public async Task RepliesWithoutCode_StoredClassLikeDecode()
    {
        string[] replies = ["Greylisted, please try again later", "Mailbox full", "Connection timed out", "User unknown"];
        var agency = await AgencySession.CreateAsync(factory, "Replies Without Code");
        var other = await AgencySession.CreateAsync(factory, "Replies Without Code Other");

        var stored = await UploadRepliesAsync(agency.TenantId, string.Join('\n', replies) + "\n");

        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var attempts = await db.Attempts.OrderBy(attempt => attempt.Line).ToListAsync();
        Assert.Equal([BounceClass.Soft, BounceClass.Soft, BounceClass.Soft, BounceClass.Hard], attempts.Select(attempt => attempt.Class));
        Assert.Equal(
            [DeliveryOutcome.Deferred, DeliveryOutcome.Deferred, DeliveryOutcome.Deferred, DeliveryOutcome.Bounced],
            attempts.Select(attempt => attempt.Outcome));
        for (var index = 0; index < replies.Length; index++)
        {
            var decoded = FailureExplainer.Decode(replies[index]).Classification;
            Assert.Equal(decoded.Class, attempts[index].Class);
            Assert.Equal(decoded.Category, attempts[index].Category);
        }

        await using var otherDb = factory.OpenDatabase(other.TenantId);
        Assert.False(await otherDb.Attempts.AnyAsync());
    }

    private Task<Upload> UploadRepliesAsync(Guid tenantId) => UploadRepliesAsync(tenantId, Replies);

    private async Task<Upload> UploadRepliesAsync(Guid tenantId, string replies)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(replies));
        var upload = await uploads.CreateAsync(tenantId, "replies.txt", null, content, null, CancellationToken.None, InputFormat.Replies);
        await factory.RunUploadJobAsync(tenantId, upload.Id);
        return await factory.ReloadAsync(tenantId, upload.Id);
    }
}
