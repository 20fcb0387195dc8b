using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Audit;

/// <summary>
/// One stored line of an agency's audit log. The actor's name is copied in, so the entry still
/// names the user after they are removed.
/// </summary>
public sealed class AuditEntry : ITenantOwned
{
    /// <summary>The entry's id, increasing in insertion order, which breaks ties between equal times.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>When it happened, from the registered <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>What was done, one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What it was done to, in plain text.</summary>
    public required string Details { get; set; }

    /// <summary>The acting user's id; null for the system.</summary>
    public string? ActorUserId { get; set; }

    /// <summary>The acting user's email or name at the time.</summary>
    public string? ActorName { get; set; }

    /// <summary>The client's IP address, when known.</summary>
    public string? IpAddress { get; set; }
}
