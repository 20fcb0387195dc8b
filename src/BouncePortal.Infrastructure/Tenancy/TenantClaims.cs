namespace BouncePortal.Infrastructure.Tenancy;

/// <summary>
/// Claim types that carry the signed-in user's agency.
/// </summary>
public static class TenantClaims
{
    /// <summary>The agency id (a GUID) of the signed-in user.</summary>
    public const string TenantId = "bounceportal:tenant_id";

    /// <summary>The agency's display name.</summary>
    public const string AgencyName = "bounceportal:agency_name";

    /// <summary>The user's <see cref="Tenancy.AgencyRole"/> in the agency, by name.</summary>
    public const string AgencyRole = "bounceportal:agency_role";

    /// <summary>Role for the people who run the platform, outside any agency.</summary>
    public const string PlatformOperatorRole = "PlatformOperator";
}
