using System.Security.Claims;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Components.Account;
using BouncePortal.Web.Components.Pages.Settings;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Components.Pages.Users;
using BouncePortal.Web.Tenancy;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// Interactive actions check their policy again when they run: a page rendered while the user had
/// a role keeps its buttons, but the action is rejected once the circuit's user lost that role.
/// </summary>
public sealed class ActionGuardTests : BunitContext, IAsyncLifetime, IClassFixture<PortalFactory>
{
    private readonly PortalFactory factory;
    private readonly SwitchableAuthenticationStateProvider authentication = new();
    private readonly AsyncServiceScope portalScope;

    public ActionGuardTests(PortalFactory factory)
    {
        this.factory = factory;
        portalScope = factory.Services.CreateAsyncScope();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<AuthenticationStateProvider>(authentication);
        Services.AddAuthorizationCore(options => options.AddPortalPolicies());
        Services.AddCascadingAuthenticationState();

        // bUnit registers a placeholder authorization service; these tests evaluate the real policies.
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        Services.AddSingleton(portalScope.ServiceProvider.GetRequiredService<AgencyMembersService>());
        Services.AddSingleton(portalScope.ServiceProvider.GetRequiredService<AgencySettingsService>());
        Services.AddSingleton(portalScope.ServiceProvider.GetRequiredService<UploadService>());
        Services.AddSingleton(factory.Services.GetRequiredService<TenantDbContextFactory>());
        Services.AddSingleton(factory.Services.GetRequiredService<IOptions<BouncePortalOptions>>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CurrentAgency>();
        Services.AddScoped<PortalAccess>();
        Services.AddScoped<AccountLinks>();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await portalScope.DisposeAsync();
    }

    [Fact]
    public async Task Invite_OwnerDemotedToAdmin_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(factory, "Guard Invite");
        authentication.Set(Principal(owner, AgencyRole.Owner));
        var page = Render<Users>();
        page.WaitForElement("[data-testid=invite-button]");

        authentication.Set(Principal(owner, AgencyRole.Admin));
        page.Find("input[type=email]").Change("newcomer@example.com");
        page.Find("[data-testid=invite-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("policy AgencyOwn", page.Find("[data-testid=users-error]").TextContent));
        var members = portalScope.ServiceProvider.GetRequiredService<AgencyMembersService>();
        Assert.Empty(await members.ListInvitationsAsync(owner.TenantId, CancellationToken.None));
    }

    [Fact]
    public async Task Invite_Owner_CreatesInvitationLink()
    {
        var owner = await AgencySession.CreateAsync(factory, "Guard Invite Allowed");
        authentication.Set(Principal(owner, AgencyRole.Owner));
        var page = Render<Users>();
        page.WaitForElement("[data-testid=invite-button]");

        page.Find("input[type=email]").Change("newcomer-allowed@example.com");
        page.Find("[data-testid=invite-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("Account/AcceptInvitation?token=", page.Find("[data-testid=invitation-link]").InnerHtml));
        var members = portalScope.ServiceProvider.GetRequiredService<AgencyMembersService>();
        Assert.Single(await members.ListInvitationsAsync(owner.TenantId, CancellationToken.None));
    }

    [Fact]
    public async Task SaveSettings_AdminDemotedToStaff_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(factory, "Guard Settings");
        authentication.Set(Principal(owner, AgencyRole.Admin));
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        authentication.Set(Principal(owner, AgencyRole.Staff));
        page.Find("input").Change("Renamed By Staff");
        page.Find("[data-testid=save-settings]").Click();

        page.WaitForAssertion(() => Assert.Contains("policy AgencyAdminister", page.Find("[data-testid=settings-error]").TextContent));
        var settings = portalScope.ServiceProvider.GetRequiredService<AgencySettingsService>();
        Assert.Equal("Guard Settings", (await settings.GetAsync(owner.TenantId, CancellationToken.None)).Name);
    }

    [Fact]
    public async Task SupportAccess_Admin_SeesNoSwitch()
    {
        var owner = await AgencySession.CreateAsync(factory, "Guard Support");
        authentication.Set(Principal(owner, AgencyRole.Admin));

        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=support-access-off]");

        Assert.Empty(page.FindAll("[data-testid=support-access-grant]"));
    }

    [Fact]
    public async Task Upload_StaffDemotedToViewer_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(factory, "Guard Upload");
        authentication.Set(Principal(owner, AgencyRole.Staff));
        var page = Render<Uploads>();
        var input = page.FindComponent<InputFile>();

        authentication.Set(Principal(owner, AgencyRole.Viewer));
        input.UploadFiles(InputFileContent.CreateFromText(SampleLogs.TwoMailboxes, "viewer.log"));

        await using var db = factory.OpenDatabase(owner.TenantId);
        var snackbar = Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, shown => shown.Message?.Contains("policy AgencyOperate") == true));
        Assert.Empty(await db.Uploads.ToListAsync());
    }

    [Fact]
    public async Task Upload_Staff_IsStored()
    {
        var owner = await AgencySession.CreateAsync(factory, "Guard Upload Allowed");
        authentication.Set(Principal(owner, AgencyRole.Staff));
        var page = Render<Uploads>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(SampleLogs.TwoMailboxes, "staff.log"));

        page.WaitForAssertion(() => Assert.Contains("staff.log", page.Markup));
        await using var db = factory.OpenDatabase(owner.TenantId);
        Assert.Equal("staff.log", (await db.Uploads.SingleAsync()).FileName);
    }

    private static ClaimsPrincipal Principal(AgencySession member, AgencyRole role) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, member.Email),
                new Claim(ClaimTypes.Name, member.Email),
                new Claim(TenantClaims.TenantId, member.TenantId.ToString()),
                new Claim(TenantClaims.AgencyRole, role.ToString()),
            ],
            authenticationType: "Test"));

    private sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
    {
        private AuthenticationState state = new(new ClaimsPrincipal(new ClaimsIdentity()));

        public void Set(ClaimsPrincipal user)
        {
            state = new AuthenticationState(user);
            NotifyAuthenticationStateChanged(Task.FromResult(state));
        }

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(state);
    }
}
