using BouncePortal.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace BouncePortal.Infrastructure.Identity;

/// <summary>
/// A staff member of one agency, signed in with ASP.NET Core Identity.
/// </summary>
public sealed class ApplicationUser : IdentityUser
{
    /// <summary>The agency the user works for; <see cref="Guid.Empty"/> for a platform operator.</summary>
    public Guid TenantId { get; set; }

    /// <summary>The user's role in <see cref="TenantId"/>; null when the user belongs to no agency.</summary>
    public AgencyRole? Role { get; set; }

    /// <summary>The name shown in the portal.</summary>
    public string? DisplayName { get; set; }
}
