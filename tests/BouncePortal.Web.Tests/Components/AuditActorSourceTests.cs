using System.Security.Claims;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;

namespace BouncePortal.Web.Tests.Components;

public sealed class AuditActorSourceTests
{
    [Fact]
    public async Task Circuit_UsesCapturedIpAndCircuitUser()
    {
        var circuit = new CircuitClient();
        circuit.Capture("203.0.113.9");
        var source = new PortalAuditActorSource(circuit, new HttpContextAccessor(), new FixedAuthenticationStateProvider(SignedIn("user-1", "anna@example.com")));

        var actor = await source.GetActorAsync();

        Assert.Equal("user-1", actor.UserId);
        Assert.Equal("anna@example.com", actor.Name);
        Assert.Equal("203.0.113.9", actor.IpAddress);
    }

    [Fact]
    public async Task Request_UsesRequestUserAndIp()
    {
        var http = new DefaultHttpContext { User = SignedIn("user-2", "ben@example.com") };
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("198.51.100.4");
        var source = new PortalAuditActorSource(new CircuitClient(), new HttpContextAccessor { HttpContext = http }, new FixedAuthenticationStateProvider(new ClaimsPrincipal()));

        var actor = await source.GetActorAsync();

        Assert.Equal("user-2", actor.UserId);
        Assert.Equal("198.51.100.4", actor.IpAddress);
    }

    [Fact]
    public async Task NoRequestNoCircuit_HasNoActor()
    {
        var source = new PortalAuditActorSource(new CircuitClient(), new HttpContextAccessor(), new FixedAuthenticationStateProvider(SignedIn("user-3", "job@example.com")));

        var actor = await source.GetActorAsync();

        Assert.Equal(AuditActor.None, actor);
    }

    private static ClaimsPrincipal SignedIn(string id, string name) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name)], authenticationType: "Test"));

    private sealed class FixedAuthenticationStateProvider(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
