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
    public async Task Uploads_RejectedFileAdvice_FollowsRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Rejected Advice {role}");
        var upload = await Factory.UploadAsync(agency.TenantId, "broken.csv", "Email,Status\nanna@example.com,bounced\n\"ben@example.com,bounced\n");
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, role);

        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=job-error]");

        Assert.Equal(offered, page.FindAll("[data-testid=fix-file]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=delete-upload]").Count == 1);
        Assert.Equal(!offered, page.FindAll("[data-testid=fix-file-read-only]").Count == 1);
        Assert.Equal(offered, page.Find("[data-testid=job-error]").TextContent.Contains("upload it again, then delete", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AgencyRole.Viewer, false)]
    [InlineData(AgencyRole.Staff, true)]
    public async Task Dashboard_Diagnosis_OpenChecklistFollowsRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Diagnosis Controls {role}");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, role);

        var page = Render<Dashboard>();
        page.WaitForElement("[data-testid=diagnosis]");

        var diagnoses = page.FindAll("[data-testid=diagnosis]").Count;
        Assert.Equal(offered ? diagnoses : 0, page.FindAll("[data-testid=open-checklist]").Count);
        Assert.Equal(offered ? 0 : diagnoses, page.FindAll("[data-testid=checklist-not-opened]").Count);
        Assert.Empty(page.FindAll("[data-testid=diagnosis-panel] button[disabled]"));
        Assert.Equal(offered, page.Find("[data-testid=checklist-summary-text]").TextContent.Contains("Open one from a diagnosis", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AgencyRole.Viewer, false)]
    [InlineData(AgencyRole.Staff, true)]
    public async Task Checklist_StepsNotesAndAssignee_FollowRole(AgencyRole role, bool offered)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Checklist Controls {role}");
        var checklistId = await PortalService<IChecklistOpener>().OpenAsync(
            new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Workflow, "controls", Checklists.For(CauseFamily.SenderSetup), null));
        SignIn(agency, role);

        var page = Render<ChecklistPage>(parameters => parameters.Add(p => p.Id, checklistId));
        page.WaitForElement("[data-testid=checklist-step]");

        var steps = page.FindAll("[data-testid=checklist-step]").Count;
        Assert.Equal(2, steps);
        Assert.Equal(offered ? steps : 0, page.FindAll("input[data-testid=step-done]").Count);
        Assert.Equal(offered ? steps : 0, page.FindAll("[data-testid=step-notes]").Count);
        Assert.Equal(offered ? steps : 0, page.FindAll("[data-testid=save-step-notes]").Count);
        Assert.Equal(offered, page.FindAll("[data-testid=checklist-assignee]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=checklist-notes]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=save-checklist-notes]").Count == 1);
        Assert.Empty(page.FindAll("[disabled]"));
        Assert.Empty(page.FindAll("[aria-disabled=true]"));
        Assert.Equal(steps, page.FindAll("[data-testid=step-why]").Count);
        Assert.Equal("0", page.Find("[data-testid=checklist-progress]").GetAttribute("data-done"));
    }

    [Fact]
    public async Task Checklist_Viewer_ReadsTicksNotesAndAssignee()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Checklist Read Only");
        var owner = await agency.GetUserAsync(Factory);
        var checklistId = await PortalService<IChecklistOpener>().OpenAsync(
            new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Workflow, "read-only", Checklists.For(CauseFamily.SenderSetup), null));
        var changes = PortalService<ChecklistService>();
        var detail = await PortalService<ChecklistQueryService>().GetAsync(agency.TenantId, checklistId, CancellationToken.None);
        var firstStep = detail!.Checklist.Steps.OrderBy(s => s.Position).First();
        Assert.True((await changes.SetStepDoneAsync(agency.TenantId, checklistId, firstStep.Id, true, new ChecklistActor(owner.Id, agency.Email), CancellationToken.None)).IsSuccess);
        Assert.True((await changes.SetStepNotesAsync(agency.TenantId, checklistId, firstStep.Id, "SPF record now lists the new relay.", CancellationToken.None)).IsSuccess);
        Assert.True((await changes.SetNotesAsync(agency.TenantId, checklistId, "Client asked for a summary on Friday.", CancellationToken.None)).IsSuccess);
        Assert.True((await changes.AssignAsync(agency.TenantId, checklistId, owner.Id, CancellationToken.None)).IsSuccess);
        SignIn(agency, AgencyRole.Viewer);

        var page = Render<ChecklistPage>(parameters => parameters.Add(p => p.Id, checklistId));
        page.WaitForElement("[data-testid=checklist-step]");

        Assert.Equal(["Done", "To do"], page.FindAll("[data-testid=step-state]").Select(chip => chip.TextContent.Trim()));
        Assert.Equal("1", page.Find("[data-testid=checklist-progress]").GetAttribute("data-done"));
        Assert.Contains("Done by", page.Find("[data-testid=step-done-by]").TextContent);
        Assert.Equal("Notes: SPF record now lists the new relay.", page.Find("[data-testid=step-notes-text]").TextContent.Trim());
        Assert.Equal("Client asked for a summary on Friday.", page.Find("[data-testid=checklist-notes-text]").TextContent.Trim());
        Assert.Equal("Test Owner", page.Find("[data-testid=checklist-assignee-name]").TextContent.Trim());
        Assert.Contains("need the staff role", page.Markup);
    }
}
