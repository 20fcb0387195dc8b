using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Checklists;
using BouncePortal.Web.Tests.Alerts;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The checklist pages name what a checklist was opened for (an alert's title, the paused
/// mailboxes, the mailbox's address) instead of showing ids.
/// </summary>
public sealed class ChecklistListTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task List_ShowsNamesNotIds()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Checklist Names");
        var mailbox = await Factory.AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        var alertId = await Factory.AddOpenAlertAsync(agency.TenantId, mailbox, "Soft bounce rate 6.5% on anna@outreach-example.com");
        var workflowId = await AddWorkflowAsync(agency.TenantId, mailbox.Id, "anna@outreach-example.com");
        var missingAlertId = Guid.NewGuid();
        await OpenAsync(agency.TenantId, ChecklistSubjectKind.Alert, alertId.ToString(), mailbox.Id);
        await OpenAsync(agency.TenantId, ChecklistSubjectKind.Workflow, workflowId.ToString(), mailbox.Id);
        await OpenAsync(agency.TenantId, ChecklistSubjectKind.Alert, missingAlertId.ToString(), null);
        SignIn(agency, AgencyRole.Viewer);

        var page = Render<ChecklistsPage>();
        page.WaitForElement("[data-testid=checklist-table]");

        var subjects = page.FindAll("[data-testid=checklist-subject]").Select(s => s.TextContent.Trim()).ToList();
        Assert.Contains("Soft bounce rate 6.5% on anna@outreach-example.com", subjects);
        Assert.Contains("Pause of anna@outreach-example.com", subjects);
        Assert.Contains("An alert no longer stored", subjects);
        Assert.Equal(2, page.FindAll("[data-testid=checklist-mailbox]").Count(link => link.TextContent == "anna@outreach-example.com"));
        Assert.DoesNotContain(alertId.ToString(), page.Markup);
        Assert.DoesNotContain(workflowId.ToString(), page.Markup);
        Assert.DoesNotContain(missingAlertId.ToString(), page.Markup);
    }

    [Fact]
    public async Task Detail_ShowsAlertTitleAndMailbox()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Checklist Detail Names");
        var mailbox = await Factory.AddMailboxAsync(agency.TenantId, "ben@outreach-example.com");
        var alertId = await Factory.AddOpenAlertAsync(agency.TenantId, mailbox, "Soft bounce rate 8% on ben@outreach-example.com");
        var checklistId = await OpenAsync(agency.TenantId, ChecklistSubjectKind.Alert, alertId.ToString(), mailbox.Id);
        SignIn(agency, AgencyRole.Viewer);

        var page = Render<ChecklistPage>(parameters => parameters.Add(p => p.Id, checklistId));
        page.WaitForElement("[data-testid=checklist-subject]");

        Assert.Contains("Soft bounce rate 8% on ben@outreach-example.com", page.Find("[data-testid=checklist-subject]").TextContent);
        Assert.Equal($"mailboxes/{mailbox.Id}", page.Find("[data-testid=checklist-mailbox]").GetAttribute("href"));
        Assert.DoesNotContain(alertId.ToString(), page.Find("[data-testid=checklist-subject]").TextContent);
    }

    [Fact]
    public async Task List_OtherAgency_NamesNothingOfIt()
    {
        var north = await AgencySession.CreateAsync(Factory, "Checklist Names North");
        var south = await AgencySession.CreateAsync(Factory, "Checklist Names South");
        var mailbox = await Factory.AddMailboxAsync(north.TenantId, "north@outreach-example.com");
        var alertId = await Factory.AddOpenAlertAsync(north.TenantId, mailbox, "Soft bounce rate 9% on north@outreach-example.com");

        // A checklist of the south agency that names the north agency's alert as its subject.
        await OpenAsync(south.TenantId, ChecklistSubjectKind.Alert, alertId.ToString(), mailbox.Id);
        SignIn(south, AgencyRole.Viewer);

        var page = Render<ChecklistsPage>();
        page.WaitForElement("[data-testid=checklist-table]");

        Assert.DoesNotContain("north@outreach-example.com", page.Markup);
        Assert.Equal("An alert no longer stored", page.Find("[data-testid=checklist-subject]").TextContent.Trim());
    }

    private Task<Guid> OpenAsync(Guid tenantId, ChecklistSubjectKind kind, string subjectId, Guid? mailboxId) =>
        PortalService<IChecklistOpener>().OpenAsync(new ChecklistRequest(tenantId, kind, subjectId, Checklists.For(CauseFamily.Reputation), mailboxId));

    private async Task<Guid> AddWorkflowAsync(Guid tenantId, Guid mailboxId, string address)
    {
        await using var db = Factory.OpenDatabase(tenantId);
        var workflow = new StopTheBleedWorkflow
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            State = WorkflowState.Paused,
            Reason = "Soft bounce rate above the alert threshold.",
            CreatedAt = DateTimeOffset.UtcNow,
            Mailboxes = [new WorkflowMailbox { TenantId = tenantId, MailboxId = mailboxId, Address = address }],
        };
        db.StopTheBleedWorkflows.Add(workflow);
        await db.SaveChangesAsync();
        return workflow.Id;
    }
}
