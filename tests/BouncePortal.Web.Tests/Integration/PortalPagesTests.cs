using System.Net;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class PortalPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task CreateAgency_StoresAgencyAndOwner()
    {
        var session = await AgencySession.CreateAsync(factory, "Signup Agency");

        await using var db = factory.Services.GetRequiredService<Infrastructure.Data.TenantDbContextFactory>().CreateWithoutTenant();
        var agency = await db.Agencies.FindAsync(session.TenantId);
        Assert.NotNull(agency);
        Assert.Equal("Signup Agency", agency.Name);
        var page = await session.GetPageAsync("/mailboxes");
        Assert.Contains("Signup Agency", page);
        Assert.Contains("mailboxes-empty", page);
    }

    [Fact]
    public async Task CreateAgency_WeakPassword_StoresNothing()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await AgencySession.PostFormAsync(client, "/Account/CreateAgency", new Dictionary<string, string>
        {
            ["Input.AgencyName"] = "Weak Agency",
            ["Input.Email"] = "weak@example.com",
            ["Input.Password"] = "password1",
            ["Input.ConfirmPassword"] = "password1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("must be at least 12", await response.Content.ReadAsStringAsync());
        await using var db = factory.Services.GetRequiredService<Infrastructure.Data.TenantDbContextFactory>().CreateWithoutTenant();
        Assert.DoesNotContain(db.Agencies, a => a.Name == "Weak Agency");
    }

    [Fact]
    public async Task CreateAgency_LongName_SaysTooLong()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var name = new string('N', 201);

        var response = await AgencySession.PostFormAsync(client, "/Account/CreateAgency", new Dictionary<string, string>
        {
            ["Input.AgencyName"] = name,
            ["Input.Email"] = "long-name@example.com",
            ["Input.Password"] = "Correct-Horse-42!",
            ["Input.ConfirmPassword"] = "Correct-Horse-42!",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The agency&#x27;s name is too long: the maximum is 200 characters.", await response.Content.ReadAsStringAsync());
        await using var db = factory.Services.GetRequiredService<Infrastructure.Data.TenantDbContextFactory>().CreateWithoutTenant();
        Assert.DoesNotContain(db.Agencies, a => a.Name == name);
    }

    [Fact]
    public async Task Signup_LongNameAfterTrim_SaysTooLong()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var signup = scope.ServiceProvider.GetRequiredService<Infrastructure.Tenancy.AgencySignupService>();

        var result = await signup.CreateAsync(new string('N', 245), "Owner", "long-service@example.com", "Correct-Horse-42!", CancellationToken.None);

        Assert.Contains("The agency's name is too long: 245 characters, and the maximum is 200.", string.Join(' ', result.Errors));
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/mailboxes")]
    [InlineData("/uploads")]
    public async Task Pages_Anonymous_RedirectToLogin(string path)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Login", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task HangfireDashboard_Anonymous_IsRefused()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/hangfire");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Hangfire Dashboard", body);
        Assert.Contains("The Hangfire dashboard is for the portal&#x27;s operators", body);
        Assert.Contains("Sign in with an operator account", body);
    }

    [Fact]
    public async Task HangfireDashboard_AgencyOwner_IsForbidden()
    {
        var session = await AgencySession.CreateAsync(factory, "Curious Agency");

        var response = await session.Client.GetAsync("/hangfire");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("data-testid=\"hangfire-denied\"", body);
        Assert.Contains("The Hangfire dashboard is for the portal&#x27;s operators", body);
        Assert.DoesNotContain("Not Found", body);
    }

    [Fact]
    public async Task HangfireSubpage_AgencyOwner_IsForbidden()
    {
        var session = await AgencySession.CreateAsync(factory, "Curious Jobs Agency");

        var response = await session.Client.GetAsync("/hangfire/jobs/failed");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("data-testid=\"hangfire-denied\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPage_SignedIn_SaysNotFound()
    {
        var session = await AgencySession.CreateAsync(factory, "Lost Agency");

        var response = await session.Client.GetAsync("/hangfire-reports");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not Found", body);
        Assert.DoesNotContain("hangfire-denied", body);
    }

    [Fact]
    public async Task HangfireDashboard_PlatformOperator_IsShown()
    {
        var session = await AgencySession.CreateAsync(factory, "Operator Agency");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            await roles.CreateAsync(new IdentityRole(TenantClaims.PlatformOperatorRole));
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(session.Email);
            await users.AddToRoleAsync(user!, TenantClaims.PlatformOperatorRole);
        }

        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await AgencySession.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = session.Email,
            ["Input.Password"] = "Bounce-Portal-42",
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_AfterUpload_ShowsGaugesWithCounts()
    {
        var session = await AgencySession.CreateAsync(factory, "Gauge Agency");
        var upload = await factory.UploadAsync(session.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(session.TenantId, upload.Id);

        var page = await session.GetPageAsync("/dashboard");

        Assert.Contains("data-testid=\"agency-soft\" data-zone=\"Critical\"", page);
        Assert.Contains("50.00%", page);
        Assert.Contains("3 soft-bounced of 6 sent", page);
        Assert.Contains("1 hard-bounced of 6 sent", page);
        Assert.Contains("2024-06-11 09:00", page);
        Assert.Contains("data-mailbox=\"anna@outreach-example.com\"", page);
        Assert.Contains("data-mailbox=\"ben@outreach-example.net\"", page);
    }

    [Fact]
    public async Task Mailboxes_AfterUpload_OfferUnknownSenders()
    {
        var session = await AgencySession.CreateAsync(factory, "Discovery Agency");
        var upload = await factory.UploadAsync(session.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(session.TenantId, upload.Id);

        var page = await session.GetPageAsync("/mailboxes");

        Assert.Contains("discovered-mailboxes", page);
        Assert.Contains("anna@outreach-example.com (4 sent)", page);
        Assert.Contains("ben@outreach-example.net (2 sent)", page);
    }
}
