using System.Security.Claims;
using BouncePortal.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;

namespace BouncePortal.Web.Tenancy;

/// <summary>
/// The signed-in user's agency, read from the authentication state, which reaches both
/// prerendering and interactive events in Blazor Server.
/// </summary>
public sealed class CurrentAgency(AuthenticationStateProvider authentication)
{
    /// <summary>Returns the signed-in user's agency id; throws when the user has none.</summary>
    public async Task<Guid> GetTenantIdAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return TenantIdOf(state.User)
            ?? throw new TenantViolationException("The signed-in user belongs to no agency.");
    }

    /// <summary>Returns the user's name as the portal shows it.</summary>
    public async Task<string?> GetUserNameAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.Identity?.Name;
    }

    /// <summary>Reads the agency id claim of <paramref name="user"/>, or null.</summary>
    public static Guid? TenantIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(TenantClaims.TenantId), out var id) && id != Guid.Empty ? id : null;
}
