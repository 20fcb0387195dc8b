using System.Net;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration.Roles;

public sealed class RolePolicyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] Policies = [PortalPolicies.View, PortalPolicies.Operate, PortalPolicies.Administer, PortalPolicies.Own];

    // Which policies each role passes: View, Operate, Administer, Own.
    public static TheoryData<AgencyRole, bool, bool, bool, bool> Table => new()
    {
        { AgencyRole.Viewer, true, false, false, false },
        { AgencyRole.Staff, true, true, false, false },
        { AgencyRole.Admin, true, true, true, false },
        { AgencyRole.Owner, true, true, true, true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Policies_Role_MatchTable(AgencyRole role, bool view, bool operate, bool administer, bool own)
    {
        var owner = await AgencySession.CreateAsync(factory, $"Policy {role}");
        var member = role == AgencyRole.Owner ? owner : await AgencySession.JoinAsync(factory, owner, role);

        var passed = await PassedPoliciesAsync(member);

        Assert.Equal(view, passed.Contains(PortalPolicies.View));
        Assert.Equal(operate, passed.Contains(PortalPolicies.Operate));
        Assert.Equal(administer, passed.Contains(PortalPolicies.Administer));
        Assert.Equal(own, passed.Contains(PortalPolicies.Own));
        Assert.DoesNotContain(PortalPolicies.PlatformOperator, passed);
    }

    [Theory]
    [InlineData(AgencyRole.Viewer, "/dashboard", true)]
    [InlineData(AgencyRole.Viewer, "/uploads", true)]
    [InlineData(AgencyRole.Viewer, "/mailboxes", true)]
    [InlineData(AgencyRole.Viewer, "/settings", false)]
    [InlineData(AgencyRole.Viewer, "/users", false)]
    [InlineData(AgencyRole.Viewer, "/audit", false)]
    [InlineData(AgencyRole.Staff, "/uploads", true)]
    [InlineData(AgencyRole.Staff, "/settings", false)]
    [InlineData(AgencyRole.Staff, "/users", false)]
    [InlineData(AgencyRole.Staff, "/audit", false)]
    [InlineData(AgencyRole.Admin, "/settings", true)]
    [InlineData(AgencyRole.Admin, "/users", true)]
    [InlineData(AgencyRole.Admin, "/audit", true)]
    [InlineData(AgencyRole.Admin, "/operator/agencies", false)]
    public async Task Page_Role_AllowedOrDenied(AgencyRole role, string path, bool allowed)
    {
        var owner = await AgencySession.CreateAsync(factory, $"Pages {role}");
        var member = await AgencySession.JoinAsync(factory, owner, role);

        var response = await member.Client.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Uploads_Viewer_ShowsNoUploadControls()
    {
        var owner = await AgencySession.CreateAsync(factory, "Viewer Uploads");
        var viewer = await AgencySession.JoinAsync(factory, owner, AgencyRole.Viewer);
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);

        var viewerPage = await viewer.GetPageAsync("/uploads");
        var staffPage = await staff.GetPageAsync("/uploads");

        Assert.Contains("data-testid=\"uploads-read-only\"", viewerPage);
        Assert.DoesNotContain("data-testid=\"upload-panel\"", viewerPage);
        Assert.Contains("data-testid=\"upload-panel\"", staffPage);
    }

    [Fact]
    public async Task Mailboxes_Viewer_ShowsNoAddButton()
    {
        var owner = await AgencySession.CreateAsync(factory, "Viewer Mailboxes");
        var viewer = await AgencySession.JoinAsync(factory, owner, AgencyRole.Viewer);

        var viewerPage = await viewer.GetPageAsync("/mailboxes");
        var ownerPage = await owner.GetPageAsync("/mailboxes");

        Assert.DoesNotContain("data-testid=\"add-mailbox\"", viewerPage);
        Assert.Contains("data-testid=\"add-mailbox\"", ownerPage);
    }

    [Fact]
    public async Task Users_Admin_ReadsButCannotInvite()
    {
        var owner = await AgencySession.CreateAsync(factory, "Admin Users");
        var admin = await AgencySession.JoinAsync(factory, owner, AgencyRole.Admin);

        var adminPage = await admin.GetPageAsync("/users");
        var ownerPage = await owner.GetPageAsync("/users");

        Assert.Contains(owner.Email, adminPage);
        Assert.Contains("data-testid=\"users-read-only\"", adminPage);
        Assert.DoesNotContain("data-testid=\"invite-form\"", adminPage);
        Assert.Contains("data-testid=\"invite-form\"", ownerPage);
    }

    [Fact]
    public async Task Export_Viewer_Downloads()
    {
        var owner = await AgencySession.CreateAsync(factory, "Viewer Export");
        var viewer = await AgencySession.JoinAsync(factory, owner, AgencyRole.Viewer);

        var response = await viewer.Client.GetAsync("/exports/suppression-list.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "the export must not be cached");
    }

    private async Task<HashSet<string>> PassedPoliciesAsync(AgencySession member)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var principal = await signIn.CreateUserPrincipalAsync(await member.GetUserAsync(factory));

        var passed = new HashSet<string>();
        foreach (var policy in Policies.Append(PortalPolicies.PlatformOperator))
        {
            if ((await authorization.AuthorizeAsync(principal, policy)).Succeeded)
            {
                passed.Add(policy);
            }
        }

        return passed;
    }
}
