using System.Net;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Suppression;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class SuppressionListTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string FormulaLog = """
        2024-06-11T09:00:00+00:00 mta1 postfix/qmgr[2210]: 3C0000000A: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:00:02+00:00 mta1 postfix/smtp[30117]: 3C0000000A: to=<=1+1@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.27] said: 550 5.1.1 <=1+1@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))
        2024-06-11T09:00:03+00:00 mta1 postfix/qmgr[2210]: 3C0000000A: removed

        """;

    [Fact]
    public async Task List_AfterUpload_HoldsOnlyRecipientFailures()
    {
        var agency = await AgencySession.CreateAsync(factory, "Suppression Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var list = await GetService().ListAsync(agency.TenantId, null, CancellationToken.None);

        Assert.Equal(["sales@example.com", "info@example.net"], list.Select(e => e.Recipient).OrderByDescending(r => r.StartsWith('s')));
        var unknown = list.Single(e => e.Recipient == "sales@example.com");
        Assert.Equal(Domain.Classification.BounceCategory.UserUnknown, unknown.Reason);
        Assert.False(unknown.PersistentSoftBounce);
        Assert.Equal("anna@outreach-example.com", unknown.LastSender);
        var expired = list.Single(e => e.Recipient == "info@example.net");
        Assert.True(expired.PersistentSoftBounce);
        Assert.DoesNotContain(list, e => e.Recipient == "ops@gmail.com");
    }

    [Fact]
    public async Task Export_FormulaAddress_IsWrittenAsText()
    {
        var agency = await AgencySession.CreateAsync(factory, "Formula Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", FormulaLog);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var response = await agency.Client.GetAsync("/exports/suppression-list.csv");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("recipient,reason,", lines[0]);
        Assert.StartsWith("'=1+1@example.com,UserUnknown,false,2024-06-11 09:00:02", lines[1]);
    }

    [Fact]
    public async Task Export_OtherAgency_GetsOnlyItsOwnList()
    {
        var north = await AgencySession.CreateAsync(factory, "North Suppression");
        var south = await AgencySession.CreateAsync(factory, "South Suppression");
        var upload = await factory.UploadAsync(north.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(north.TenantId, upload.Id);

        var southCsv = await south.Client.GetStringAsync("/exports/suppression-list.csv");
        var southPage = await south.GetPageAsync("/suppression");

        Assert.Single(southCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("sales@example.com", southCsv);
        Assert.Contains("suppression-empty", southPage);
        Assert.Empty(await GetService().ListAsync(south.TenantId, null, CancellationToken.None));
    }

    [Fact]
    public async Task Export_Anonymous_IsRefused()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/exports/suppression-list.csv");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("recipient,reason", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_ShowsSuppressedAddresses()
    {
        var agency = await AgencySession.CreateAsync(factory, "Page Suppression");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var page = await agency.GetPageAsync("/suppression");

        Assert.Contains("sales@example.com", page);
        Assert.Contains("User unknown", page);
        Assert.Contains("persistent soft bounce", page);
    }

    [Fact]
    public async Task FailedReportAfterDays_IsPersistentSoftBounce()
    {
        var agency = await AgencySession.CreateAsync(factory, "Retry Span Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "lhost-postfix-05.eml", RetriedForDays());
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var list = await GetService().ListAsync(agency.TenantId, null, CancellationToken.None);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var attempt = await db.Attempts.SingleAsync();

        var entry = Assert.Single(list);
        Assert.Equal("kijitora@example.org", entry.Recipient);
        Assert.True(entry.PersistentSoftBounce);
        Assert.Equal(Domain.Classification.BounceCategory.UserUnknown, entry.Reason);
        Assert.Equal(new DateTime(2012, 2, 17, 15, 45, 46, DateTimeKind.Utc), entry.FirstSeen);
        Assert.Equal(new DateTime(2012, 2, 22, 12, 50, 2, DateTimeKind.Utc), entry.LastSeen);
        Assert.True(attempt.Suppress);
        Assert.Contains("the report shows retries over 117 hours (limit 72 hours)", attempt.Evidence);
    }

    [Fact]
    public async Task FailedReportWithin120HourRule_IsNotSuppressed()
    {
        var agency = await AgencySession.CreateAsync(factory, "Patient Retry Agency");
        var settings = factory.Services.CreateScope().ServiceProvider.GetRequiredService<AgencySettingsService>();
        var problem = await settings.SaveAsync(
            agency.TenantId,
            new AgencySettings { Name = "Patient Retry Agency", PersistentSoftMaxAttempts = 5, PersistentSoftMaxHours = 120 },
            CancellationToken.None);
        Assert.Empty(problem.Problems);

        var upload = await factory.UploadAsync(agency.TenantId, "lhost-postfix-05.eml", RetriedForDays());
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        await using var db = factory.OpenDatabase(agency.TenantId);
        var outcome = await db.RecipientOutcomes.SingleAsync();
        var attempt = await db.Attempts.SingleAsync();
        Assert.False(outcome.PersistentSoftBounce);
        Assert.False(outcome.Suppress);
        Assert.False(attempt.Suppress);
        Assert.Empty(await GetService().ListAsync(agency.TenantId, null, CancellationToken.None));
    }

    /// <summary>A Postfix report whose message arrived 117 hours before the MTA gave up on a 450 4.1.1 reply.</summary>
    private static byte[] RetriedForDays() => File.ReadAllBytes(Path.Combine(
        PortalFactory.RepositoryRoot, "tests", "BouncePortal.Domain.Tests", "Corpus", "sisimai", "maildir", "lhost-postfix-05.eml"));

    private SuppressionListService GetService() =>
        factory.Services.CreateScope().ServiceProvider.GetRequiredService<SuppressionListService>();
}
