using System.Security.Claims;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Checklists;
using BouncePortal.Web.Tenancy;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BouncePortal.Web.Tests.Components;

public sealed class ChecklistPageTests : BunitContext, IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly PortalFactory factory;
    private readonly AsyncServiceScope portalScope;

    public ChecklistPageTests(PortalFactory factory)
    {
        this.factory = factory;
        portalScope = factory.Services.CreateAsyncScope();
        Services.AddMudServices();
        Services.AddScoped<CurrentAgency>();
        Services.AddFallbackServiceProvider(portalScope.ServiceProvider);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await portalScope.DisposeAsync();
    }

    [Fact]
    public async Task TickStep_RecordsWhoAndMovesProgress()
    {
        var agency = await AgencySession.CreateAsync(factory, "Component Checklist Agency");
        var checklistId = await portalScope.ServiceProvider.GetRequiredService<IChecklistOpener>().OpenAsync(
            new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "component", Checklists.For(CauseFamily.Greylisting), null));
        SignIn(agency.TenantId, PortalPolicies.View, PortalPolicies.Operate);
        Render<MudPopoverProvider>();

        var page = Render<ChecklistPage>(parameters => parameters.Add(p => p.Id, checklistId));
        page.WaitForElement("[data-testid=checklist-step]");
        Assert.Equal("0", page.Find("[data-testid=checklist-progress]").GetAttribute("data-done"));
        Assert.Contains("Why: A greylisting receiver rejects", page.Find("[data-testid=step-why]").TextContent);

        page.FindAll("input[data-testid=step-done]")[0].Change(true);

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=checklist-progress]").GetAttribute("data-done")));
        Assert.Equal("4", page.Find("[data-testid=checklist-progress]").GetAttribute("data-total"));
        Assert.Contains("Done by staff@agency.test", page.Find("[data-testid=step-done-by]").TextContent);

        page.FindAll("input[data-testid=step-done]")[0].Change(false);

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=checklist-progress]").GetAttribute("data-done")));
        Assert.Empty(page.FindAll("[data-testid=step-done-by]"));
    }

    [Fact]
    public async Task Page_WithoutOperatePolicy_OffersNoTick()
    {
        var agency = await AgencySession.CreateAsync(factory, "Read Only Checklist Agency");
        var checklistId = await portalScope.ServiceProvider.GetRequiredService<IChecklistOpener>().OpenAsync(
            new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Workflow, "read-only", Checklists.For(CauseFamily.SenderSetup), null));
        SignIn(agency.TenantId, PortalPolicies.View);
        Render<MudPopoverProvider>();

        var page = Render<ChecklistPage>(parameters => parameters.Add(p => p.Id, checklistId));
        page.WaitForElement("[data-testid=checklist-step]");

        Assert.Empty(page.FindAll("input[data-testid=step-done]"));
        Assert.Equal(["To do", "To do"], page.FindAll("[data-testid=step-state]").Select(chip => chip.TextContent.Trim()));
        Assert.Contains("need the staff role", page.Markup);
    }

    [Fact]
    public async Task OtherAgencysChecklist_RaisesNotFound()
    {
        var owner = await AgencySession.CreateAsync(factory, "Hidden Checklist Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Hidden Checklist Other Agency");
        var secret = new RemediationChecklist(CauseFamily.Reputation, "Owner's private checklist title", [new("Owner's private step", "Owner's private reason")]);
        var checklistId = await portalScope.ServiceProvider.GetRequiredService<IChecklistOpener>().OpenAsync(
            new ChecklistRequest(owner.TenantId, ChecklistSubjectKind.Alert, "hidden", secret, null));
        SignIn(other.TenantId, PortalPolicies.View, PortalPolicies.Operate);
        var notFound = 0;
        Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound++;

        var page = Render<ChecklistPage>(parameters => parameters.Add(p => p.Id, checklistId));

        page.WaitForAssertion(() => Assert.Equal(1, notFound));
        Assert.DoesNotContain("Owner's private", page.Markup);
    }

    private void SignIn(Guid tenantId, params string[] policies)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized("staff@agency.test");
        authorization.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, "staff-user-id"),
            new Claim(TenantClaims.TenantId, tenantId.ToString()));
        authorization.SetPolicies(policies);
    }
}
