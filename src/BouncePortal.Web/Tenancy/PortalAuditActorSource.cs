using System.Security.Claims;
using BouncePortal.Infrastructure.Audit;
using Microsoft.AspNetCore.Components.Authorization;

namespace BouncePortal.Web.Tenancy;

/// <summary>
/// The client of an interactive circuit, captured from the first request when the circuit starts:
/// interactive events run without an <see cref="HttpContext"/>.
/// </summary>
public sealed class CircuitClient
{
    /// <summary>Whether this scope is a circuit whose client was captured.</summary>
    public bool IsCaptured { get; private set; }

    /// <summary>The client's IP address as the first request saw it.</summary>
    public string? IpAddress { get; private set; }

    /// <summary>Records the client of the circuit; called once, by the router when it turns interactive.</summary>
    public void Capture(string? ipAddress)
    {
        IsCaptured = true;
        IpAddress = ipAddress;
    }
}

/// <summary>
/// Supplies the audit actor: the user and IP of the current request, or in a circuit the
/// circuit's user and the IP captured at its start. Scopes with neither (jobs) have no actor.
/// </summary>
internal sealed class PortalAuditActorSource(
    CircuitClient circuit,
    IHttpContextAccessor httpContextAccessor,
    AuthenticationStateProvider authentication) : IAuditActorSource
{
    public async Task<AuditActor> GetActorAsync()
    {
        if (circuit.IsCaptured)
        {
            var state = await authentication.GetAuthenticationStateAsync();
            return ActorOf(state.User, circuit.IpAddress);
        }

        if (httpContextAccessor.HttpContext is { } http)
        {
            return ActorOf(http.User, http.Connection.RemoteIpAddress?.ToString());
        }

        return AuditActor.None;
    }

    private static AuditActor ActorOf(ClaimsPrincipal user, string? ipAddress) =>
        user.Identity?.IsAuthenticated == true
            ? new AuditActor(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name, ipAddress)
            : new AuditActor(null, null, ipAddress);
}
