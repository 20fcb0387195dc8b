using BouncePortal.Domain.Analytics;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class TimeZoneAndClientTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Settings_UnknownTimeZone_IsRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Zone Agency");
        var settings = Service<AgencySettingsService>();

        var problem = await settings.SaveAsync(agency.TenantId, new AgencySettings { Name = "Zone Agency", TimeZoneId = "Mars/Olympus" }, CancellationToken.None);
        var saved = await settings.SaveAsync(agency.TenantId, new AgencySettings { Name = "Zone Agency", TimeZoneId = "Asia/Tokyo" }, CancellationToken.None);

        Assert.Equal(
            "'Mars/Olympus' is not a known time zone. Choose one from the list, such as Europe/Berlin or America/New_York.",
            problem.ProblemWith(nameof(AgencySettings.TimeZoneId)));
        Assert.Empty(saved.Problems);
        Assert.Equal("Asia/Tokyo", (await settings.GetAsync(agency.TenantId, CancellationToken.None)).TimeZoneId);
    }

    [Fact]
    public async Task Trend_FollowsAgencyTimeZone()
    {
        var agency = await AgencySession.CreateAsync(factory, "Tokyo Agency");
        await Service<AgencySettingsService>().SaveAsync(agency.TenantId, new AgencySettings { Name = "Tokyo Agency", TimeZoneId = "Asia/Tokyo" }, CancellationToken.None);
        var upload = await factory.UploadAsync(agency.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 2500, mailboxes: 4));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        var dashboard = await Service<BounceDashboardService>().GetAsync(agency.TenantId, DashboardWindow.All, CancellationToken.None);

        await using var db = factory.OpenDatabase(agency.TenantId);
        var outcomes = await db.RecipientOutcomes.AsNoTracking().ToListAsync();
        var expected = outcomes
            .GroupBy(o => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(o.FirstAttemptAt, DateTimeKind.Utc), tokyo)))
            .OrderBy(g => g.Key)
            .Select(g => new DailyRates(g.Key, new BounceRates(g.Count(), g.Count(o => o.SoftBounced), g.Count(o => o.HardBounced))))
            .ToList();
        Assert.Equal("Asia/Tokyo", dashboard.TimeZone.Id);
        Assert.Equal(expected, dashboard.Trend);
    }

    [Fact]
    public async Task Clients_GroupTheirMailboxes()
    {
        var agency = await AgencySession.CreateAsync(factory, "Client Agency");
        var inventory = Service<MailboxInventoryService>();
        await inventory.AddAsync(agency.TenantId, new MailboxDraft { Address = "anna@outreach-example.com", Client = "Acme" }, CancellationToken.None);
        await inventory.AddAsync(agency.TenantId, new MailboxDraft { Address = "ben@outreach-example.net", Client = " acme " }, CancellationToken.None);
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var dashboard = await Service<BounceDashboardService>().GetAsync(agency.TenantId, DashboardWindow.All, CancellationToken.None);
        var page = await agency.GetPageAsync("/dashboard");

        var client = Assert.Single(dashboard.Clients);
        Assert.Equal(new BounceRates(6, 3, 1), client.Rates);
        Assert.Contains("Clients", page);
    }

    [Fact]
    public async Task Clients_AttemptsFollowTheirMailboxes()
    {
        var agency = await AgencySession.CreateAsync(factory, "Client Attempts Agency");
        var inventory = Service<MailboxInventoryService>();
        await inventory.AddAsync(agency.TenantId, new MailboxDraft { Address = "ben@outreach-example.net", Client = "Globex" }, CancellationToken.None);
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var page = await Service<BouncePortal.Infrastructure.Attempts.AttemptExplorerService>().SearchAsync(
            agency.TenantId, new BouncePortal.Infrastructure.Attempts.AttemptQuery(Client: "globex"), 0, 50, CancellationToken.None);

        Assert.Equal(3, page.Total);
        Assert.All(page.Rows, a => Assert.Equal("ben@outreach-example.net", a.Sender));
    }

    [Fact]
    public async Task Clients_OtherAgency_SeesNone()
    {
        var owner = await AgencySession.CreateAsync(factory, "Client Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Client Other Agency");
        await Service<MailboxInventoryService>().AddAsync(owner.TenantId, new MailboxDraft { Address = "anna@outreach-example.com", Client = "Acme" }, CancellationToken.None);
        var upload = await factory.UploadAsync(owner.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(owner.TenantId, upload.Id);

        var dashboard = await Service<BounceDashboardService>().GetAsync(other.TenantId, DashboardWindow.All, CancellationToken.None);

        Assert.Empty(dashboard.Clients);
        Assert.True(dashboard.IsEmpty);
    }

    private T Service<T>() where T : notnull => factory.Services.CreateScope().ServiceProvider.GetRequiredService<T>();
}
