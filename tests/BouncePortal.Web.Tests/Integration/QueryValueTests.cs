using System.Net;
using BouncePortal.Web.Tests.Support;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>Query-string values that do not parse are ignored or named in a warning, never a server error.</summary>
public sealed class QueryValueTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/attempts?from=garbage", "from=garbage")]
    [InlineData("/attempts?from=2026-13-45", "from=2026-13-45")]
    [InlineData("/attempts?to=tomorrow", "to=tomorrow")]
    public async Task Attempts_InvalidDate_WarnsInsteadOfFailing(string path, string named)
    {
        var agency = await AgencySession.CreateAsync(factory, $"Query Agency {Guid.NewGuid():N}");

        var html = await agency.GetPageAsync(path);

        Assert.Contains("data-testid=\"attempts-invalid-window\"", html);
        Assert.Contains(named, WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task Attempts_ValidDate_ShowsNoWarning()
    {
        var agency = await AgencySession.CreateAsync(factory, "Valid Window Agency");

        var html = await agency.GetPageAsync("/attempts?from=2024-06-16T00:00:00&to=2024-06-17");

        Assert.DoesNotContain("attempts-invalid-window", html);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    [InlineData("-5")]
    [InlineData("253402300800")]
    public async Task Lockout_InvalidUntil_ShowsGenericText(string until)
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync($"/Account/Lockout?until={until}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("for 15 minutes", html);
    }

    [Fact]
    public async Task Lockout_ValidUntil_ShowsTheTime()
    {
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/Account/Lockout?until=4102444800");

        Assert.Contains("2100-01-01 00:00 UTC", html);
    }

    [Fact]
    public async Task LoginWith2fa_InvalidRememberMe_DoesNotFail()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/Account/LoginWith2fa?RememberMe=maybe");

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}
