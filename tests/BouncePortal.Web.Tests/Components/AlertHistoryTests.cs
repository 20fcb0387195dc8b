using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Mailboxes;
using BouncePortal.Web.Tests.Alerts;
using BouncePortal.Web.Tests.Support;
using Bunit;
using MudBlazor;
using AlertsPage = BouncePortal.Web.Components.Pages.Alerts.Alerts;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// A closed alert shows who closed it and when, on the Alerts page and on the mailbox's page, as an
/// acknowledged one shows who acknowledged it.
/// </summary>
public sealed class AlertHistoryTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task DismissedAlert_ShowsWhoAndWhen()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Dismissed By");
        var mailbox = await Factory.AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        var alertId = await Factory.AddOpenAlertAsync(agency.TenantId, mailbox, "Soft bounce rate 6.5% on anna@outreach-example.com");
        var alerts = PortalService<AlertService>();
        await alerts.AcknowledgeAsync(agency.TenantId, alertId, "ann@agency.test", CancellationToken.None);
        await alerts.DismissAsync(agency.TenantId, alertId, "ben@agency.test", CancellationToken.None);
        var stored = Assert.Single(await alerts.ListForMailboxAsync(agency.TenantId, mailbox.Id, CancellationToken.None));
        SignIn(agency, AgencyRole.Staff);

        var page = Render<AlertsPage>();
        page.WaitForElement("[data-testid=alerts-empty]");
        var showClosed = page.FindComponent<MudSwitch<bool>>();
        await page.InvokeAsync(() => showClosed.Instance.ValueChanged.InvokeAsync(true));
        var closedBy = page.WaitForElement("[data-testid=alert-closed-by]").TextContent.Trim();
        var acknowledgedBy = page.Find("[data-testid=alert-acknowledged-by]").TextContent.Trim();
        var detail = Render<MailboxDetail>(parameters => parameters.Add(p => p.MailboxId, mailbox.Id));
        var detailClosedBy = detail.WaitForElement("[data-testid=mailbox-alert-closed-by]").TextContent.Trim();

        Assert.Equal($"Dismissed by ben@agency.test on {stored.ClosedAt:yyyy-MM-dd HH:mm} UTC", closedBy);
        Assert.Equal($"Acknowledged by ann@agency.test on {stored.AcknowledgedAt:yyyy-MM-dd HH:mm} UTC", acknowledgedBy);
        Assert.Equal(closedBy, detailClosedBy);
    }

    [Fact]
    public async Task SendersOutsideInventory_AreNamed()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Unchecked Senders");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        var other = await AgencySession.CreateAsync(Factory, "All Checked Senders");
        SignIn(agency, AgencyRole.Viewer);

        var twoSenders = Words(Render<AlertsPage>().WaitForElement("[data-testid=unchecked-senders]").TextContent);
        await Factory.AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        var oneSender = Words(Render<AlertsPage>().WaitForElement("[data-testid=unchecked-senders]").TextContent);
        SignIn(other, AgencyRole.Viewer);
        var otherPage = Render<AlertsPage>();
        otherPage.WaitForElement("[data-testid=alerts-empty]");

        Assert.Contains("2 senders seen in your logs are not there", twoSenders);
        Assert.Contains("1 sender seen in your logs is not there", oneSender);
        Assert.Empty(otherPage.FindAll("[data-testid=unchecked-senders]"));
    }

    [Fact]
    public async Task OpenAlert_ShowsNoCloser()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Open No Closer");
        var mailbox = await Factory.AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        await Factory.AddOpenAlertAsync(agency.TenantId, mailbox, "Soft bounce rate 6.5% on anna@outreach-example.com");
        SignIn(agency, AgencyRole.Staff);

        var page = Render<AlertsPage>();
        page.WaitForElement("[data-testid=alert-table]");

        Assert.Empty(page.FindAll("[data-testid=alert-closed-by]"));
        Assert.Empty(page.FindAll("[data-testid=alert-acknowledged-by]"));
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
