namespace BouncePortal.Infrastructure.Tenancy;

/// <summary>
/// Names of the authorization policies that guard the portal's pages and actions.
/// </summary>
public static class PortalPolicies
{
    /// <summary>Any member of the agency: reads dashboards, uploads' results and lists.</summary>
    public const string View = "AgencyView";

    /// <summary>Staff and above: uploads, checklists, pauses and resumes.</summary>
    public const string Operate = "AgencyOperate";

    /// <summary>Admins and owners: settings and workflows.</summary>
    public const string Administer = "AgencyAdminister";

    /// <summary>Owners only: users, roles and the agency itself.</summary>
    public const string Own = "AgencyOwn";

    /// <summary>Platform operators, outside any agency: the agencies list and the job dashboard.</summary>
    public const string PlatformOperator = "PlatformOperator";
}
