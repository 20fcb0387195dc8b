using System.Security.Claims;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BouncePortal.Web.Tenancy;

/// <summary>
/// Adds the user's agency id, agency name and role to the sign-in cookie, so every request and
/// circuit can read its tenant without a database round trip. A configured platform operator gets
/// the operator role and no agency claims at all.
/// </summary>
internal sealed class AgencyClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    IOptions<BouncePortalOptions> portalOptions,
    BouncePortalDbContext db)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        }

        if (portalOptions.Value.IsPlatformOperator(user.Email))
        {
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, TenantClaims.PlatformOperatorRole));
            return identity;
        }

        if (user.TenantId == Guid.Empty || user.Role is not { } role)
        {
            return identity;
        }

        identity.AddClaim(new Claim(TenantClaims.TenantId, user.TenantId.ToString()));
        identity.AddClaim(new Claim(TenantClaims.AgencyRole, role.ToString()));
        var agency = await db.Agencies.FindAsync(user.TenantId);
        if (agency is not null)
        {
            identity.AddClaim(new Claim(TenantClaims.AgencyName, agency.Name));
        }

        return identity;
    }
}
