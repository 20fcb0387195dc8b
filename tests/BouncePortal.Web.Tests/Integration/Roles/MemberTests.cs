using System.Net;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Account;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration.Roles;

public sealed class MemberTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Remove_LastOwner_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(factory, "Last Owner Remove");
        var user = await owner.GetUserAsync(factory);

        var result = await Members().RemoveAsync(owner.TenantId, user.Id, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("only owner", result.Problem);
        Assert.Equal(AgencyRole.Owner, (await owner.GetUserAsync(factory)).Role);
    }

    [Fact]
    public async Task Demote_LastOwner_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(factory, "Last Owner Demote");
        var user = await owner.GetUserAsync(factory);

        var result = await Members().ChangeRoleAsync(owner.TenantId, user.Id, AgencyRole.Admin, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("only owner", result.Problem);
        Assert.Equal(AgencyRole.Owner, (await owner.GetUserAsync(factory)).Role);
    }

    [Fact]
    public async Task Demote_OwnerWithSecondOwner_Succeeds()
    {
        var owner = await AgencySession.CreateAsync(factory, "Two Owners");
        var second = await AgencySession.JoinAsync(factory, owner, AgencyRole.Owner);
        var user = await owner.GetUserAsync(factory);

        var result = await Members().ChangeRoleAsync(owner.TenantId, user.Id, AgencyRole.Staff, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(AgencyRole.Staff, (await owner.GetUserAsync(factory)).Role);
        Assert.Equal(AgencyRole.Owner, (await second.GetUserAsync(factory)).Role);
    }

    [Fact]
    public async Task Remove_Member_FailsRevalidation()
    {
        var owner = await AgencySession.CreateAsync(factory, "Removed Circuit");
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        var principal = await PrincipalOfAsync(staff);
        Assert.True(await RevalidateAsync(principal));

        var result = await Members().RemoveAsync(owner.TenantId, (await staff.GetUserAsync(factory)).Id, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.False(await RevalidateAsync(principal));
    }

    [Fact]
    public async Task ChangeRole_Member_FailsRevalidationOfOldRole()
    {
        var owner = await AgencySession.CreateAsync(factory, "Role Circuit");
        var admin = await AgencySession.JoinAsync(factory, owner, AgencyRole.Admin);
        var principal = await PrincipalOfAsync(admin);

        await Members().ChangeRoleAsync(owner.TenantId, (await admin.GetUserAsync(factory)).Id, AgencyRole.Viewer, CancellationToken.None);

        Assert.False(await RevalidateAsync(principal));
        Assert.True(await RevalidateAsync(await PrincipalOfAsync(admin)));
    }

    [Fact]
    public async Task Remove_Member_NextRequestRejected()
    {
        // Cookies are checked on every request here instead of every two minutes.
        using var strict = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero)));
        var owner = await AgencySession.CreateAsync(factory, "Removed Cookie");
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        var strictClient = strict.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await AgencySession.SignInAsync(strictClient, staff.Email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await strictClient.GetAsync("/uploads")).StatusCode);

        await Members().RemoveAsync(owner.TenantId, (await staff.GetUserAsync(factory)).Id, CancellationToken.None);

        var response = await strictClient.GetAsync("/uploads");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Remove_Member_KeepsNameInAudit()
    {
        var owner = await AgencySession.CreateAsync(factory, "Removed Audit");
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        var staffUser = await staff.GetUserAsync(factory);
        await Audit().RecordAsync(new AuditRecord(owner.TenantId, AuditActions.Upload, "Uploaded a.log", staffUser.Id, staff.Email));

        await Members().RemoveAsync(owner.TenantId, staffUser.Id, CancellationToken.None);

        await using var db = factory.OpenDatabase(owner.TenantId);
        var entries = await db.AuditEntries.ToListAsync();
        Assert.Contains(entries, e => e.Action == AuditActions.Upload && e.ActorName == staff.Email && e.ActorUserId == staffUser.Id);
        Assert.Contains(entries, e => e.Action == AuditActions.UserRemoved && e.Details.Contains(staff.Email));
    }

    [Fact]
    public async Task Members_OtherAgencyIds_AreNotFound()
    {
        var north = await AgencySession.CreateAsync(factory, "Members North");
        var south = await AgencySession.CreateAsync(factory, "Members South");
        var northStaff = await AgencySession.JoinAsync(factory, north, AgencyRole.Staff);
        await AgencySession.InviteAsync(factory, north.TenantId, $"pending-{Guid.NewGuid():N}@example.com", AgencyRole.Viewer);
        var northUserId = (await northStaff.GetUserAsync(factory)).Id;
        var members = Members();
        var northInvitation = (await members.ListInvitationsAsync(north.TenantId, CancellationToken.None)).First(i => i.AcceptedAt is null);

        var changed = await members.ChangeRoleAsync(south.TenantId, northUserId, AgencyRole.Owner, CancellationToken.None);
        var removed = await members.RemoveAsync(south.TenantId, northUserId, CancellationToken.None);
        var revoked = await members.RevokeAsync(south.TenantId, northInvitation.Id, CancellationToken.None);

        Assert.True(changed.IsNotFound);
        Assert.True(removed.IsNotFound);
        Assert.False(revoked);
        Assert.DoesNotContain(await members.ListMembersAsync(south.TenantId, CancellationToken.None), m => m.UserId == northUserId);
        Assert.Empty(await members.ListInvitationsAsync(south.TenantId, CancellationToken.None));
        Assert.Equal(AgencyRole.Staff, (await northStaff.GetUserAsync(factory)).Role);
        var southPage = await south.GetPageAsync("/users");
        Assert.DoesNotContain(northStaff.Email, southPage);
    }

    private AgencyMembersService Members() =>
        factory.Services.CreateScope().ServiceProvider.GetRequiredService<AgencyMembersService>();

    private IAuditLog Audit() =>
        factory.Services.CreateScope().ServiceProvider.GetRequiredService<IAuditLog>();

    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalOfAsync(AgencySession member)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        return await signIn.CreateUserPrincipalAsync(await member.GetUserAsync(factory));
    }

    private async Task<bool> RevalidateAsync(System.Security.Claims.ClaimsPrincipal principal)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var provider = (IdentityRevalidatingAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        return await provider.ValidateAsync(principal);
    }
}
