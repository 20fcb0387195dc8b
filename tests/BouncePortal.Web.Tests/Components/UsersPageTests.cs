using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Users;
using BouncePortal.Web.Tests.Support;
using Bunit;
using MudBlazor;
using MudBlazor.Extensions;

namespace BouncePortal.Web.Tests.Components;

public sealed class UsersPageTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task ChangeRole_Rejected_ShowsStoredRole()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Users Last Owner");
        SignIn(owner, AgencyRole.Owner);
        RenderPopovers();
        var page = Render<Users>();
        page.WaitForElement("[data-testid=member-role-select]");

        var select = Assert.Single(RoleSelects(page));
        await page.InvokeAsync(() => select.Instance.SelectOption(AgencyRole.Viewer));

        page.WaitForAssertion(() => Assert.Contains("only owner", page.Find("[data-testid=users-error]").TextContent));
        Assert.Equal("Owner", page.Find("[data-testid=member-role-select]").TextContent.Trim());
        var member = Assert.Single(await PortalService<AgencyMembersService>().ListMembersAsync(owner.TenantId, CancellationToken.None));
        Assert.Equal(AgencyRole.Owner, member.Role);
    }

    [Fact]
    public async Task ChangeRole_Accepted_ShowsNewRole()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Users Role Change");
        var staff = await AgencySession.JoinAsync(Factory, owner, AgencyRole.Staff);
        SignIn(owner, AgencyRole.Owner);
        RenderPopovers();
        var page = Render<Users>();
        page.WaitForElements("[data-testid=member-role-select]", 2);

        var row = RoleSelects(page).Single(s => s.Instance.GetState(x => x.Value) == AgencyRole.Staff);
        await page.InvokeAsync(() => row.Instance.SelectOption(AgencyRole.Admin));

        page.WaitForAssertion(() => Assert.Contains(
            page.FindAll("[data-testid=member-role-select]"), shown => shown.TextContent.Trim() == "Admin"));
        Assert.Empty(page.FindAll("[data-testid=users-error]"));
        var members = await PortalService<AgencyMembersService>().ListMembersAsync(owner.TenantId, CancellationToken.None);
        Assert.Equal(AgencyRole.Admin, members.Single(m => m.Email == staff.Email).Role);
    }

    // The member table's role selects, without the invitation form's.
    private static IEnumerable<IRenderedComponent<MudSelect<AgencyRole>>> RoleSelects(IRenderedComponent<Users> page) =>
        page.FindComponents<MudSelect<AgencyRole>>()
            .Where(select => select.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, "member-role-select"));
}
