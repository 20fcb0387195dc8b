using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Checklists;
using BouncePortal.Web.Components.Pages.Dashboard;
using BouncePortal.Web.Components.Pages.Mailboxes;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Alerts;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// Each page offers the controls that change data only to roles that pass the Operate policy: a
/// Viewer (the agency's client) reads the page without them, and Staff get them.
/// </summary>
public sealed class RoleControlsTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Theory]
    [InlineData(AgencyRole.Viewer, false)]
    [InlineData(AgencyRole.Staff, true)]
    public async Task Alerts_OperatingButtons_FollowRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Alert Controls {role}");
        var mailbox = await Factory.AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        await Factory.AddOpenAlertAsync(agency.TenantId, mailbox, "Soft bounce rate 6.5% on anna@outreach-example.com");
        SignIn(agency, role);

        var page = Render<BouncePortal.Web.Components.Pages.Alerts.Alerts>();
        page.WaitForElement("[data-testid=alert-table]");

        Assert.Equal(offered, page.FindAll("[data-testid=check-now]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=acknowledge]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=dismiss]").Count == 1);
        Assert.Single(page.FindAll("[data-testid=alert-state]"));
    }

    [Theory]
    [InlineData(AgencyRole.Viewer, false)]
    [InlineData(AgencyRole.Staff, true)]
    public async Task MailboxDetail_NoWorkflow_PauseAndPlanFollowRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Detail Controls {role}");
        var mailbox = await Factory.AddMailboxAsync(agency.TenantId, "ben@outreach-example.com");
        SignIn(agency, role);

        var page = Render<MailboxDetail>(parameters => parameters.Add(p => p.MailboxId, mailbox.Id));
        page.WaitForElement("[data-testid=workflow-panel]");

        Assert.Equal(offered, page.FindAll("[data-testid=start-pause]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=create-ramp]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=ramp-kind]").Count == 1);
        Assert.Single(page.FindAll("[data-testid=ramp-panel]"));
    }

    [Theory]
    [InlineData(AgencyRole.Viewer, false)]
    [InlineData(AgencyRole.Staff, true)]
    public async Task MailboxDetail_PausedWorkflow_ResumeFollowsRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Resume Controls {role}");
        var mailbox = await Factory.AddMailboxAsync(agency.TenantId, "cleo@outreach-example.com");
        var paused = await PortalService<StopTheBleedService>().PauseAsync(
            agency.TenantId, new PauseRequest([mailbox.Id], 48, 0.4, "Soft bounce rate above the threshold."), new WorkflowActor("staff", null), CancellationToken.None);
        Assert.NotNull(paused.Workflow);
        SignIn(agency, role);

        var page = Render<MailboxDetail>(parameters => parameters.Add(p => p.MailboxId, mailbox.Id));
        page.WaitForElement("[data-testid=resume-due]");

        Assert.Equal(offered, page.FindAll("[data-testid=resume-now]").Count == 1);
        Assert.Empty(page.FindAll("[data-testid=start-pause]"));
        Assert.Single(page.FindAll("[data-testid=workflow-timeline]"));
    }

    [Theory]
    [InlineData(AgencyRole.Viewer, false)]
    [InlineData(AgencyRole.Staff, true)]
    public async Task Mailboxes_AddEditSelect_FollowRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Inventory Controls {role}");
        await Factory.AddMailboxAsync(agency.TenantId, "dana@outreach-example.com");
        SignIn(agency, role);

        var page = Render<Mailboxes>();
        page.WaitForElement("[data-testid=mailbox-table]");

        Assert.Equal(offered, page.FindAll("[data-testid=add-mailbox]").Count == 1);
        Assert.Equal(offered, page.FindAll("button[aria-label=Edit]").Count == 1);
        Assert.Equal(offered, page.FindAll("button[aria-label=Archive]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=mailbox-table] input[type=checkbox]").Count > 0);
        Assert.Single(page.FindAll("[data-testid=mailbox-link]"));
    }

    [Theory]
    [InlineData(AgencyRole.Viewer, false)]
    [InlineData(AgencyRole.Staff, true)]
    public async Task Dashboard_Empty_UploadLinkFollowsRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Dashboard Controls {role}");
        SignIn(agency, role);

        var page = Render<Dashboard>();
        page.WaitForElement("[data-testid=dashboard-empty]");

        Assert.Equal(offered, page.FindAll("[data-testid=dashboard-upload]").Count == 1);
    }

    [Theory]
    [InlineData(AgencyRole.Viewer, false)]
    [InlineData(AgencyRole.Staff, true)]
    public async Task Uploads_UploadPanel_FollowsRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Upload Controls {role}");
        SignIn(agency, role);

        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=uploads-empty]");

        Assert.Equal(offered, page.FindAll("[data-testid=upload-panel]").Count == 1);
        Assert.Equal(offered, page.FindComponents<InputFile>().Count == 1);
        Assert.Equal(!offered, page.FindAll("[data-testid=uploads-read-only]").Count == 1);
    }

    [Theory]
    [InlineData(AgencyRole.Viewer, false)]
    [InlineData(AgencyRole.Staff, true)]
    public async Task Checklist_StepsAndAssignee_FollowRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Checklist Controls {role}");
        var checklistId = await PortalService<IChecklistOpener>().OpenAsync(
            new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Workflow, "controls", Checklists.For(CauseFamily.SenderSetup), null));
        SignIn(agency, role);

        var page = Render<ChecklistPage>(parameters => parameters.Add(p => p.Id, checklistId));
        page.WaitForElement("[data-testid=checklist-step]");

        Assert.All(page.FindAll("input[data-testid=step-done]"), box => Assert.Equal(!offered, box.HasAttribute("disabled")));
        Assert.Equal(!offered, page.Find("[data-testid=save-checklist-notes]").HasAttribute("disabled"));
        Assert.Equal(!offered, page.Find("[data-testid=checklist-assignee]").GetAttribute("aria-disabled") == "true");
    }
}
