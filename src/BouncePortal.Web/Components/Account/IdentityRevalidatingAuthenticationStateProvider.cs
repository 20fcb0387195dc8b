using System.Security.Claims;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BouncePortal.Web.Components.Account;

/// <summary>
/// Revalidates the user of each connected circuit every <see cref="Interval"/>. The user must
/// still exist with the same security stamp, agency and role. A removed user or a changed role
/// therefore ends the circuit's signed-in state within minutes.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<BouncePortalOptions> portalOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>How often a circuit's user is checked again; the cookie is checked as often.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(2);

    protected override TimeSpan RevalidationInterval => Interval;

    /// <summary>Checks <paramref name="principal"/> against the stored user, as the periodic revalidation does.</summary>
    public async Task<bool> ValidateAsync(ClaimsPrincipal principal)
    {
        // A new scope, so the user manager reads fresh data and not the circuit's cached entities.
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }

        if (userManager.SupportsUserSecurityStamp)
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            if (principalStamp != await userManager.GetSecurityStampAsync(user))
            {
                return false;
            }
        }

        return PortalAuthorization.MembershipMatches(principal, user, portalOptions.Value);
    }

    protected override Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        ValidateAsync(authenticationState.User);
}
