using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Creates short-lived database contexts bound to one agency. Components and jobs create one
/// per operation and dispose it.
/// </summary>
public sealed class TenantDbContextFactory(DbContextOptions<BouncePortalDbContext> options)
{
    /// <summary>Creates a context that reads and writes only <paramref name="tenantId"/>'s rows.</summary>
    public BouncePortalDbContext CreateForTenant(Guid tenantId)
    {
        if (tenantId == Guid.Empty)
        {
            throw new ArgumentException("An agency id is required.", nameof(tenantId));
        }

        return new BouncePortalDbContext(options) { CurrentTenantId = tenantId };
    }

    /// <summary>Creates a context with no agency: it reads agencies and users but no tenant-owned rows.</summary>
    public BouncePortalDbContext CreateWithoutTenant() => new(options);
}
