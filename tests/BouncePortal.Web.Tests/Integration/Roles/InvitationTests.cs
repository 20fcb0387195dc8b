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
    public async Task Invite_OwnMember_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(factory, "Invite Existing");
        await using var scope = factory.Services.CreateAsyncScope();
        var members = scope.ServiceProvider.GetRequiredService<AgencyMembersService>();

        var result = await members.InviteAsync(owner.TenantId, owner.Email, AgencyRole.Staff, null, CancellationToken.None);

        Assert.Null(result.Token);
        Assert.Contains("already a member of this agency", result.Problem);
    }

    [Fact]
    public async Task Invite_SameEmailTwice_RevokesFirst()
    {
        var owner = await AgencySession.CreateAsync(factory, "Invite Twice");
        var email = $"twice-{Guid.NewGuid():N}@example.com";
        var first = await AgencySession.InviteAsync(factory, owner.TenantId, email, AgencyRole.Staff);

        var second = await AgencySession.InviteAsync(factory, owner.TenantId, email.ToUpperInvariant(), AgencyRole.Admin);

        var firstPage = await NewClient().GetStringAsync($"/Account/AcceptInvitation?token={first}");
        Assert.Contains("The agency revoked this invitation.", firstPage);
        Assert.Equal(InvitationState.Revoked, (await AcceptDirectlyAsync(first)).State);
        await using (var db = factory.OpenDatabase(owner.TenantId))
        {
            var invitations = await db.Invitations.ToListAsync();
            Assert.Equal(2, invitations.Count);
            Assert.Single(invitations, i => i.RevokedAt is null);
            Assert.Contains(await db.AuditEntries.Select(e => e.Action).ToListAsync(), action => action == AuditActions.InvitationRevoked);
        }

        var joined = await AcceptDirectlyAsync(second);
        Assert.True(joined.Succeeded);
        Assert.Equal(AgencyRole.Admin, joined.User!.Role);
    }

    [Fact]
    public async Task Accept_RevokesOtherOpenInvitations()
    {
        var owner = await AgencySession.CreateAsync(factory, "Invite Duplicates");
        var email = $"duplicate-{Guid.NewGuid():N}@example.com";
        var token = await AgencySession.InviteAsync(factory, owner.TenantId, email, AgencyRole.Staff);
        const string olderToken = "older-duplicate-token";
        await using (var db = factory.OpenDatabase(owner.TenantId))
        {
            // An open duplicate that an earlier version of the portal could leave behind.
            db.Invitations.Add(new Invitation
            {
                Id = Guid.NewGuid(),
                TenantId = owner.TenantId,
                Email = email,
                Role = AgencyRole.Viewer,
                TokenHash = AgencyMembersService.HashToken(olderToken),
                CreatedAt = DateTimeOffset.UtcNow.AddHours(-1),
                ExpiresAt = DateTimeOffset.UtcNow.AddDays(6),
            });
            await db.SaveChangesAsync();
        }

        var accepted = await AgencySession.AcceptAsync(NewClient(), token);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, accepted.StatusCode);
        await using (var db = factory.OpenDatabase(owner.TenantId))
        {
            var older = await db.Invitations.SingleAsync(i => i.TokenHash == AgencyMembersService.HashToken(olderToken));
            Assert.NotNull(older.RevokedAt);
        }

        var olderPage = await NewClient().GetStringAsync($"/Account/AcceptInvitation?token={olderToken}");
        Assert.Contains("The agency revoked this invitation.", olderPage);
        Assert.DoesNotContain("is already taken", olderPage);
    }

    [Fact]
    public async Task Invite_AccountInAnotherAgency_FailsAtAcceptance()
    {
        var elsewhere = await AgencySession.CreateAsync(factory, "Invite Elsewhere Home");
        var owner = await AgencySession.CreateAsync(factory, "Invite Elsewhere");
        await using var scope = factory.Services.CreateAsyncScope();
        var members = scope.ServiceProvider.GetRequiredService<AgencyMembersService>();

        var invited = await members.InviteAsync(owner.TenantId, elsewhere.Email, AgencyRole.Staff, owner.Email, CancellationToken.None);

        Assert.Null(invited.Problem);
        Assert.NotNull(invited.Token);
        var page = await NewClient().GetStringAsync($"/Account/AcceptInvitation?token={invited.Token}");
        Assert.Contains("already has a BouncePortal account", page);
        Assert.Contains($"Ask {owner.Email} to invite another email address", page);
        Assert.DoesNotContain("Input.Password", page);
        var accepted = await AcceptDirectlyAsync(invited.Token!);
        Assert.Equal(InvitationState.AccountExists, accepted.State);
        Assert.Empty(accepted.Errors);
        Assert.Equal(elsewhere.TenantId, (await elsewhere.GetUserAsync(factory)).TenantId);
        Assert.DoesNotContain(await members.ListMembersAsync(owner.TenantId, CancellationToken.None), m => m.Email == elsewhere.Email);
    }

    [Fact]
    public async Task Accept_AfterAccountCreatedElsewhere_ShowsClearPage()
    {
        var first = await AgencySession.CreateAsync(factory, "Invite Race First");
        var second = await AgencySession.CreateAsync(factory, "Invite Race Second");
        var email = $"race-{Guid.NewGuid():N}@example.com";
        var firstToken = await AgencySession.InviteAsync(factory, first.TenantId, email, AgencyRole.Staff);
        var secondToken = await AgencySession.InviteAsync(factory, second.TenantId, email, AgencyRole.Staff);
        var client = NewClient();
        var path = $"/Account/AcceptInvitation?token={Uri.EscapeDataString(secondToken)}";
        var form = await client.GetStringAsync(path);
        Assert.Contains("Input.Password", form);
        var fields = AgencySession.HiddenFields(form);
        fields["Input.Password"] = AgencySession.Password;
        fields["Input.ConfirmPassword"] = AgencySession.Password;

        await AgencySession.AcceptAsync(NewClient(), firstToken);
        var response = await client.PostAsync(path, new FormUrlEncodedContent(fields));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already has a BouncePortal account", body);
        Assert.DoesNotContain("is already taken", body);
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
