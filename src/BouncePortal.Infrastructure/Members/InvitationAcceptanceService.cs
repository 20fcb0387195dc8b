using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Members;

/// <summary>
/// Turns an invitation token into a new account in the inviting agency. The token arrives without
/// a signed-in agency, so the lookup by its hash crosses agencies on purpose.
/// </summary>
public sealed class InvitationAcceptanceService(
    TenantDbContextFactory databases,
    UserManager<ApplicationUser> users,
    IAuditLog audit,
    TimeProvider time)
{
    /// <summary>Finds the invitation of <paramref name="token"/> and reports whether it can be accepted.</summary>
    public async Task<InvitationLookup> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return new InvitationLookup(null, InvitationState.NotFound);
        }

        var hash = AgencyMembersService.HashToken(token.Trim());
        await using var db = databases.CreateWithoutTenant();
        var invitation = await db.Invitations.IgnoreQueryFilters([BouncePortalDbContext.TenantFilter])
            .AsNoTracking()
            .SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        var state = StateOf(invitation);
        if (state == InvitationState.Open && await users.FindByEmailAsync(invitation!.Email) is not null)
        {
            state = InvitationState.AccountExists;
        }

        return new InvitationLookup(invitation, state);
    }

    /// <summary>
    /// Creates the invited person's account with the invitation's email and role, marks the
    /// invitation used and revokes the agency's other open invitations of that email. A used,
    /// revoked, expired or unknown token, or an email that already has an account, creates nothing.
    /// </summary>
    public async Task<AcceptanceResult> AcceptAsync(string? token, string? displayName, string password, CancellationToken cancellationToken)
    {
        var lookup = await FindAsync(token, cancellationToken);
        if (lookup.State != InvitationState.Open)
        {
            return new AcceptanceResult(null, lookup.State, []);
        }

        var invitation = lookup.Invitation!;
        var now = time.GetUtcNow();
        await using var db = databases.CreateForTenant(invitation.TenantId);

        // Claim the invitation first with a conditional update, so two submissions of one link
        // cannot both create an account.
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return new AcceptanceResult(null, InvitationState.Used, []);
        }

        var user = new ApplicationUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            TenantId = invitation.TenantId,
            Role = invitation.Role,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            // Reopen the invitation, so the person can try again with a valid password.
            await db.Invitations.Where(i => i.Id == invitation.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, (DateTimeOffset?)null), cancellationToken);

            // An account created for this email since the lookup above is reported like one found by it.
            var describer = users.ErrorDescriber;
            var duplicateCodes = new[] { describer.DuplicateEmail(invitation.Email).Code, describer.DuplicateUserName(invitation.Email).Code };
            if (created.Errors.Any(e => duplicateCodes.Contains(e.Code)))
            {
                return new AcceptanceResult(null, InvitationState.AccountExists, []);
            }

            return new AcceptanceResult(null, InvitationState.Open, created.Errors.Select(e => e.Description).ToArray());
        }

        // The agency's other open invitations of this email can no longer be accepted, so they close too.
        var superseded = await AgencyMembersService.RevokeOpenInvitationsAsync(db, invitation.Email, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var other in superseded)
        {
            await audit.RecordAsync(
                new AuditRecord(invitation.TenantId, AuditActions.InvitationRevoked, $"Revoked the invitation of {other.Email}: another invitation was accepted", user.Id, user.Email),
                cancellationToken);
        }

        await audit.RecordAsync(
            new AuditRecord(invitation.TenantId, AuditActions.InvitationAccepted, $"{invitation.Email} joined as {invitation.Role}", user.Id, user.Email),
            cancellationToken);
        return new AcceptanceResult(user, InvitationState.Open, []);
    }

    private InvitationState StateOf(Invitation? invitation) => invitation switch
    {
        null => InvitationState.NotFound,
        { AcceptedAt: not null } => InvitationState.Used,
        { RevokedAt: not null } => InvitationState.Revoked,
        _ when time.GetUtcNow() >= invitation.ExpiresAt => InvitationState.Expired,
        _ => InvitationState.Open,
    };
}

/// <summary>
/// Whether an invitation link can still be used.
/// </summary>
public enum InvitationState
{
    /// <summary>The invitation can be accepted.</summary>
    Open,

    /// <summary>No invitation has this token.</summary>
    NotFound,

    /// <summary>Someone already accepted it.</summary>
    Used,

    /// <summary>The agency revoked it.</summary>
    Revoked,

    /// <summary>Its seven days (or the lifetime chosen) have passed.</summary>
    Expired,

    /// <summary>The invited email already has an account, in this agency or another, and an account belongs to one agency.</summary>
    AccountExists,
}

/// <summary>
/// An invitation found by token, with its state.
/// </summary>
public sealed record InvitationLookup(Invitation? Invitation, InvitationState State);

/// <summary>
/// The outcome of accepting an invitation: the new user, or why not.
/// </summary>
public sealed record AcceptanceResult(ApplicationUser? User, InvitationState State, IReadOnlyList<string> Errors)
{
    /// <summary>True when the account exists and the invitation is used.</summary>
    public bool Succeeded => User is not null;
}
