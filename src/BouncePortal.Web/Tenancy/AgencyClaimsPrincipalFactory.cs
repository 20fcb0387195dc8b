using System.Security.Claims;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BouncePortal.Web.Tenancy;

/// <summary>
/// Adds the user's agency id and name to the sign-in cookie, so every request and circuit
/// can read its tenant without a database round trip.
/// </summary>
internal sealed class AgencyClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    BouncePortalDbContext db)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.TenantId == Guid.Empty)
        {
            return identity;
        }

        identity.AddClaim(new Claim(TenantClaims.TenantId, user.TenantId.ToString()));
        var agency = await db.Agencies.FindAsync(user.TenantId);
        if (agency is not null)
        {
            identity.AddClaim(new Claim(TenantClaims.AgencyName, agency.Name));
        }

        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        }

        return identity;
    }
}
