using System.Security.Cryptography;
using System.Text;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Members;

/// <summary>
/// An agency's members and invitations: list, invite, change roles, remove. Every method works
/// within one agency; a user or invitation id of another agency is reported as not found.
/// Callers check the Own policy first; this service keeps the agency's last owner in place.
/// </summary>
public sealed class AgencyMembersService(
    TenantDbContextFactory databases,
    UserManager<ApplicationUser> users,
    IAuditLog audit,
    TimeProvider time)
{
    /// <summary>How long an invitation stays open by default.</summary>
    public static readonly TimeSpan DefaultInvitationLifetime = TimeSpan.FromDays(7);

    /// <summary>Lists the agency's members, owners first.</summary>
    public async Task<IReadOnlyList<AgencyMember>> ListMembersAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateWithoutTenant();
        var members = await db.Users.AsNoTracking()
            .Where(u => u.TenantId == tenantId && u.Role != null)
            .Select(u => new AgencyMember(u.Id, u.Email ?? u.UserName ?? u.Id, u.DisplayName, u.Role!.Value))
            .ToListAsync(cancellationToken);
        return members.OrderByDescending(m => m.Role).ThenBy(m => m.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Lists the agency's invitations, newest first.</summary>
    public async Task<IReadOnlyList<Invitation>> ListInvitationsAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var invitations = await db.Invitations.AsNoTracking().ToListAsync(cancellationToken);
        return invitations.OrderByDescending(i => i.CreatedAt).ToList();
    }

    /// <summary>
    /// Creates a single-use invitation for <paramref name="email"/> with <paramref name="role"/> and
    /// returns its token, which is stored only as a hash. An open invitation of the same email in
    /// this agency is revoked, so only the newest link works. Fails when the email is already a
    /// member of this agency. An account in another agency gets the same reply as any other address,
    /// so an agency cannot learn who uses the portal elsewhere, and acceptance rejects it later.
    /// </summary>
    public async Task<InvitationResult> InviteAsync(
        Guid tenantId, string email, AgencyRole role, string? invitedBy, CancellationToken cancellationToken, TimeSpan? lifetime = null)
    {
        email = email.Trim();
        if (!IsPlausibleEmail(email))
        {
            return InvitationResult.Failed($"'{email}' is not an email address. Enter one such as name@example.com.");
        }

        if (!Enum.IsDefined(role))
        {
            return InvitationResult.Failed($"'{role}' is not a role. Choose Owner, Admin, Staff or Viewer.");
        }

        if (await users.FindByEmailAsync(email) is { } existing && existing.TenantId == tenantId && existing.Role is not null)
        {
            return InvitationResult.Failed($"{email} is already a member of this agency. Change their role in the members list instead.");
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Email = email,
            Role = role,
            TokenHash = HashToken(token),
            CreatedAt = now,
            ExpiresAt = now + (lifetime ?? DefaultInvitationLifetime),
            InvitedBy = invitedBy,
        };

        IReadOnlyList<Invitation> replaced;
        await using (var db = databases.CreateForTenant(tenantId))
        {
            replaced = await RevokeOpenInvitationsAsync(db, email, now, cancellationToken);
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var old in replaced)
        {
            await audit.RecordAsync(
                new AuditRecord(tenantId, AuditActions.InvitationRevoked, $"Revoked the invitation of {old.Email}: replaced by a new invitation"),
                cancellationToken);
        }

        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.UserInvited, $"Invited {email} as {role}"), cancellationToken);
        return new InvitationResult(invitation, token, null);
    }

    /// <summary>Revokes an open invitation. Returns false when it is not this agency's or no longer open.</summary>
    public async Task<bool> RevokeAsync(Guid tenantId, Guid invitationId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation is null || !invitation.IsOpen(time.GetUtcNow()))
        {
            return false;
        }

        invitation.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.InvitationRevoked, $"Revoked the invitation of {invitation.Email}"), cancellationToken);
        return true;
    }

    /// <summary>Changes a member's role; the last owner cannot be demoted.</summary>
    public async Task<MemberChangeResult> ChangeRoleAsync(Guid tenantId, string userId, AgencyRole role, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(role))
        {
            return MemberChangeResult.Failed($"'{role}' is not a role. Choose Owner, Admin, Staff or Viewer.");
        }

        var user = await FindMemberAsync(tenantId, userId);
        if (user is null)
        {
            return MemberChangeResult.NotFound;
        }

        var previous = user.Role!.Value;
        if (previous == role)
        {
            return MemberChangeResult.Done;
        }

        if (previous == AgencyRole.Owner && await CountOwnersAsync(tenantId, cancellationToken) <= 1)
        {
            return MemberChangeResult.Failed($"{user.Email} is the agency's only owner. Make another member Owner first, then change this role.");
        }

        user.Role = role;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return MemberChangeResult.Failed(string.Join(" ", updated.Errors.Select(e => e.Description)));
        }

        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.RoleChanged, $"{user.Email}: {previous} to {role}"), cancellationToken);
        return MemberChangeResult.Done;
    }

    /// <summary>
    /// Removes a member: deletes the account, which also invalidates its sign-in cookie and circuits.
    /// The last owner cannot be removed. Audit entries keep the member's email.
    /// </summary>
    public async Task<MemberChangeResult> RemoveAsync(Guid tenantId, string userId, CancellationToken cancellationToken)
    {
        var user = await FindMemberAsync(tenantId, userId);
        if (user is null)
        {
            return MemberChangeResult.NotFound;
        }

        if (user.Role == AgencyRole.Owner && await CountOwnersAsync(tenantId, cancellationToken) <= 1)
        {
            return MemberChangeResult.Failed($"{user.Email} is the agency's only owner and cannot be removed. Make another member Owner first.");
        }

        // The new stamp rejects the member's cookie and circuits even if deletion fails below.
        await users.UpdateSecurityStampAsync(user);
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded)
        {
            return MemberChangeResult.Failed(string.Join(" ", deleted.Errors.Select(e => e.Description)));
        }

        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.UserRemoved, $"Removed {user.Email} ({user.Role})"), cancellationToken);
        return MemberChangeResult.Done;
    }

    /// <summary>
    /// Marks every open invitation of <paramref name="email"/> (ignoring case) in the context's agency
    /// revoked at <paramref name="now"/> and returns them. The caller saves the context.
    /// </summary>
    internal static async Task<IReadOnlyList<Invitation>> RevokeOpenInvitationsAsync(
        BouncePortalDbContext db, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // An agency has few invitations, so the case-insensitive match runs in memory.
        var pending = await db.Invitations.Where(i => i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(cancellationToken);
        var open = pending.Where(i => string.Equals(i.Email, email, StringComparison.OrdinalIgnoreCase) && i.IsOpen(now)).ToList();
        foreach (var invitation in open)
        {
            invitation.RevokedAt = now;
        }

        return open;
    }

    /// <summary>Returns the SHA-256 of <paramref name="token"/> as lower-case hex, as stored.</summary>
    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<ApplicationUser?> FindMemberAsync(Guid tenantId, string userId)
    {
        var user = await users.FindByIdAsync(userId);
        return user is { Role: not null } && user.TenantId == tenantId && tenantId != Guid.Empty ? user : null;
    }

    // NOTE: the owner count and the change run as two statements. Two owners who demote each
    // other at the same instant could both pass the check.
    private async Task<int> CountOwnersAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateWithoutTenant();
        return await db.Users.CountAsync(u => u.TenantId == tenantId && u.Role == AgencyRole.Owner, cancellationToken);
    }

    private static bool IsPlausibleEmail(string email) =>
        email.Length is > 2 and <= 320 && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email);
}

/// <summary>
/// A member of an agency as the users page lists them.
/// </summary>
public sealed record AgencyMember(string UserId, string Email, string? DisplayName, AgencyRole Role);

/// <summary>
/// The outcome of an invitation: the stored invitation and its one-time token, or the problem.
/// </summary>
public sealed record InvitationResult(Invitation? Invitation, string? Token, string? Problem)
{
    internal static InvitationResult Failed(string problem) => new(null, null, problem);
}

/// <summary>
/// The outcome of a role change or removal.
/// </summary>
public sealed record MemberChangeResult(bool Succeeded, bool IsNotFound, string? Problem)
{
    internal static readonly MemberChangeResult Done = new(true, false, null);

    internal static readonly MemberChangeResult NotFound = new(false, true, "The member was not found in this agency.");

    internal static MemberChangeResult Failed(string problem) => new(false, false, problem);
}
