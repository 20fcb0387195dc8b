using System.Security.Claims;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// Opens a portal scope that acts as the interactive circuit of a signed-in member: the circuit's
/// user and the client IP captured when the circuit started, as the audit log reads them.
/// </summary>
public static class CircuitScope
{
    /// <summary>The client IP address that circuits opened by these tests come from.</summary>
    public const string ClientIp = "198.51.100.7";

    /// <summary>Opens the scope of <paramref name="member"/>'s circuit with the member's stored user id and role.</summary>
    public static async Task<AsyncServiceScope> OpenCircuitAsync(this PortalFactory factory, AgencySession member)
    {
        var user = await member.GetUserAsync(factory);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, member.Email),
                new Claim(TenantClaims.TenantId, member.TenantId.ToString()),
                new Claim(TenantClaims.AgencyRole, member.Role.ToString()),
            ],
            authenticationType: "Test"));

        var scope = factory.Services.CreateAsyncScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        scope.ServiceProvider.GetRequiredService<CircuitClient>().Capture(ClientIp);
        return scope;
    }
}
