using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Attempts;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Components;

/// <summary>The Attempts page names every filter from its address, the date window too, and explains an empty table.</summary>
public sealed class AttemptScopeTests(PortalFactory factory) : PortalComponentContext(factory)
{
    private const string Ben = "ben@outreach-example.net";

    [Fact]
    public async Task Window_IsNamedInTheScope()
    {
        await SignInUploadedAsync("Scope Window Agency");

        var page = RenderAt($"/attempts?slice=Mailbox&key={Uri.EscapeDataString(Ben)}&from=2024-06-10T15:00:00Z&to=2024-06-11T15:00:00Z");

        var scope = page.Find("[data-testid=attempts-scope]").TextContent;
        Assert.Contains($"Sending mailbox: {Ben}", scope);
        Assert.Contains("from 2024-06-10 15:00 to 2024-06-11 15:00 UTC", scope);
        Assert.Equal("from 2024-06-10 15:00 to 2024-06-11 15:00 UTC", page.Find("[data-testid=attempts-window]").TextContent);
    }

    [Theory]
    [InlineData("from=2024-06-16", "from 2024-06-16 00:00 UTC")]
    [InlineData("to=2024-06-16T08:30:15", "before 2024-06-16 08:30:15 UTC")]
    [InlineData("from=2024-06-16T10:00:00%2B02:00", "from 2024-06-16 08:00 UTC")]
    public async Task Window_OneBound_IsNamed(string bound, string expected)
    {
        await SignInUploadedAsync("Scope Bound Agency " + bound);

        var page = RenderAt("/attempts?" + bound);

        Assert.Equal(expected, page.Find("[data-testid=attempts-window]").TextContent);
        Assert.StartsWith("All attempts of the agency", page.Find("[data-testid=attempts-scope]").TextContent.Trim());
    }

    [Fact]
    public async Task Window_NotADate_IsNotNamed()
    {
        await SignInUploadedAsync("Scope Invalid Agency");

        var page = RenderAt("/attempts?from=yesterday");

        Assert.Empty(page.FindAll("[data-testid=attempts-window]"));
        Assert.Empty(page.FindAll("[data-testid=attempts-clear-window]"));
        Assert.Contains("from=yesterday", page.Find("[data-testid=attempts-invalid-window]").TextContent);
    }

    [Fact]
    public async Task NoWindow_OffersNoClearLink()
    {
        await SignInUploadedAsync("Scope Plain Agency");

        var page = RenderAt($"/attempts?slice=Mailbox&key={Uri.EscapeDataString(Ben)}");

        Assert.Empty(page.FindAll("[data-testid=attempts-window]"));
        Assert.Empty(page.FindAll("[data-testid=attempts-clear-window]"));
    }

    [Fact]
    public async Task Counted_IsNamedWithLinkToAll()
    {
        await SignInUploadedAsync("Scope Counted Agency");

        var page = RenderAt("/attempts?class=Hard&counted=1");

        Assert.Contains("only those that count toward the rates", page.Find("[data-testid=attempts-counted]").TextContent);
        var href = page.Find("[data-testid=attempts-show-uncounted]").GetAttribute("href")!;
        var query = QueryHelpers.ParseQuery(new Uri(href).Query);
        Assert.Equal("Hard", query["class"].ToString());
        Assert.False(query.ContainsKey("counted"));
    }

    [Fact]
    public async Task ClearLink_KeepsOtherQueryValues()
    {
        await SignInUploadedAsync("Scope Clear Link Agency");

        var page = RenderAt($"/attempts?slice=Mailbox&key={Uri.EscapeDataString(Ben)}&class=Soft&client=Acme&from=2024-06-16T00:00:00Z&to=2024-06-17T00:00:00Z");

        var href = page.Find("[data-testid=attempts-clear-window]").GetAttribute("href")!;
        var query = QueryHelpers.ParseQuery(new Uri(href).Query);
        Assert.Equal("/attempts", new Uri(href).AbsolutePath);
        Assert.Equal("Mailbox", query["slice"].ToString());
        Assert.Equal(Ben, query["key"].ToString());
        Assert.Equal("Soft", query["class"].ToString());
        Assert.Equal("Acme", query["client"].ToString());
        Assert.False(query.ContainsKey("from"));
        Assert.False(query.ContainsKey("to"));
    }

