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

    // One mailbox full over five attempts (a persistent soft bounce) and one recipient whose server
    // timed out five times: the network gives no evidence about that address.
    private const string PersistentLog = """
        2024-06-11T09:00:00+00:00 mta1 postfix/qmgr[2210]: 4D0000000A: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:00:02+00:00 mta1 postfix/smtp[30117]: 4D0000000A: to=<full@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=4.2.2, status=deferred (host mx.example.com[192.0.2.27] said: 452 4.2.2 <full@example.com>: Mailbox full (in reply to RCPT TO command))
        2024-06-11T10:00:02+00:00 mta1 postfix/smtp[30118]: 4D0000000A: to=<full@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=3600, delays=3599/0/0.5/0.4, dsn=4.2.2, status=deferred (host mx.example.com[192.0.2.27] said: 452 4.2.2 <full@example.com>: Mailbox full (in reply to RCPT TO command))
        2024-06-11T12:00:02+00:00 mta1 postfix/smtp[30119]: 4D0000000A: to=<full@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=10800, delays=10799/0/0.5/0.4, dsn=4.2.2, status=deferred (host mx.example.com[192.0.2.27] said: 452 4.2.2 <full@example.com>: Mailbox full (in reply to RCPT TO command))
        2024-06-11T16:00:02+00:00 mta1 postfix/smtp[30120]: 4D0000000A: to=<full@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=25200, delays=25199/0/0.5/0.4, dsn=4.2.2, status=deferred (host mx.example.com[192.0.2.27] said: 452 4.2.2 <full@example.com>: Mailbox full (in reply to RCPT TO command))
        2024-06-12T00:00:02+00:00 mta1 postfix/smtp[30121]: 4D0000000A: to=<full@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=54000, delays=53999/0/0.5/0.4, dsn=4.2.2, status=deferred (host mx.example.com[192.0.2.27] said: 452 4.2.2 <full@example.com>: Mailbox full (in reply to RCPT TO command))
        2024-06-11T09:01:00+00:00 mta1 postfix/qmgr[2210]: 4D0000000B: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:01:30+00:00 mta1 postfix/smtp[4420]: 4D0000000B: to=<cfo@gmail.com>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to gmail-smtp-in.l.google.com[192.0.2.27]:25: Connection timed out)
        2024-06-11T10:01:30+00:00 mta1 postfix/smtp[4421]: 4D0000000B: to=<cfo@gmail.com>, relay=none, delay=3630, delays=3600/0/30/0, dsn=4.4.1, status=deferred (connect to gmail-smtp-in.l.google.com[192.0.2.27]:25: Connection timed out)
        2024-06-11T12:01:30+00:00 mta1 postfix/smtp[4422]: 4D0000000B: to=<cfo@gmail.com>, relay=none, delay=10830, delays=10800/0/30/0, dsn=4.4.1, status=deferred (connect to gmail-smtp-in.l.google.com[192.0.2.27]:25: Connection timed out)
        2024-06-11T16:01:30+00:00 mta1 postfix/smtp[4423]: 4D0000000B: to=<cfo@gmail.com>, relay=none, delay=25230, delays=25200/0/30/0, dsn=4.4.1, status=deferred (connect to gmail-smtp-in.l.google.com[192.0.2.27]:25: Connection timed out)
        2024-06-12T00:01:30+00:00 mta1 postfix/smtp[4424]: 4D0000000B: to=<cfo@gmail.com>, relay=none, delay=54030, delays=54000/0/30/0, dsn=4.4.1, status=deferred (connect to gmail-smtp-in.l.google.com[192.0.2.27]:25: Connection timed out)

        """;

    [Fact]
    public async Task List_AfterUpload_HoldsOnlyRecipientFailures()
    {
        var agency = await AgencySession.CreateAsync(factory, "Suppression Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var list = await GetService().ListAsync(agency.TenantId, null, CancellationToken.None);

        // info@example.net expired after its server timed out: a network failure, not the address.
        var unknown = Assert.Single(list);
        Assert.Equal("sales@example.com", unknown.Recipient);
        Assert.Equal(Domain.Classification.BounceCategory.UserUnknown, unknown.Reason);
        Assert.False(unknown.PersistentSoftBounce);
        Assert.Equal("anna@outreach-example.com", unknown.LastSender);
    }

    [Fact]
    public async Task List_PersistentTimeouts_NotSuppressed()
    {
        var agency = await AgencySession.CreateAsync(factory, "Persistent Suppression");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", PersistentLog);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var list = await GetService().ListAsync(agency.TenantId, null, CancellationToken.None);
        var page = await agency.GetPageAsync("/suppression");

        var full = Assert.Single(list);
        Assert.Equal("full@example.com", full.Recipient);
        Assert.True(full.PersistentSoftBounce);
        Assert.Equal(Domain.Classification.BounceCategory.MailboxFull, full.Reason);
        Assert.Contains("persistent soft bounce", page);
        Assert.DoesNotContain("cfo@gmail.com", page);
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
        Assert.DoesNotContain("info@example.net", page);
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
