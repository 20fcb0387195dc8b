using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Mailboxes;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// A sender added from "Seen in your logs" starts with its first send in the logs as its creation
/// date, so a mailbox that has sent for weeks does not look new.
/// </summary>
public sealed class DiscoveredMailboxTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task AddFromChip_DatesItFromLogs()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Discovered Date Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);
        var page = Render<Mailboxes>();
        page.WaitForElement("[data-testid=discovered-mailbox]");

        page.FindAll("[data-testid=discovered-mailbox]").Single(chip => chip.GetAttribute("title")!.StartsWith("ben@", StringComparison.Ordinal)).Click();
        Assert.Contains(page.FindAll("input"), input => input.GetAttribute("value") == "2024-06-11");
        page.Find("[data-testid=save-mailbox]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=save-mailbox]")));
        await using var db = Factory.OpenDatabase(agency.TenantId);
        var mailbox = await db.SendingMailboxes.SingleAsync(m => m.Address == "ben@outreach-example.net");
        Assert.Equal(new DateOnly(2024, 6, 11), mailbox.CreatedOn);
    }

    [Fact]
    public async Task Discovered_NamesFirstSend()
    {
        var agency = await AgencySession.CreateAsync(Factory, "First Send Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var discovered = await PortalService<MailboxInventoryService>().ListDiscoveredAsync(agency.TenantId, CancellationToken.None);

        var ben = Assert.Single(discovered, found => found.Address == "ben@outreach-example.net");
        Assert.Equal(new DateOnly(2024, 6, 11), DateOnly.FromDateTime(ben.FirstSeenUtc));
    }
}
