using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Account;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Users;

/// <summary>
/// The agency's users and invitations. Admins read them, and owners invite, change roles and remove.
/// </summary>
public sealed partial class Users
{
    private static readonly AgencyRole[] Roles = [AgencyRole.Owner, AgencyRole.Admin, AgencyRole.Staff, AgencyRole.Viewer];

    private IReadOnlyList<AgencyMember>? members;
    private IReadOnlyList<Invitation>? invitations;
    private Guid tenantId;
    private bool canOwn;
    private string inviteEmail = string.Empty;
    private AgencyRole inviteRole = AgencyRole.Staff;
    private string? invitationLink;
    private string? problem;

    // A role select keeps the role the owner picked even when the change is rejected, because its
    // Value parameter (the stored role) did not change. A new generation recreates the selects.
    private int roleSelectGeneration;

    [Inject]
    private AgencyMembersService Members { get; set; } = default!;

    [Inject]
    private CurrentAgency Agency { get; set; } = default!;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Inject]
    private AccountLinks Links { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        tenantId = await Agency.GetTenantIdAsync();
        canOwn = await Access.CanAsync(PortalPolicies.Own);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        members = await Members.ListMembersAsync(tenantId, CancellationToken.None);
        invitations = await Members.ListInvitationsAsync(tenantId, CancellationToken.None);
    }

    private async Task InviteAsync()
    {
        invitationLink = null;
        if (!await AllowOwnAsync())
        {
            return;
        }

        var invitedBy = await Agency.GetUserNameAsync();
        var result = await Members.InviteAsync(tenantId, inviteEmail, inviteRole, invitedBy, CancellationToken.None);
        problem = result.Problem;
        if (result.Token is { } token)
        {
            // NOTE: the owner sends this link by hand until the portal sends invitation emails itself.
            invitationLink = Links.Build("Account/AcceptInvitation", new Dictionary<string, object?> { ["token"] = token });
            inviteEmail = string.Empty;
        }

        await LoadAsync();
    }

    private async Task ChangeRoleAsync(AgencyMember member, AgencyRole role)
    {
        if (!await AllowOwnAsync())
        {
            roleSelectGeneration++;
            return;
        }

        var result = await Members.ChangeRoleAsync(tenantId, member.UserId, role, CancellationToken.None);
        problem = result.Problem;
        if (result.Succeeded)
        {
            Snackbar.Add($"{member.Email} is now {role}.", Severity.Success);
        }

        await LoadAsync();
        roleSelectGeneration++;
    }

    private async Task RemoveAsync(AgencyMember member)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Remove user",
            $"Remove {member.Email} from the agency? Their account is deleted and they are signed out within minutes.",
            yesText: "Remove",
            cancelText: "Cancel");
        if (confirmed != true || !await AllowOwnAsync())
        {
            return;
        }

        var result = await Members.RemoveAsync(tenantId, member.UserId, CancellationToken.None);
        problem = result.Problem;
        if (result.Succeeded)
        {
            Snackbar.Add($"Removed {member.Email}.", Severity.Info);
        }

        await LoadAsync();
    }

    private async Task RevokeAsync(Invitation invitation)
    {
        if (!await AllowOwnAsync())
        {
            return;
        }

        if (!await Members.RevokeAsync(tenantId, invitation.Id, CancellationToken.None))
        {
            problem = $"The invitation of {invitation.Email} is no longer open: it was accepted, revoked or has expired.";
        }

        await LoadAsync();
    }

    private async Task<bool> AllowOwnAsync()
    {
        if (await Access.CheckAsync(PortalPolicies.Own))
        {
            return true;
        }

        problem = PortalAccess.DeniedMessage(PortalPolicies.Own);
        return false;
    }

    private string StateText(Invitation invitation) => invitation switch
    {
        { AcceptedAt: { } accepted } => $"Accepted {accepted:yyyy-MM-dd}",
        { RevokedAt: { } revoked } => $"Revoked {revoked:yyyy-MM-dd}",
        _ when Time.GetUtcNow() >= invitation.ExpiresAt => $"Expired {invitation.ExpiresAt:yyyy-MM-dd}",
        _ => $"Open until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC",
    };

    private static string RoleHelp(AgencyRole role) => role switch
    {
        AgencyRole.Owner => "Owner: everything, including users, roles and support access.",
        AgencyRole.Admin => "Admin: settings and workflows, plus everything Staff does.",
        AgencyRole.Staff => "Staff: uploads, column mappings, mailboxes, checklists and pauses.",
        _ => "Viewer: reads dashboards and lists, changes nothing; suits the agency's own client.",
    };
}
