namespace BouncePortal.Infrastructure.Tenancy;

/// <summary>
/// A member's role within their agency, from least to most access.
/// </summary>
public enum AgencyRole
{
    /// <summary>Reads dashboards, uploads' results and lists; changes nothing. Suits an agency's own client.</summary>
    Viewer = 0,

    /// <summary>Uploads logs, maps columns, works checklists, pauses and resumes mailboxes.</summary>
    Staff = 1,

    /// <summary>Staff's rights plus the agency's settings and workflows.</summary>
    Admin = 2,

    /// <summary>Admin's rights plus users, roles and support access.</summary>
    Owner = 3,
}
