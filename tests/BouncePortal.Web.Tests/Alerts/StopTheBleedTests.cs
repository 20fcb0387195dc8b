using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Alerts;

public abstract class StopTheBleedTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AlertsPortalFactory
{
    private static readonly WorkflowActor Staff = new("owner@example.com", "user-1");

    private DateTimeOffset Now => factory.Clock.GetUtcNow();

    [Fact]
    public async Task Pause_RecordsDetectedPausedChecking()
    {
        var agency = await AgencySession.CreateAsync(factory, "Pause Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@pause.example", currentVolume: 40);

        var result = await PauseAsync(agency.TenantId, [mailbox.Id], hours: 24);

        Assert.True(result.Succeeded, result.Problem);
        var workflow = await GetAsync(agency.TenantId, result.Workflow!.Id);
        Assert.Equal(WorkflowState.Checking, workflow.State);
        Assert.Equal(
            [(null, WorkflowState.Detected), (WorkflowState.Detected, WorkflowState.Paused), (WorkflowState.Paused, WorkflowState.Checking)],
            workflow.Transitions.OrderBy(t => t.Id).Select(t => (t.From, t.To)).ToList());
        Assert.All(workflow.Transitions, t => Assert.Equal(Staff.Name, t.Actor));
        Assert.All(workflow.Transitions, t => Assert.Equal(Now, t.At));
        Assert.Equal(Now.AddHours(24), workflow.ResumeDueAt);
        Assert.NotNull(workflow.ResumeKey);
        Assert.Equal(40, Assert.Single(workflow.Mailboxes).PreviousDailyVolume);
        Assert.Equal(MailboxStatus.Paused, (await GetMailboxAsync(agency.TenantId, mailbox.Id)).Status);
        Assert.True((await GetMailboxAsync(agency.TenantId, mailbox.Id)).WarmupEnabled);
    }

    [Fact]
    public async Task Pause_OpensChecklistAuditsAndPublishes()
    {
        var agency = await AgencySession.CreateAsync(factory, "Checklist Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@checklist.example");

        var workflow = (await PauseAsync(agency.TenantId, [mailbox.Id])).Workflow!;

        var checklist = Assert.Single(factory.Checklists.For(agency.TenantId));
        Assert.Equal(ChecklistSubjectKind.Workflow, checklist.SubjectKind);
        Assert.Equal(workflow.Id.ToString(), checklist.SubjectId);
        Assert.Equal(mailbox.Id, checklist.MailboxId);
        Assert.Equal(4, checklist.Checklist.Steps.Count);
        Assert.Contains("Postmaster Tools", checklist.Checklist.Steps[0].Action);
        Assert.Contains("blocklists", checklist.Checklist.Steps[1].Action);
        Assert.Contains("SMTP replies", checklist.Checklist.Steps[2].Action);
        Assert.Contains("bounced more than twice", checklist.Checklist.Steps[3].Action);
        Assert.NotNull((await GetAsync(agency.TenantId, workflow.Id)).ChecklistId);
        // Adding the mailbox wrote its own entry before the pause.
        var audit = Assert.Single(factory.Audit.For(agency.TenantId), entry => entry.Action == AuditActions.Pause);
        Assert.Equal(Staff.Name, audit.ActorName);
        Assert.Contains(mailbox.Address, audit.Details);
        Assert.Equal($"workflow:{workflow.Id}:Paused", Assert.Single(factory.Notifications.For(agency.TenantId)).DeduplicationKey);
    }

    [Fact]
    public async Task Pause_GroupOfMailboxes_SharesOneWorkflow()
    {
        var agency = await AgencySession.CreateAsync(factory, "Group Agency");
        var anna = await factory.AddMailboxAsync(agency.TenantId, "anna@group.example", currentVolume: 40);
        var ben = await factory.AddMailboxAsync(agency.TenantId, "ben@group.example", currentVolume: 30);

        var workflow = (await PauseAsync(agency.TenantId, [anna.Id, ben.Id])).Workflow!;

        Assert.Equal(2, (await GetAsync(agency.TenantId, workflow.Id)).Mailboxes.Count);
        Assert.Equal(MailboxStatus.Paused, (await GetMailboxAsync(agency.TenantId, anna.Id)).Status);
        Assert.Equal(MailboxStatus.Paused, (await GetMailboxAsync(agency.TenantId, ben.Id)).Status);
        Assert.Null(Assert.Single(factory.Checklists.For(agency.TenantId)).MailboxId);
    }

