using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Mailboxes;
using BouncePortal.Web.Tests.Alerts;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// A mailbox's page shows its soft and hard bounce rates over the chosen window, the counts behind
/// them, their zones and a link to its counted attempts, and counts no other mailbox or agency.
/// </summary>
public sealed class MailboxRatesTests(PortalFactory factory) : PortalComponentContext(factory)
{
    private const string Anna = "anna@outreach-example.com";
    private const string Ben = "ben@outreach-example.net";

    [Fact]
    public async Task Rates_ShowCountsZonesAndLink()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mailbox Rates Agency");
        var anna = await Factory.AddMailboxAsync(agency.TenantId, Anna);
        await Factory.AddSendsAsync(agency.TenantId, Anna, DateTimeOffset.UtcNow.AddHours(-3), sent: 200, soft: 10, hard: 1);
        await Factory.AddSendsAsync(agency.TenantId, Ben, DateTimeOffset.UtcNow.AddHours(-3), sent: 50, soft: 40, hard: 30);
        SignIn(agency, AgencyRole.Viewer);

        var page = Render<MailboxDetail>(parameters => parameters.Add(p => p.MailboxId, anna.Id));
        var soft = page.WaitForElement("[data-testid=mailbox-rate-soft]");
        var hard = page.Find("[data-testid=mailbox-rate-hard]");
        var counts = Words(page.Find("[data-testid=mailbox-rates-counts]").TextContent);
        var link = page.Find("[data-testid=mailbox-attempts-link]").GetAttribute("href");

        Assert.Equal("Problem", soft.GetAttribute("data-zone"));
        Assert.Contains("5.00%", soft.TextContent);
        Assert.Contains("Active problem (4-7%)", soft.TextContent);
        Assert.Contains("10 soft-bounced of 200 sent", soft.TextContent);
        Assert.Equal("Healthy", hard.GetAttribute("data-zone"));
        Assert.Contains("0.50%", hard.TextContent);
        Assert.Contains("1 hard-bounced of 200 sent", hard.TextContent);
        Assert.StartsWith("200 sent, 10 soft-bounced", counts);
        Assert.EndsWith("1 hard-bounced.", counts);
        Assert.Equal($"attempts?slice=Mailbox&key={Uri.EscapeDataString(Anna)}&counted=1", link);
        Assert.Contains("above 3%, or its hard rate above 7%, on at least 20 sends", Words(page.Find("[data-testid=mailbox-alert-rule]").TextContent));
    }

    [Fact]
    public async Task Window_LeavesOutOlderSends()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mailbox Window Agency");
        var anna = await Factory.AddMailboxAsync(agency.TenantId, Anna);
        await Factory.AddSendsAsync(agency.TenantId, Anna, DateTimeOffset.UtcNow.AddHours(-3), sent: 100, soft: 1);
        await Factory.AddSendsAsync(agency.TenantId, Anna, DateTimeOffset.UtcNow.AddDays(-10), sent: 100, soft: 19);
        SignIn(agency, AgencyRole.Viewer);
        var page = Render<MailboxDetail>(parameters => parameters.Add(p => p.MailboxId, anna.Id));
        var allData = page.WaitForElement("[data-testid=mailbox-rate-soft]").TextContent;

        page.FindAll("[data-testid=mailbox-window-choice] .mud-toggle-item").Single(item => item.TextContent.Contains("7 days", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Contains("1 soft-bounced of 100 sent", page.Find("[data-testid=mailbox-rate-soft]").TextContent));
        var link = page.Find("[data-testid=mailbox-attempts-link]").GetAttribute("href");
        Assert.Contains("20 soft-bounced of 200 sent", allData);
        Assert.Contains("&from=", link);
        Assert.Contains("&to=", link);
        Assert.EndsWith("&counted=1", link);
    }

    [Fact]
    public async Task NoSends_ShowsEmptyState()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mailbox Empty Agency");
        var anna = await Factory.AddMailboxAsync(agency.TenantId, Anna);
        var ben = await Factory.AddMailboxAsync(agency.TenantId, Ben);
        await Factory.AddSendsAsync(agency.TenantId, Ben, DateTimeOffset.UtcNow.AddDays(-40), sent: 80, soft: 2);
        SignIn(agency, AgencyRole.Viewer);

        var annaPage = Render<MailboxDetail>(parameters => parameters.Add(p => p.MailboxId, anna.Id));
        var empty = annaPage.WaitForElement("[data-testid=mailbox-rates-empty]").TextContent;
        var benPage = Render<MailboxDetail>(parameters => parameters.Add(p => p.MailboxId, ben.Id));
        benPage.WaitForElement("[data-testid=mailbox-rate-soft]");
        benPage.FindAll("[data-testid=mailbox-window-choice] .mud-toggle-item").Single(item => item.TextContent.Contains("30 days", StringComparison.Ordinal)).Click();
        var windowEmpty = benPage.WaitForElement("[data-testid=mailbox-rates-window-empty]").TextContent;

        Assert.Contains($"No attempts from this mailbox yet: no completed upload names {Anna}", Words(empty));
        Assert.Empty(annaPage.FindAll("[data-testid=mailbox-rate-soft]"));
        Assert.Empty(annaPage.FindAll("[data-testid=mailbox-attempts-link]"));
        Assert.Contains("No attempts from this mailbox in this time window; it has 80 sends in all data.", Words(windowEmpty));
        Assert.Empty(benPage.FindAll("[data-testid=mailbox-rate-soft]"));
    }

    [Fact]
    public async Task OtherAgency_NeitherShownNorCounted()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Mailbox Rates Own Agency");
        var other = await AgencySession.CreateAsync(Factory, "Mailbox Rates Other Agency");
        var anna = await Factory.AddMailboxAsync(agency.TenantId, Anna);
        var othersAnna = await Factory.AddMailboxAsync(other.TenantId, Anna);
        await Factory.AddSendsAsync(agency.TenantId, Anna, DateTimeOffset.UtcNow.AddHours(-3), sent: 100, soft: 2);
        await Factory.AddSendsAsync(other.TenantId, Anna, DateTimeOffset.UtcNow.AddHours(-3), sent: 900, soft: 300, hard: 200);
        SignIn(agency, AgencyRole.Viewer);

        var foreign = Render<MailboxDetail>(parameters => parameters.Add(p => p.MailboxId, othersAnna.Id));
        foreign.WaitForElement("[data-testid=mailbox-not-found]");
        var own = Render<MailboxDetail>(parameters => parameters.Add(p => p.MailboxId, anna.Id));
        var soft = own.WaitForElement("[data-testid=mailbox-rate-soft]").TextContent;

        Assert.Empty(foreign.FindAll("[data-testid=mailbox-rates]"));
        Assert.DoesNotContain(Anna, foreign.Markup);
        Assert.Contains("2 soft-bounced of 100 sent", soft);
        Assert.StartsWith("100 sent, 2 soft-bounced", Words(own.Find("[data-testid=mailbox-rates-counts]").TextContent));
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
