using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Members;

/// <summary>
/// A single-use invitation to join an agency with a role. Only the SHA-256 hash of its token is
/// stored; the token itself is shown once, in the link the inviter copies.
/// </summary>
public sealed class Invitation : ITenantOwned
{
    /// <summary>The invitation's id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The invited person's email; the account created on acceptance uses it.</summary>
    public required string Email { get; set; }

    /// <summary>The role the new member gets.</summary>
    public AgencyRole Role { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHash { get; set; }

    /// <summary>When the invitation was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>After this instant the invitation can no longer be accepted.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The email of the member who invited.</summary>
    public string? InvitedBy { get; set; }

    /// <summary>When it was accepted; null while open.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>When it was revoked; null unless revoked.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Whether the invitation can still be accepted at <paramref name="now"/>.</summary>
    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;
}