    [Theory]
    [InlineData(12, 0.4, "outside 24 to 48 hours")]
    [InlineData(72, 0.4, "outside 24 to 48 hours")]
    [InlineData(48, 0.6, "outside 30% to 50%")]
    [InlineData(48, 0.2, "outside 30% to 50%")]
    public async Task Pause_OutOfRange_IsRejected(int hours, double fraction, string expected)
    {
        var agency = await AgencySession.CreateAsync(factory, "Range Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@range.example");

        var result = await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.PauseAsync(agency.TenantId, new PauseRequest([mailbox.Id], hours, fraction, "test"), Staff, CancellationToken.None));

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Problem);
        Assert.Equal(MailboxStatus.Active, (await GetMailboxAsync(agency.TenantId, mailbox.Id)).Status);
    }

    [Fact]
    public async Task Pause_MailboxAlreadyInWorkflow_IsRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Busy Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@busy.example");
        await PauseAsync(agency.TenantId, [mailbox.Id]);

        var second = await PauseAsync(agency.TenantId, [mailbox.Id]);
        var empty = await PauseAsync(agency.TenantId, []);

        Assert.Contains("already in a stop-the-bleed workflow", second.Problem);
        Assert.Contains("Select at least one mailbox", empty.Problem);
    }

    [Fact]
    public async Task ResumeJob_RunTwice_ResumesOnce()
    {
        var agency = await AgencySession.CreateAsync(factory, "Retry Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@retry.example", currentVolume: 40, targetVolume: 35);
        var paused = (await PauseAsync(agency.TenantId, [mailbox.Id], hours: 48)).Workflow!;
        factory.Clock.Advance(TimeSpan.FromHours(48));

        await RunResumeJobAsync(agency.TenantId, paused.Id, paused.ResumeKey!);
        await RunResumeJobAsync(agency.TenantId, paused.Id, paused.ResumeKey!);
        factory.Clock.Advance(TimeSpan.FromHours(-48));

        var workflow = await GetAsync(agency.TenantId, paused.Id);
        Assert.Equal(WorkflowState.Ramping, workflow.State);
        Assert.Single(workflow.Transitions, t => t.To == WorkflowState.Resuming);
        Assert.Single(workflow.Transitions, t => t.To == WorkflowState.Ramping);
        Assert.All(workflow.Transitions.Where(t => t.To >= WorkflowState.Resuming), t => Assert.Equal(SystemActors.Scheduler, t.Actor));
        Assert.Null(workflow.ResumeKey);
        Assert.Single(factory.Audit.For(agency.TenantId), r => r.Action == AuditActions.Resume);
        var resumedMailbox = await GetMailboxAsync(agency.TenantId, mailbox.Id);
        Assert.Equal(MailboxStatus.Ramping, resumedMailbox.Status);
        Assert.Equal(16, resumedMailbox.CurrentDailyVolume);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var plan = await db.RampPlans.SingleAsync();
        Assert.Equal(workflow.Id, plan.WorkflowId);
        Assert.Equal(Assert.Single(workflow.Mailboxes).RampPlanId, plan.Id);
        Assert.Equal(BouncePortal.Domain.Ramp.RampPlanner.Resume(40, 35, DateOnly.FromDateTime(Now.AddHours(48).UtcDateTime), 0.4).Days, plan.ToPlan().Days);
    }

    [Fact]
    public async Task ResumeJob_BeforePauseEnds_DoesNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Early Job Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@early-job.example");
        var paused = (await PauseAsync(agency.TenantId, [mailbox.Id], hours: 48)).Workflow!;
        factory.Clock.Advance(TimeSpan.FromHours(47));

        await RunResumeJobAsync(agency.TenantId, paused.Id, paused.ResumeKey!);
        factory.Clock.Advance(TimeSpan.FromHours(-47));

        Assert.Equal(WorkflowState.Checking, (await GetAsync(agency.TenantId, paused.Id)).State);
        Assert.Equal(MailboxStatus.Paused, (await GetMailboxAsync(agency.TenantId, mailbox.Id)).Status);
    }

    [Fact]
    public async Task ResumeEarly_LaterJobDoesNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Early Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@early.example", currentVolume: 40);
        var paused = (await PauseAsync(agency.TenantId, [mailbox.Id])).Workflow!;
        factory.Clock.Advance(TimeSpan.FromHours(30));

        var resumed = await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.ResumeAsync(agency.TenantId, paused.Id, null, Staff, 0.3, CancellationToken.None));
        factory.Clock.Advance(TimeSpan.FromHours(18));
        await RunResumeJobAsync(agency.TenantId, paused.Id, paused.ResumeKey!);
        factory.Clock.Advance(TimeSpan.FromHours(-48));

        Assert.True(resumed.Succeeded, resumed.Problem);
        var workflow = await GetAsync(agency.TenantId, paused.Id);
        var resume = Assert.Single(workflow.Transitions, t => t.To == WorkflowState.Resuming);
        Assert.Equal(Staff.Name, resume.Actor);
        Assert.Equal(Now.AddHours(30), resume.At);
        Assert.Equal(0.3, workflow.ResumeFraction);
        Assert.Equal(12, (await GetMailboxAsync(agency.TenantId, mailbox.Id)).CurrentDailyVolume);
    }

    [Fact]
    public async Task Resume_NoPlannedVolume_UsesBusiestLoggedDay()
    {
        var agency = await AgencySession.CreateAsync(factory, "Unplanned Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@unplanned.example", currentVolume: 0, targetVolume: 200);
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddDays(-2), sent: 80, soft: 2);
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddDays(-1), sent: 70, soft: 2);
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddDays(-1).AddHours(1), sent: 50, soft: 2);
        var paused = (await PauseAsync(agency.TenantId, [mailbox.Id])).Workflow!;

        await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.ResumeAsync(agency.TenantId, paused.Id, null, Staff, 0.4, CancellationToken.None));

        var workflow = await GetAsync(agency.TenantId, paused.Id);
        Assert.Equal(120, Assert.Single(workflow.Mailboxes).PreviousDailyVolume);
        Assert.Equal(48, (await GetMailboxAsync(agency.TenantId, mailbox.Id)).CurrentDailyVolume);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var plan = await db.RampPlans.SingleAsync(p => p.MailboxId == mailbox.Id);
        Assert.Equal(Staff.Name, plan.CreatedBy);
    }

    [Fact]
    public async Task Close_FromRamping_SetsMailboxActive()
    {
        var agency = await AgencySession.CreateAsync(factory, "Close Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@close.example", currentVolume: 40, targetVolume: 35);
        var paused = (await PauseAsync(agency.TenantId, [mailbox.Id])).Workflow!;

        var tooEarly = await CloseAsync(agency.TenantId, paused.Id);
        await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s => s.ResumeAsync(agency.TenantId, paused.Id, null, Staff, null, CancellationToken.None));
        var closed = await CloseAsync(agency.TenantId, paused.Id);
        var again = await CloseAsync(agency.TenantId, paused.Id);

        Assert.Contains("Only a ramping workflow can be closed", tooEarly.Problem);
        Assert.True(closed.Succeeded, closed.Problem);
        Assert.False(again.Succeeded);
        var workflow = await GetAsync(agency.TenantId, paused.Id);
        Assert.Equal(WorkflowState.Closed, workflow.State);
        Assert.Equal(
            [WorkflowState.Detected, WorkflowState.Paused, WorkflowState.Checking, WorkflowState.Resuming, WorkflowState.Ramping, WorkflowState.Closed],
            workflow.Transitions.OrderBy(t => t.Id).Select(t => t.To).ToList());
        var active = await GetMailboxAsync(agency.TenantId, mailbox.Id);
        Assert.Equal(MailboxStatus.Active, active.Status);
        Assert.Equal(35, active.CurrentDailyVolume);
    }

    private Task<WorkflowResult> PauseAsync(Guid tenantId, IReadOnlyList<Guid> mailboxIds, int hours = 48) =>
        factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.PauseAsync(tenantId, new PauseRequest(mailboxIds, hours, 0.4, "Soft rate 8% over 24 hours"), Staff, CancellationToken.None));

    private Task<WorkflowResult> CloseAsync(Guid tenantId, Guid workflowId) =>
        factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s => s.CloseAsync(tenantId, workflowId, Staff, CancellationToken.None));

    private async Task RunResumeJobAsync(Guid tenantId, Guid workflowId, string key)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ResumeWorkflowJob>().RunAsync(tenantId, workflowId, key, CancellationToken.None);
    }

    private async Task<StopTheBleedWorkflow> GetAsync(Guid tenantId, Guid workflowId) =>
        (await factory.WithServiceAsync<StopTheBleedWorkflow?, StopTheBleedService>(s => s.GetAsync(tenantId, workflowId, CancellationToken.None)))!;

    private async Task<SendingMailbox> GetMailboxAsync(Guid tenantId, Guid mailboxId) =>
        (await factory.WithServiceAsync<SendingMailbox?, MailboxInventoryService>(s => s.GetAsync(tenantId, mailboxId, CancellationToken.None)))!;
}

/// <summary>The stop-the-bleed tests on SQLite.</summary>
public sealed class StopTheBleedSqliteTests(AlertsPortalFactory factory) : StopTheBleedTests<AlertsPortalFactory>(factory);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class StopTheBleedPostgreSqlTests(PostgreSqlAlertsPortalFactory factory) : StopTheBleedTests<PostgreSqlAlertsPortalFactory>(factory);
