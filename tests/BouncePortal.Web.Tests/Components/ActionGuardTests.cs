using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Settings;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Components.Pages.Users;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// Interactive actions check their policy again when they run: a page rendered while the user had
/// a role keeps its buttons, but the action is rejected once the circuit's user lost that role.
/// </summary>
public sealed class ActionGuardTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task Invite_OwnerDemotedToAdmin_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Guard Invite");
        SignIn(owner, AgencyRole.Owner);
        var page = Render<Users>();
        page.WaitForElement("[data-testid=invite-button]");

        SignIn(owner, AgencyRole.Admin);
        page.Find("input[type=email]").Change("newcomer@example.com");
        page.Find("[data-testid=invite-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("policy AgencyOwn", page.Find("[data-testid=users-error]").TextContent));
        var members = PortalService<AgencyMembersService>();
        Assert.Empty(await members.ListInvitationsAsync(owner.TenantId, CancellationToken.None));
    }

    [Fact]
    public async Task Invite_Owner_CreatesInvitationLink()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Guard Invite Allowed");
        SignIn(owner, AgencyRole.Owner);
        var page = Render<Users>();
        page.WaitForElement("[data-testid=invite-button]");

        page.Find("input[type=email]").Change("newcomer-allowed@example.com");
        page.Find("[data-testid=invite-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("Account/AcceptInvitation?token=", page.Find("[data-testid=invitation-link]").InnerHtml));
        var members = PortalService<AgencyMembersService>();
        Assert.Single(await members.ListInvitationsAsync(owner.TenantId, CancellationToken.None));
    }

    [Fact]
    public async Task SaveSettings_AdminDemotedToStaff_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Guard Settings");
        SignIn(owner, AgencyRole.Admin);
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        SignIn(owner, AgencyRole.Staff);
        page.Find("input").Change("Renamed By Staff");
        page.Find("[data-testid=save-settings]").Click();

        page.WaitForAssertion(() => Assert.Contains("policy AgencyAdminister", page.Find("[data-testid=settings-error]").TextContent));
        var settings = PortalService<AgencySettingsService>();
        Assert.Equal("Guard Settings", (await settings.GetAsync(owner.TenantId, CancellationToken.None)).Name);
    }

    [Fact]
    public async Task Settings_IntervalOutOfRange_IsRejectedNotClamped()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Guard Interval");
        SignIn(owner, AgencyRole.Admin);
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        page.Find("input[data-testid=check-interval]").Change("500");
        page.Find("[data-testid=save-settings]").Click();

        page.WaitForAssertion(() => Assert.Contains("not 500", page.Find("[data-testid=settings-error]").TextContent));
        var settings = PortalService<AgencySettingsService>();
        Assert.Equal(6, (await settings.GetAsync(owner.TenantId, CancellationToken.None)).HealthCheckIntervalHours);
    }

    [Fact]
    public async Task SupportAccess_Admin_SeesNoSwitch()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Guard Support");
        SignIn(owner, AgencyRole.Admin);

        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=support-access-off]");

        Assert.Empty(page.FindAll("[data-testid=support-access-grant]"));
    }

    [Fact]
    public async Task Upload_StaffDemotedToViewer_IsRejected()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Guard Upload");
        SignIn(owner, AgencyRole.Staff);
        var page = Render<Uploads>();
        var input = page.FindComponent<InputFile>();

        SignIn(owner, AgencyRole.Viewer);
        input.UploadFiles(InputFileContent.CreateFromText(SampleLogs.TwoMailboxes, "viewer.log"));

        await using var db = Factory.OpenDatabase(owner.TenantId);
        var snackbar = Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, shown => shown.Message?.Contains("policy AgencyOperate") == true));
        Assert.Empty(await db.Uploads.ToListAsync());
    }

    [Fact]
    public async Task Upload_Staff_IsStored()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Guard Upload Allowed");
        SignIn(owner, AgencyRole.Staff);
        var page = Render<Uploads>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(SampleLogs.TwoMailboxes, "staff.log"));

        page.WaitForAssertion(() => Assert.Contains("staff.log", page.Markup));
        await using var db = Factory.OpenDatabase(owner.TenantId);
        Assert.Equal("staff.log", (await db.Uploads.SingleAsync()).FileName);
    }
}
