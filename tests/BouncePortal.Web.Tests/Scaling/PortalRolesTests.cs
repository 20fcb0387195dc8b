using System.Net;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BouncePortal.Web.Tests.Scaling;

[Collection(HangfireServerCollection.Name)]
public sealed class PortalRolesTests
{
    [Fact]
    public async Task JobsRole_RunsJobServer_ServesNoPages()
    {
        using var factory = new RolesPortalFactory("Jobs");
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var login = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
        Assert.True(RunsJobServer(factory));
    }

    [Fact]
    public async Task WebRole_ServesPages_RunsNoJobServer()
    {
        using var factory = new RolesPortalFactory("Web");
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var login = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.False(RunsJobServer(factory));
    }

    [Fact]
    public async Task DefaultRoles_ServePagesAndRunJobServer()
    {
        using var factory = new RolesPortalFactory(roles: null);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var login = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(RunsJobServer(factory));
    }

    [Fact]
    public void RunJobServerFalse_TurnsJobsRoleOff()
    {
        using var factory = new RolesPortalFactory("Web,Jobs", runJobServer: false);

        Assert.False(RunsJobServer(factory));
    }

    [Theory]
    [InlineData("Mail")]
    [InlineData("None")]
    public void Roles_InvalidValue_StartFails(string roles)
    {
        using var factory = new RolesPortalFactory(roles);

        var failure = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("BouncePortal:Roles", failure.ToString());
    }

    [Fact]
    public void PostgreSql_WithoutConnectionString_StartFails()
    {
        using var factory = new RolesPortalFactory(roles: null);
        factory.Settings["BouncePortal:Database:Provider"] = "PostgreSql";

        var failure = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("BouncePortal:Database:ConnectionString is empty", failure.ToString());
    }

    [Fact]
    public void Provider_UnknownValue_StartFails()
    {
        using var factory = new RolesPortalFactory(roles: null);
        factory.Settings["BouncePortal:Database:Provider"] = "Oracle";

        var failure = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("BouncePortal:Database:Provider", failure.ToString());
    }

    private static bool RunsJobServer(PortalFactory factory) =>
        factory.Services.GetServices<IHostedService>().Any(service => service.GetType().Name == "BackgroundJobServerHostedService");

    private sealed class RolesPortalFactory : PortalFactory
    {
        public RolesPortalFactory(string? roles, bool runJobServer = true)
            : base(runJobServer)
        {
            if (roles is not null)
            {
                Settings["BouncePortal:Roles"] = roles;
            }
        }
    }
}
