using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration.Roles;

/// <summary>
/// A portal with one configured platform operator email.
/// </summary>
public sealed class OperatorPortalFactory : PortalFactory
{
    public const string OperatorEmail = "operator@example.com";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("BouncePortal:PlatformOperators:0", OperatorEmail);
    }
}

public sealed class OperatorTests(OperatorPortalFactory factory) : IClassFixture<OperatorPortalFactory>
{
    private HttpClient? operatorClient;

    [Fact]
    public async Task Agencies_Operator_ListsEveryAgencyWithCounts()
    {
        var agency = await AgencySession.CreateAsync(factory, "Listed Agency");
        await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        var client = await OperatorAsync();

        var page = await GetOkAsync(client, "/operator/agencies");

        var row = Regex.Match(page, "Listed Agency</td>.*?agency-row-users\"[^>]*>(?<users>\\d+)<.*?agency-row-uploads\"[^>]*>(?<uploads>\\d+)<", RegexOptions.Singleline);
        Assert.True(row.Success, "The agencies table has no row for Listed Agency with its counts.");
        Assert.Equal("1", row.Groups["users"].Value);
        Assert.Equal("1", row.Groups["uploads"].Value);
    }

    [Fact]
    public async Task Hangfire_Operator_Opens()
    {
        var client = await OperatorAsync();

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Hangfire_AgencyOwner_IsForbidden()
    {
        var owner = await AgencySession.CreateAsync(factory, "No Jobs For Owner");

        var response = await owner.Client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/uploads")]
    [InlineData("/settings")]
    [InlineData("/exports/suppression-list.csv")]
    public async Task AgencyPages_Operator_AreDenied(string path)
    {
        var client = await OperatorAsync();

        var response = await client.GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{path} returned {response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task SupportDashboard_AccessOff_IsNotFound()
    {
        var agency = await AgencySession.CreateAsync(factory, "Closed Agency");
        var client = await OperatorAsync();

        var response = await client.GetAsync($"/operator/agencies/{agency.TenantId}/dashboard");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(), e => e.Action == AuditActions.SupportAccess);
    }

    [Fact]
    public async Task SupportDashboard_AccessOn_OpensAndIsAudited()
    {
        var agency = await AgencySession.CreateAsync(factory, "Open Agency");
        await SetSupportAccessAsync(agency.TenantId, TimeSpan.FromHours(24));
        var client = await OperatorAsync();

        var page = await GetOkAsync(client, $"/operator/agencies/{agency.TenantId}/dashboard");

        Assert.Contains("data-testid=\"support-banner\"", page);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var access = Assert.Single(await db.AuditEntries.Where(e => e.Action == AuditActions.SupportAccess).ToListAsync());
        Assert.Equal(OperatorPortalFactory.OperatorEmail, access.ActorName);
        Assert.NotNull(access.IpAddress);
    }

    [Fact]
    public async Task SupportDashboard_AccessRevoked_IsNotFound()
    {
        var agency = await AgencySession.CreateAsync(factory, "Reclosed Agency");
        await SetSupportAccessAsync(agency.TenantId, TimeSpan.FromHours(1));
        await SetSupportAccessAsync(agency.TenantId, null);
        var client = await OperatorAsync();

        var response = await client.GetAsync($"/operator/agencies/{agency.TenantId}/dashboard");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SupportDashboard_AgencyOwner_IsDenied()
    {
        var north = await AgencySession.CreateAsync(factory, "Owner Not Operator");
        var south = await AgencySession.CreateAsync(factory, "Open To Operators Only");
        await SetSupportAccessAsync(south.TenantId, TimeSpan.FromHours(2));

        var response = await north.Client.GetAsync($"/operator/agencies/{south.TenantId}/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateOperator_UnlistedEmail_IsRejected()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var response = await AgencySession.PostFormAsync(client, "/Account/CreateOperator", new Dictionary<string, string>
        {
            ["Input.Email"] = "intruder@example.com",
            ["Input.Password"] = AgencySession.Password,
            ["Input.ConfirmPassword"] = AgencySession.Password,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not listed in BouncePortal:PlatformOperators", await response.Content.ReadAsStringAsync());
    }

    private async Task SetSupportAccessAsync(Guid tenantId, TimeSpan? duration)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<AgencySettingsService>();
        Assert.Null(await settings.SetSupportAccessAsync(tenantId, duration, CancellationToken.None));
    }

    // The first test creates the operator account through its page; later tests sign in with it.
    private async Task<HttpClient> OperatorAsync()
    {
        if (operatorClient is not null)
        {
            return operatorClient;
        }

        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var created = await AgencySession.PostFormAsync(client, "/Account/CreateOperator", new Dictionary<string, string>
        {
            ["Input.Email"] = OperatorPortalFactory.OperatorEmail,
            ["Input.Password"] = AgencySession.Password,
            ["Input.ConfirmPassword"] = AgencySession.Password,
        });
        if (created.StatusCode != HttpStatusCode.Redirect)
        {
            var signedIn = await AgencySession.SignInAsync(client, OperatorPortalFactory.OperatorEmail);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        operatorClient = client;
        return client;
    }

    private static async Task<string> GetOkAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} returned {response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
        return body;
    }
}
