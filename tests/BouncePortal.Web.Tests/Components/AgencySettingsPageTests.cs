using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Settings;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The Settings page lists every problem of a save at once, and calls an emptied number field empty.
/// </summary>
public sealed class AgencySettingsPageTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task Save_TwoInvalidFields_ListsBoth()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Settings Page Two Problems");
        SignIn(agency, AgencyRole.Admin);
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        page.Find("input[data-testid=persistent-attempts]").Change("1");
        page.Find("input[data-testid=persistent-hours]").Change("721");
        page.Find("[data-testid=save-settings]").Click();

        page.WaitForElement("[data-testid=settings-error]");
        var problems = page.FindAll("[data-testid=settings-problem]").Select(p => p.TextContent).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains("not 1", problems[0]);
        Assert.Contains("not 721", problems[1]);
    }

    [Fact]
    public async Task Save_EmptyHours_SaysEmpty()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Settings Page Empty Hours");
        SignIn(agency, AgencyRole.Admin);
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        page.Find("input[data-testid=persistent-hours]").Change(string.Empty);
        page.Find("[data-testid=save-settings]").Click();

        var problem = page.WaitForElement("[data-testid=settings-problem]").TextContent;
        Assert.Contains("The number of hours before a soft bounce counts as persistent is empty", problem);
        Assert.DoesNotContain("not 0", problem);
        var stored = await PortalService<AgencySettingsService>().GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(72, stored.PersistentSoftMaxHours);
    }

    [Fact]
    public async Task Page_OtherAgency_ShowsOwnSettings()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Settings Page Owner");
        var other = await AgencySession.CreateAsync(Factory, "Settings Page Other");
        await PortalService<AgencySettingsService>().SaveAsync(
            owner.TenantId, new AgencySettings { Name = "Settings Page Owner", PersistentSoftMaxHours = 99 }, CancellationToken.None);
        SignIn(other, AgencyRole.Admin);

        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        Assert.Equal("72", page.Find("input[data-testid=persistent-hours]").GetAttribute("value"));
        Assert.DoesNotContain("Settings Page Owner", page.Markup);
    }
}
