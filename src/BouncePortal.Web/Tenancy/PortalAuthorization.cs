using System.Security.Claims;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace BouncePortal.Web.Tenancy;

/// <summary>
/// The portal's policies: each requires an agency and one of the roles allowed for it, and the
/// operator policy requires the platform operator role.
/// </summary>
internal static class PortalAuthorization
{
    /// <summary>The roles each agency policy admits.</summary>
    public static readonly IReadOnlyDictionary<string, AgencyRole[]> RolesByPolicy = new Dictionary<string, AgencyRole[]>
    {
        [PortalPolicies.View] = [AgencyRole.Viewer, AgencyRole.Staff, AgencyRole.Admin, AgencyRole.Owner],
        [PortalPolicies.Operate] = [AgencyRole.Staff, AgencyRole.Admin, AgencyRole.Owner],
        [PortalPolicies.Administer] = [AgencyRole.Admin, AgencyRole.Owner],
        [PortalPolicies.Own] = [AgencyRole.Owner],
    };

    /// <summary>Registers the agency policies and the platform operator policy.</summary>
    public static void AddPortalPolicies(this AuthorizationOptions options)
    {
        foreach (var (policy, roles) in RolesByPolicy)
        {
            options.AddPolicy(policy, rule => rule
                .RequireAuthenticatedUser()
                .RequireClaim(TenantClaims.TenantId)
                .RequireClaim(TenantClaims.AgencyRole, roles.Select(role => role.ToString())));
        }

        options.AddPolicy(PortalPolicies.PlatformOperator, rule => rule
            .RequireAuthenticatedUser()
            .RequireRole(TenantClaims.PlatformOperatorRole));
    }

    /// <summary>Reads the agency role claim of <paramref name="user"/>, or null.</summary>
    public static AgencyRole? RoleOf(ClaimsPrincipal user) =>
        Enum.TryParse<AgencyRole>(user.FindFirstValue(TenantClaims.AgencyRole), out var role) ? role : null;

    /// <summary>
    /// Whether the agency and role claims of <paramref name="principal"/> still match the stored
    /// <paramref name="user"/>, and its operator role still matches the configured list.
    /// </summary>
    public static bool MembershipMatches(ClaimsPrincipal principal, ApplicationUser user, BouncePortalOptions options)
    {
        var claimsOperator = principal.IsInRole(TenantClaims.PlatformOperatorRole);
        if (claimsOperator != options.IsPlatformOperator(user.Email))
        {
            return false;
        }

        if (claimsOperator)
        {
            return CurrentAgency.TenantIdOf(principal) is null;
        }

        var claimedTenant = CurrentAgency.TenantIdOf(principal);
        var storedTenant = user.TenantId == Guid.Empty ? (Guid?)null : user.TenantId;
        return claimedTenant == storedTenant && RoleOf(principal) == user.Role;
    }
}
