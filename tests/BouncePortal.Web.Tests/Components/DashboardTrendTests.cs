using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Dashboard;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

public sealed class DashboardTrendTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task DayChips_AcrossYears_ShowYear()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Trend Years Agency");
        var log = SampleBounces.PostfixBouncedLine + "\n" + SampleBounces.PostfixBouncedLine.Replace("2024-06-11", "2025-06-11").Replace("9D2B55C1E0", "9D2B55C1E1") + "\n";
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", log);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Dashboard>();
        var chips = page.WaitForElement("[data-testid=trend-days]");

        Assert.Contains("2024-06-11:", chips.TextContent);
        Assert.Contains("2025-06-11:", chips.TextContent);
    }
}
