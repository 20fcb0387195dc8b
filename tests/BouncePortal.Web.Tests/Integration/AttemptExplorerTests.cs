using BouncePortal.Domain.Classification;
using BouncePortal.Infrastructure.Attempts;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class AttemptExplorerTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Search_Mailbox_ReturnsItsAttemptsNewestFirst()
    {
        var agency = await UploadedAgencyAsync("Explorer Agency");

        var page = await Search(agency.TenantId, new AttemptQuery(SliceKind.Mailbox, "anna@outreach-example.com"), 0, 50);

        Assert.Equal(6, page.Total);
        Assert.All(page.Rows, a => Assert.Equal("anna@outreach-example.com", a.Sender));
        Assert.True(page.Rows.Zip(page.Rows.Skip(1)).All(pair => pair.First.AttemptedAt >= pair.Second.AttemptedAt));
    }

    [Fact]
    public async Task Search_Filters_NarrowTheAttempts()
    {
        var agency = await UploadedAgencyAsync("Filter Agency");

        var hard = await Search(agency.TenantId, new AttemptQuery(Class: BounceClass.Hard), 0, 50);
        var greylisted = await Search(agency.TenantId, new AttemptQuery(Category: BounceCategory.Greylisted), 0, 50);
        var gmail = await Search(agency.TenantId, new AttemptQuery(SliceKind.RecipientDomain, "gmail.com"), 0, 50);
        var google = await Search(agency.TenantId, new AttemptQuery(SliceKind.Provider, "Google"), 0, 50);
        var byRecipient = await Search(agency.TenantId, new AttemptQuery(Recipient: "SALES@"), 0, 50);
        var window = await Search(agency.TenantId, new AttemptQuery(FromUtc: new DateTime(2024, 6, 16, 0, 0, 0, DateTimeKind.Utc)), 0, 50);

        Assert.Equal("sales@example.com", Assert.Single(hard.Rows).Recipient);
        Assert.Equal("cfo@example.org", Assert.Single(greylisted.Rows).Recipient);
        Assert.Equal(2, gmail.Total);
        Assert.True(google.Total >= 3);
        Assert.Equal("sales@example.com", Assert.Single(byRecipient.Rows).Recipient);
        Assert.Equal(DeliveryOutcome.Expired, Assert.Single(window.Rows).Outcome);
    }

    [Fact]
    public async Task Search_Pages_CoverEveryAttemptOnce()
    {
        var agency = await UploadedAgencyAsync("Paging Agency");

        var first = await Search(agency.TenantId, new AttemptQuery(), 0, 4);
        var second = await Search(agency.TenantId, new AttemptQuery(), 4, 4);
        var third = await Search(agency.TenantId, new AttemptQuery(), 8, 4);

        Assert.Equal(9, first.Total);
        Assert.Equal(4, first.Rows.Count);
        Assert.Equal(4, second.Rows.Count);
        Assert.Single(third.Rows);
        Assert.Equal(9, first.Rows.Concat(second.Rows).Concat(third.Rows).Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public async Task Search_OtherAgency_FindsNothing()
    {
        await UploadedAgencyAsync("Owner Explorer Agency");
        var other = await AgencySession.CreateAsync(factory, "Curious Explorer Agency");

        var page = await Search(other.TenantId, new AttemptQuery(SliceKind.Mailbox, "anna@outreach-example.com"), 0, 50);
        var html = await other.GetPageAsync("/attempts?slice=Mailbox&key=anna%40outreach-example.com");

        Assert.Equal(0, page.Total);
        Assert.DoesNotContain("sales@example.com", html);
    }

    [Fact]
    public async Task Page_ShowsTheScope()
    {
        var agency = await UploadedAgencyAsync("Scope Agency");

        var html = await agency.GetPageAsync("/attempts?slice=RecipientDomain&key=gmail.com");

        Assert.Contains("Recipient domain: <b>gmail.com</b>", html);
    }

    private async Task<AgencySession> UploadedAgencyAsync(string name)
    {
        var agency = await AgencySession.CreateAsync(factory, name);
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        return agency;
    }

    private async Task<AttemptPage> Search(Guid tenantId, AttemptQuery query, int skip, int take)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AttemptExplorerService>().SearchAsync(tenantId, query, skip, take, CancellationToken.None);
    }
}
