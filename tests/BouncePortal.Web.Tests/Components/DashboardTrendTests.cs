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

    [Fact]
    public async Task LastDayWindow_LeavesOutFutureLines()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Future Lines Agency");
        var now = DateTimeOffset.UtcNow;
        var recent = Line(now.AddHours(-2), "9D2B55C1E0");
        var future = Line(now.AddDays(30), "9D2B55C1E1");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", recent + "\n" + future + "\n");
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);
        var page = Render<Dashboard>();
        page.WaitForElement("[data-testid=agency-soft]");

        page.FindAll("[data-testid=window-choice] .mud-toggle-item").Single(item => item.TextContent.Contains("24 hours", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Contains("hard-bounced of 1 sent", page.Find("[data-testid=agency-hard]").TextContent));
    }

    /// <summary>Returns the sample bounced Postfix line at <paramref name="time"/> with its own queue id.</summary>
    private static string Line(DateTimeOffset time, string queueId) =>
        SampleBounces.PostfixBouncedLine
            .Replace("2024-06-11T14:00:02+00:00", time.ToString("yyyy-MM-ddTHH:mm:ss+00:00", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("9D2B55C1E0", queueId, StringComparison.Ordinal);
}
