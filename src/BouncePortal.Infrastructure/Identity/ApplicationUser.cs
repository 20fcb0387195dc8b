using Microsoft.AspNetCore.Identity;

namespace BouncePortal.Infrastructure.Identity;

/// <summary>
/// A staff member of one agency, signed in with ASP.NET Core Identity.
/// </summary>
public sealed class ApplicationUser : IdentityUser
{
    /// <summary>The agency the user works for.</summary>
    public Guid TenantId { get; set; }

    /// <summary>The name shown in the portal.</summary>
    public string? DisplayName { get; set; }
}