    [Fact]
    public async Task ClearLink_ReloadsAllDates()
    {
        await SignInUploadedAsync("Scope Reload Agency");
        var page = RenderAt($"/attempts?slice=Mailbox&key={Uri.EscapeDataString(Ben)}&from=2024-06-16T00:00:00Z");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=attempts-table] tbody tr")));

        Services.GetRequiredService<NavigationManager>().NavigateTo(page.Find("[data-testid=attempts-clear-window]").GetAttribute("href")!);

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=attempts-table] tbody tr").Count));
        Assert.Empty(page.FindAll("[data-testid=attempts-window]"));
        Assert.Contains($"Sending mailbox: {Ben}", page.Find("[data-testid=attempts-scope]").TextContent);
    }

    [Fact]
    public async Task AddressFilters_SelectTheirAttempts()
    {
        await SignInUploadedAsync("Scope Address Filter Agency");

        var page = RenderAt("/attempts?outcome=Bounced&cause=UserUnknown&recipient=sales");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=attempts-table] tbody tr")));
        Assert.Contains("sales@example.com", page.Find("[data-testid=attempts-table] tbody").TextContent);
        Assert.Equal("sales", page.Find("input[data-testid=attempts-recipient]").GetAttribute("value"));
    }

    [Fact]
    public async Task AddressFilters_NotAValue_AreIgnored()
    {
        await SignInUploadedAsync("Scope Bad Filter Agency");

        var page = RenderAt("/attempts?outcome=Nope&cause=42&class=Soft");

        // The four soft attempts: greylisting, the Gmail rate limit, the timeout and its expiry.
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=attempts-table] tbody tr").Count));
    }

    [Fact]
    public async Task TypedRecipient_IsKeptInTheAddress()
    {
        await SignInUploadedAsync("Scope Typed Filter Agency");
        var page = RenderAt("/attempts?class=Hard");
        var navigation = Services.GetRequiredService<NavigationManager>();

        page.Find("input[data-testid=attempts-recipient]").Input("sales");

        page.WaitForAssertion(() => Assert.Contains("recipient=sales", navigation.Uri), TimeSpan.FromSeconds(5));
        Assert.Contains("class=Hard", navigation.Uri);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=attempts-table] tbody tr")));
    }

    [Fact]
    public async Task NewAgency_NoFilters_PointsToUploads()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Scope Empty Agency");
        SignIn(agency, AgencyRole.Viewer);

        var page = RenderAt("/attempts");

        page.WaitForAssertion(() => Assert.Contains("No attempts yet", page.Find("[data-testid=attempts-empty]").TextContent));
        Assert.DoesNotContain("match these filters", page.Find("[data-testid=attempts-empty]").TextContent);
        Assert.Equal("uploads", page.Find("[data-testid=attempts-empty] a").GetAttribute("href"));
    }

    [Theory]
    [InlineData("/attempts?class=Hard")]
    [InlineData("/attempts?from=2024-06-16")]
    [InlineData("/attempts?slice=Mailbox&key=nobody%40example.com")]
    [InlineData("/attempts?client=Acme")]
    public async Task NewAgency_WithFilters_ShowsNoneMatch(string url)
    {
        var agency = await AgencySession.CreateAsync(Factory, "Scope Filtered Empty Agency " + url);
        SignIn(agency, AgencyRole.Viewer);

        var page = RenderAt(url);

        page.WaitForAssertion(() => Assert.Equal("No attempts match these filters.", page.Find("[data-testid=attempts-empty]").TextContent.Trim()));
    }

    [Fact]
    public async Task Filtered_OtherAgencyAttempts_StayHidden()
    {
        await SignInUploadedAsync("Scope Owner Agency");
        var other = await AgencySession.CreateAsync(Factory, "Scope Curious Agency");
        SignIn(other, AgencyRole.Owner);

        var page = RenderAt($"/attempts?slice=Mailbox&key={Uri.EscapeDataString(Ben)}&from=2024-06-10T00:00:00Z");

        page.WaitForAssertion(() => Assert.Equal("No attempts match these filters.", page.Find("[data-testid=attempts-empty]").TextContent.Trim()));
        Assert.DoesNotContain("info@example.net", page.Markup);
    }

    private async Task SignInUploadedAsync(string name)
    {
        var agency = await AgencySession.CreateAsync(Factory, name);
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Viewer);
    }

    private IRenderedComponent<AttemptExplorer> RenderAt(string url)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        var page = Render<AttemptExplorer>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=attempts-table]")));
        return page;
    }
}
