using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration.Roles;

public sealed class InvitationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Accept_NewPerson_JoinsWithRole()
    {
        var owner = await AgencySession.CreateAsync(factory, "Invite Accept");

        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);

        var user = await staff.GetUserAsync(factory);
        Assert.Equal(owner.TenantId, user.TenantId);
        Assert.Equal(AgencyRole.Staff, user.Role);
        await staff.GetPageAsync("/uploads");
        await using var db = factory.OpenDatabase(owner.TenantId);
        var invitation = await db.Invitations.SingleAsync();
        Assert.NotNull(invitation.AcceptedAt);
        Assert.Contains(await db.AuditEntries.Select(e => e.Action).ToListAsync(), action => action == AuditActions.InvitationAccepted);
    }

    [Fact]
    public async Task Invite_StoresOnlyTokenHash()
    {
        var owner = await AgencySession.CreateAsync(factory, "Invite Hash");

        var token = await AgencySession.InviteAsync(factory, owner.TenantId, "hash@example.com", AgencyRole.Viewer);

        await using var db = factory.OpenDatabase(owner.TenantId);
        var invitation = await db.Invitations.SingleAsync();
        Assert.Equal(AgencyMembersService.HashToken(token), invitation.TokenHash);
        Assert.NotEqual(token, invitation.TokenHash);
        Assert.Equal(TimeSpan.FromDays(7), invitation.ExpiresAt - invitation.CreatedAt);
    }

    [Fact]
    public async Task Accept_Reused_ShowsAlreadyUsed()
    {
        var owner = await AgencySession.CreateAsync(factory, "Invite Reuse");
        var token = await AgencySession.InviteAsync(factory, owner.TenantId, $"reuse-{Guid.NewGuid():N}@example.com", AgencyRole.Staff);
        await AgencySession.AcceptAsync(NewClient(), token);

        var page = await NewClient().GetStringAsync($"/Account/AcceptInvitation?token={token}");
        var accepted = await AcceptDirectlyAsync(token);

        Assert.Contains("already used", page);
        Assert.DoesNotContain("Input.Password", page);
        Assert.Equal(InvitationState.Used, accepted.State);
        Assert.Null(accepted.User);
    }

    [Fact]
    public async Task Accept_Expired_ShowsExpiredAndCreatesNothing()
    {
        var owner = await AgencySession.CreateAsync(factory, "Invite Expired");
        var email = $"late-{Guid.NewGuid():N}@example.com";
        var token = await AgencySession.InviteAsync(factory, owner.TenantId, email, AgencyRole.Staff);
        await using (var db = factory.OpenDatabase(owner.TenantId))
        {
            var invitation = await db.Invitations.SingleAsync();
            invitation.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        }

        var page = await NewClient().GetStringAsync($"/Account/AcceptInvitation?token={token}");
        var accepted = await AcceptDirectlyAsync(token);

        Assert.Contains("This invitation expired on", page);
        Assert.DoesNotContain("Input.Password", page);
        Assert.Equal(InvitationState.Expired, accepted.State);
        Assert.Null(accepted.User);
        await using var scope = factory.Services.CreateAsyncScope();
        var members = scope.ServiceProvider.GetRequiredService<AgencyMembersService>();
        Assert.DoesNotContain(await members.ListMembersAsync(owner.TenantId, CancellationToken.None), m => m.Email == email);
    }

    [Fact]
    public async Task Accept_Revoked_ShowsRevoked()
    {
        var owner = await AgencySession.CreateAsync(factory, "Invite Revoked");
        var token = await AgencySession.InviteAsync(factory, owner.TenantId, $"revoked-{Guid.NewGuid():N}@example.com", AgencyRole.Admin);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<AgencyMembersService>();
            var invitation = (await members.ListInvitationsAsync(owner.TenantId, CancellationToken.None)).Single();
            Assert.True(await members.RevokeAsync(owner.TenantId, invitation.Id, CancellationToken.None));
        }

        var page = await NewClient().GetStringAsync($"/Account/AcceptInvitation?token={token}");
        var accepted = await AcceptDirectlyAsync(token);

        Assert.Contains("The agency revoked this invitation.", page);
        Assert.Equal(InvitationState.Revoked, accepted.State);
        Assert.Null(accepted.User);
    }

    [Fact]
    public async Task Accept_UnknownToken_ShowsNotFound()
    {
        var page = await NewClient().GetStringAsync("/Account/AcceptInvitation?token=not-a-real-token");

        Assert.Contains("No invitation matches this link", page);
    }

    [Fact]
    public async Task Invite_ExistingAccount_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(factory, "Invite Existing");
        await using var scope = factory.Services.CreateAsyncScope();
        var members = scope.ServiceProvider.GetRequiredService<AgencyMembersService>();

        var result = await members.InviteAsync(owner.TenantId, owner.Email, AgencyRole.Staff, null, CancellationToken.None);

        Assert.Null(result.Token);
        Assert.Contains("already has a BouncePortal account", result.Problem);
    }

    private async Task<AcceptanceResult> AcceptDirectlyAsync(string token)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var invitations = scope.ServiceProvider.GetRequiredService<InvitationAcceptanceService>();
        return await invitations.AcceptAsync(token, "Late Person", AgencySession.Password, CancellationToken.None);
    }

    private HttpClient NewClient() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
