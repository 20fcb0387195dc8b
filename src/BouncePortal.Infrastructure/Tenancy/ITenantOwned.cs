namespace BouncePortal.Infrastructure.Tenancy;

/// <summary>
/// An entity that belongs to one agency. The database context filters every query on
/// <see cref="TenantId"/> and rejects writes of another agency's rows.
/// </summary>
public interface ITenantOwned
{
    /// <summary>The owning agency's id.</summary>
    Guid TenantId { get; set; }
}
