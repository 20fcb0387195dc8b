using BouncePortal.Domain.Ramp;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.StopTheBleed;

/// <summary>
/// Runs stop-the-bleed workflows: pause mailboxes, open the checklist, resume them at a fraction
/// of their previous volume with a recovery ramp, close. Every change is stored before it is
/// published, and each command checks the current state first, so running one twice changes nothing.
/// </summary>
public sealed partial class StopTheBleedService(
    TenantDbContextFactory databases,
    IBackgroundJobClient jobs,
    INotificationPublisher notifications,
    IChecklistOpener checklists,
    IAuditLog audit,
    TimeProvider time,
    ILogger<StopTheBleedService> logger)
{
    /// <summary>
    /// Starts a workflow for the mailboxes and pauses them at once: records detected, paused and
    /// checking, opens the checklist and schedules the resume at the end of the pause.
    /// </summary>
    public async Task<WorkflowResult> PauseAsync(Guid tenantId, PauseRequest request, WorkflowActor actor, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } problem)
        {
            return WorkflowResult.Rejected(problem);
        }

        await using var db = databases.CreateForTenant(tenantId);
        var ids = request.MailboxIds.Distinct().ToList();
        var mailboxes = await db.SendingMailboxes.Where(m => ids.Contains(m.Id)).ToListAsync(cancellationToken);
        if (mailboxes.Count != ids.Count)
        {
            return WorkflowResult.Missing();
        }

        if (await FindBusyAsync(db, ids, cancellationToken) is { } busy)
        {
            return WorkflowResult.Rejected($"{busy} is already in a stop-the-bleed workflow; open the mailbox to follow or close that one first.");
        }

        if (mailboxes.FirstOrDefault(m => m.ArchivedAt is not null) is { } archived)
        {
            return WorkflowResult.Rejected($"{archived.Address} is archived; restore it before pausing it.");
        }

        var now = time.GetUtcNow();
        var workflow = new StopTheBleedWorkflow
        {
            Id = Guid.NewGuid(),
            State = WorkflowState.Detected,
            AlertId = request.AlertId,
            Reason = request.Reason.Trim(),
            CreatedAt = now,
            PauseHours = request.PauseHours,
            ResumeFraction = request.ResumeFraction,
        };
        var sentPerDay = await BusiestDaySendsAsync(db, mailboxes, now, cancellationToken);
        workflow.Mailboxes.AddRange(mailboxes.Select(m => new WorkflowMailbox
        {
            MailboxId = m.Id,
            Address = m.Address,
            PreviousDailyVolume = PreviousVolume(m, sentPerDay),
            WarmupWasEnabled = m.WarmupEnabled,
        }));
        Record(workflow, null, WorkflowState.Detected, actor, now, workflow.Reason);

        foreach (var mailbox in mailboxes)
        {
            mailbox.Status = MailboxStatus.Paused;
        }

        workflow.PausedAt = now;
        workflow.ResumeDueAt = now.AddHours(request.PauseHours);
        workflow.ResumeKey = Guid.NewGuid().ToString("N");
        Record(workflow, WorkflowState.Detected, WorkflowState.Paused, actor, now,
            $"Paused {Addresses(workflow)} for {request.PauseHours} hours, until {workflow.ResumeDueAt:yyyy-MM-dd HH:mm} UTC. {WarmupNote(workflow)}");
        Record(workflow, WorkflowState.Paused, WorkflowState.Checking, actor, now,
            "Opened the checklist: Postmaster Tools, blocklist status, recent SMTP replies, list clean-up.");
        db.StopTheBleedWorkflows.Add(workflow);
        await db.SaveChangesAsync(cancellationToken);

        workflow.ResumeJobId = ScheduleResume(tenantId, workflow);
        workflow.ChecklistId = await checklists.OpenAsync(
            new ChecklistRequest(tenantId, ChecklistSubjectKind.Workflow, workflow.Id.ToString(), StopTheBleedChecklist.Checklist, SingleMailbox(workflow)),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        LogPaused(logger, tenantId, workflow.Id, workflow.Mailboxes.Count, actor.Name);
        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.Pause,
            $"Paused {Addresses(workflow)} for {request.PauseHours} hours (stop-the-bleed workflow {workflow.Id}).", actor.UserId, actor.Name), cancellationToken);
        await PublishAsync(tenantId, workflow, WorkflowState.Paused, $"Paused {Addresses(workflow)}",
            $"{workflow.Reason}\nResumes at {Percent(workflow.ResumeFraction)} of the previous volume on {workflow.ResumeDueAt:yyyy-MM-dd HH:mm} UTC unless staff resume earlier.", now, cancellationToken);

        return WorkflowResult.Done(workflow);
    }

    /// <summary>
    /// Resumes the paused mailboxes at the workflow's fraction of their previous volume and stores
    /// a recovery ramp for each. The scheduler passes the key it was scheduled with, and resumes
    /// only when the key still matches and the pause has ended. Staff pass null to resume early.
    /// </summary>
    public async Task<WorkflowResult> ResumeAsync(
        Guid tenantId, Guid workflowId, string? scheduledKey, WorkflowActor actor, double? resumeFraction, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var workflow = await LoadAsync(db, workflowId, cancellationToken);
        if (workflow is null)
        {
            return WorkflowResult.Missing();
        }

        var now = time.GetUtcNow();
        if (CheckResume(workflow, scheduledKey, resumeFraction, now) is { } problem)
        {
            LogResumeSkipped(logger, tenantId, workflowId, workflow.State, problem);
            return WorkflowResult.Rejected(problem);
        }

        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == tenantId, cancellationToken);
        var today = AgencyToday(agency, now);
        var fraction = resumeFraction ?? workflow.ResumeFraction;
        var from = workflow.State;

        workflow.ResumeFraction = fraction;
        workflow.ResumeKey = null;
        workflow.ResumeJobId = null;
        workflow.ResumedAt = now;
        workflow.CooldownUntil = now.AddHours(agency.ResumeCooldownHours);
        Record(workflow, from, WorkflowState.Resuming, actor, now,
            $"Resumed {Addresses(workflow)} at {Percent(fraction)} of the previous volume. Soft-rate alerts for them wait until {workflow.CooldownUntil:yyyy-MM-dd HH:mm} UTC.");

        var plans = await PlanRampsAsync(db, workflow, fraction, today, now, actor, cancellationToken);
        Record(workflow, WorkflowState.Resuming, WorkflowState.Ramping, actor, now, RampNote(workflow, plans));

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another run changed the resume key first, so it has resumed the workflow already.
            LogResumeSkipped(logger, tenantId, workflowId, from, "another run resumed it first");
            return WorkflowResult.Rejected("The workflow was resumed by another run.");
        }

        // NOTE: after an early resume the scheduled job stays in Hangfire. At its due time it finds the key gone and does nothing.
        LogResumed(logger, tenantId, workflowId, actor.Name);
        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.Resume,
            $"Resumed {Addresses(workflow)} at {Percent(fraction)} of the previous volume (stop-the-bleed workflow {workflow.Id}).", actor.UserId, actor.Name), cancellationToken);
        await PublishAsync(tenantId, workflow, WorkflowState.Ramping, $"Resumed {Addresses(workflow)}", RampNote(workflow, plans), now, cancellationToken);

        return WorkflowResult.Done(workflow);
    }

    /// <summary>
    /// Returns what closing the workflow now would do to each of its mailboxes: the recovery-ramp
    /// days still ahead and the volume it would get. Null when the agency has no such workflow.
    /// </summary>
    public async Task<CloseImpact?> GetCloseImpactAsync(Guid tenantId, Guid workflowId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var workflow = await LoadAsync(db, workflowId, cancellationToken);
        return workflow is null ? null : await CloseImpactAsync(db, tenantId, workflow, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Closes a ramping workflow: its mailboxes go back to Active at their target volume. Closing
    /// before a recovery ramp's last day is allowed, and the timeline records the cut.
    /// </summary>
    public async Task<WorkflowResult> CloseAsync(Guid tenantId, Guid workflowId, WorkflowActor actor, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var workflow = await LoadAsync(db, workflowId, cancellationToken);
        if (workflow is null)
        {
            return WorkflowResult.Missing();
        }

        if (workflow.State != WorkflowState.Ramping)
        {
            return WorkflowResult.Rejected($"Only a ramping workflow can be closed; this one is {workflow.State}. Resume it first.");
        }

        var now = time.GetUtcNow();
        var impact = await CloseImpactAsync(db, tenantId, workflow, now, cancellationToken);
        var ids = workflow.Mailboxes.Select(m => m.MailboxId).ToList();
        foreach (var mailbox in await db.SendingMailboxes.Where(m => ids.Contains(m.Id)).ToListAsync(cancellationToken))
        {
            mailbox.Status = MailboxStatus.Active;
            mailbox.CurrentDailyVolume = ClosedVolume(mailbox);
        }

        workflow.ClosedAt = now;
        var note = impact.CutsRampShort
            ? $"Closed with the recovery ramp cut short: {impact.DescribeCutShort()}. {Addresses(workflow)} back to Active at their target volume."
            : $"Closed: {Addresses(workflow)} back to Active at their target volume.";
        Record(workflow, WorkflowState.Ramping, WorkflowState.Closed, actor, now, note);
        await db.SaveChangesAsync(cancellationToken);

        var body = impact.CutsRampShort
            ? $"Closed before the recovery ramp ended: {impact.DescribeCutShort()}. The mailboxes send at their target volume."
            : "The recovery ramp is over and the mailboxes send at their target volume.";
        await PublishAsync(tenantId, workflow, WorkflowState.Closed, $"Closed the stop-the-bleed workflow for {Addresses(workflow)}", body, now, cancellationToken);
        return WorkflowResult.Done(workflow);
    }

    /// <summary>Returns the agency's workflows that include the mailbox, newest first, with their mailboxes and transitions.</summary>
    public async Task<IReadOnlyList<StopTheBleedWorkflow>> ListForMailboxAsync(Guid tenantId, Guid mailboxId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        return await db.StopTheBleedWorkflows.AsNoTracking()
            .Where(w => w.Mailboxes.Any(m => m.MailboxId == mailboxId))
            .Include(w => w.Mailboxes)
            .Include(w => w.Transitions)
            .OrderByDescending(w => w.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Loads one of the agency's workflows with its mailboxes and transitions; null when it is not the agency's.</summary>
    public async Task<StopTheBleedWorkflow?> GetAsync(Guid tenantId, Guid workflowId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        return await db.StopTheBleedWorkflows.AsNoTracking()
            .Include(w => w.Mailboxes)
            .Include(w => w.Transitions)
            .SingleOrDefaultAsync(w => w.Id == workflowId, cancellationToken);
    }

    /// <summary>
    /// Schedules the resume job and returns its id, or null when the job storage failed. The pause
    /// is saved already, and the hourly sweep and start-up resume overdue workflows without a job.
    /// </summary>
    private string? ScheduleResume(Guid tenantId, StopTheBleedWorkflow workflow)
    {
        var key = workflow.ResumeKey!;
        try
        {
            // The job carries the key, so a resume that staff or start-up already ran makes it a no-op.
            return jobs.Schedule<ResumeWorkflowJob>(
                job => job.RunAsync(tenantId, workflow.Id, key, CancellationToken.None), workflow.ResumeDueAt!.Value);
        }
        catch (BackgroundJobClientException failure)
        {
            LogScheduleFailed(logger, failure, tenantId, workflow.Id);
            return null;
        }
    }

    private static async Task<CloseImpact> CloseImpactAsync(
        BouncePortalDbContext db, Guid tenantId, StopTheBleedWorkflow workflow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == tenantId, cancellationToken);
        var today = AgencyToday(agency, now);
        var ids = workflow.Mailboxes.Select(m => m.MailboxId).ToList();
        var mailboxes = await db.SendingMailboxes.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        var planIds = workflow.Mailboxes.Select(m => m.RampPlanId).OfType<Guid>().ToList();
        var plans = await db.RampPlans.AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);

        var impacts = new List<MailboxCloseImpact>();
        foreach (var member in workflow.Mailboxes.OrderBy(m => m.Address, StringComparer.Ordinal))
        {
            if (!mailboxes.TryGetValue(member.MailboxId, out var mailbox))
            {
                continue;
            }

            var plan = member.RampPlanId is { } planId && plans.TryGetValue(planId, out var stored) ? stored.ToPlan() : null;
            var daysLeft = plan?.Days.Count(d => d.Date > today) ?? 0;
            impacts.Add(new MailboxCloseImpact(member.Address, daysLeft, plan?.End, mailbox.CurrentDailyVolume, ClosedVolume(mailbox)));
        }

        return new CloseImpact(impacts);
    }

    private static int ClosedVolume(SendingMailbox mailbox) => Math.Max(mailbox.CurrentDailyVolume, mailbox.TargetDailyVolume);

    private static DateOnly AgencyToday(Agency agency, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, AgencySettings.ResolveTimeZone(agency.TimeZoneId)).DateTime);

    private static Task<StopTheBleedWorkflow?> LoadAsync(BouncePortalDbContext db, Guid workflowId, CancellationToken cancellationToken) =>
        db.StopTheBleedWorkflows
            .Include(w => w.Mailboxes)
            .SingleOrDefaultAsync(w => w.Id == workflowId, cancellationToken);

    private static async Task<string?> FindBusyAsync(BouncePortalDbContext db, List<Guid> mailboxIds, CancellationToken cancellationToken) =>
        await db.WorkflowMailboxes
            .Where(m => mailboxIds.Contains(m.MailboxId))
            .Join(db.StopTheBleedWorkflows.Where(w => w.State != WorkflowState.Closed), m => m.WorkflowId, w => w.Id, (m, w) => m.Address)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Returns what is wrong with a pause length, or null when it is 24 to 48 hours.</summary>
    public static string? PauseHoursProblem(int hours) =>
        hours is < StopTheBleedWorkflow.MinPauseHours or > StopTheBleedWorkflow.MaxPauseHours
            ? $"A pause of {hours} hours is outside 24 to 48 hours; pause for 24 to 48 hours."
            : null;

    /// <summary>Returns what is wrong with a resume share, or null when it is 0.3 to 0.5 of the previous volume.</summary>
    public static string? ResumeFractionProblem(double fraction) =>
        fraction is >= RampPlanner.MinResumeFraction and <= RampPlanner.MaxResumeFraction
            ? null
            : $"Resuming at {Percent(fraction)} is outside 30% to 50% of the previous volume.";

    /// <summary>Returns what is wrong with a pause reason, or null when it has 1 to 1,000 characters.</summary>
    public static string? ReasonProblem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 1000
            ? "Give a reason for the pause (at most 1,000 characters)."
            : null;

    // Every problem is reported at once, so staff fix the form in one pass.
    private static string? Validate(PauseRequest request)
    {
        if (request.MailboxIds.Count == 0)
        {
            return "Select at least one mailbox to pause.";
        }

        var problems = new[]
        {
            PauseHoursProblem(request.PauseHours),
            ResumeFractionProblem(request.ResumeFraction),
            ReasonProblem(request.Reason),
        }.OfType<string>().ToList();
        return problems.Count == 0 ? null : string.Join(" ", problems);
    }

    private static string? CheckResume(StopTheBleedWorkflow workflow, string? scheduledKey, double? resumeFraction, DateTimeOffset now)
    {
        if (workflow.State is not (WorkflowState.Paused or WorkflowState.Checking))
        {
            return $"The workflow is {workflow.State}, not paused, so there is nothing to resume.";
        }

        if (scheduledKey is not null && scheduledKey != workflow.ResumeKey)
        {
            return "This scheduled resume was replaced or has run already.";
        }

        if (scheduledKey is not null && now < workflow.ResumeDueAt)
        {
            return $"The pause runs until {workflow.ResumeDueAt:yyyy-MM-dd HH:mm} UTC.";
        }

        return resumeFraction is { } fraction ? ResumeFractionProblem(fraction) : null;
    }

    /// <summary>
    /// Returns the volume a paused mailbox resumes from: its planned sends a day, else the most it
    /// sent in one day of the uploaded logs over the week before the pause, else its target.
    /// </summary>
    private static int PreviousVolume(SendingMailbox mailbox, Dictionary<string, long> sentPerDay)
    {
        if (mailbox.CurrentDailyVolume > 0)
        {
            return mailbox.CurrentDailyVolume;
        }

        if (sentPerDay.TryGetValue(mailbox.Address, out var sent) && sent > 0)
        {
            return (int)Math.Min(sent, int.MaxValue);
        }

        return mailbox.TargetDailyVolume;
    }

    private static async Task<Dictionary<string, long>> BusiestDaySendsAsync(
        BouncePortalDbContext db, List<SendingMailbox> mailboxes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var addresses = mailboxes.Where(m => m.CurrentDailyVolume <= 0).Select(m => m.Address).ToList();
        if (addresses.Count == 0)
        {
            return [];
        }

        var from = now.UtcDateTime.AddDays(-7);
        var completed = db.Uploads.Where(u => u.Status == UploadStatus.Completed).Select(u => u.Id);
        var hours = await db.Rollups
            .Where(r => r.Kind == SliceKind.Mailbox && addresses.Contains(r.Key) && r.HourUtc >= from && completed.Contains(r.UploadId))
            .Select(r => new { r.Key, r.HourUtc, r.Sent })
            .ToListAsync(cancellationToken);

        return hours
            .GroupBy(h => (h.Key, h.HourUtc.Date))
            .Select(day => (Address: day.Key.Key, Sent: day.Sum(h => h.Sent)))
            .GroupBy(day => day.Address)
            .ToDictionary(g => g.Key, g => g.Max(day => day.Sent), StringComparer.Ordinal);
    }

    private async Task<List<StoredRampPlan>> PlanRampsAsync(
        BouncePortalDbContext db, StopTheBleedWorkflow workflow, double fraction, DateOnly today, DateTimeOffset now, WorkflowActor actor, CancellationToken cancellationToken)
    {
        var ids = workflow.Mailboxes.Select(m => m.MailboxId).ToList();
        var mailboxes = await db.SendingMailboxes.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        var plans = new List<StoredRampPlan>();
        foreach (var member in workflow.Mailboxes)
        {
            var mailbox = mailboxes[member.MailboxId];
            var previous = Math.Max(1, member.PreviousDailyVolume);
            var target = mailbox.TargetDailyVolume > 0 ? mailbox.TargetDailyVolume : previous;
            var plan = RampPlanner.Resume(previous, target, today, fraction);
            var stored = StoredRampPlan.From(plan, mailbox.Id, workflow.Id, now, actor.Name);

            db.RampPlans.Add(stored);
            member.RampPlanId = stored.Id;
            mailbox.Status = MailboxStatus.Ramping;
            mailbox.CurrentDailyVolume = plan.Days[0].DailyLimit;
            plans.Add(stored);
        }

        return plans;
    }

    private static void Record(StopTheBleedWorkflow workflow, WorkflowState? from, WorkflowState to, WorkflowActor actor, DateTimeOffset at, string note)
    {
        workflow.State = to;
        workflow.Transitions.Add(new WorkflowTransition { WorkflowId = workflow.Id, From = from, To = to, Actor = actor.Name, At = at, Note = note });
    }

    private async Task PublishAsync(
        Guid tenantId, StopTheBleedWorkflow workflow, WorkflowState state, string subject, string body, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // NOTE: the state is saved before publishing, so a crash between the two loses the notification.
        await notifications.PublishAsync(new AgencyNotification(
            tenantId, NotificationKind.WorkflowTransition, subject, body, SingleMailbox(workflow), at, $"workflow:{workflow.Id}:{state}"), cancellationToken);
    }

    /// <summary>Formats a share such as 0.4 as "40%".</summary>
    public static string Percent(double fraction) =>
        (fraction * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static Guid? SingleMailbox(StopTheBleedWorkflow workflow) =>
        workflow.Mailboxes.Count == 1 ? workflow.Mailboxes[0].MailboxId : null;

    private static string Addresses(StopTheBleedWorkflow workflow) =>
        string.Join(", ", workflow.Mailboxes.Select(m => m.Address).Order(StringComparer.Ordinal));

    private static string WarmupNote(StopTheBleedWorkflow workflow)
    {
        var withoutWarmup = workflow.Mailboxes.Where(m => !m.WarmupWasEnabled).Select(m => m.Address).ToList();
        return withoutWarmup.Count == 0
            ? "Warmup stays on."
            : $"Warmup stays on where it runs; it is off for {string.Join(", ", withoutWarmup)}: turn it on during the pause.";
    }

    private static string RampNote(StopTheBleedWorkflow workflow, List<StoredRampPlan> plans) =>
        "Recovery ramp planned: " + string.Join("; ", plans.Select(p =>
        {
            var plan = p.ToPlan();
            var address = workflow.Mailboxes.Single(m => m.MailboxId == p.MailboxId).Address;
            return $"{address} {plan.Days[0].DailyLimit} a day from {plan.Start:yyyy-MM-dd}, {plan.TargetDailyVolume} a day from {plan.End:yyyy-MM-dd}";
        })) + ".";

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Paused {MailboxCount} mailboxes of agency {TenantId} in workflow {WorkflowId} by {Actor}")]
    private static partial void LogPaused(ILogger logger, Guid tenantId, Guid workflowId, int mailboxCount, string actor);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Resumed workflow {WorkflowId} of agency {TenantId} by {Actor}")]
    private static partial void LogResumed(ILogger logger, Guid tenantId, Guid workflowId, string actor);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Failed to schedule the resume of workflow {WorkflowId} of agency {TenantId}. The hourly sweep resumes it when the pause ends")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception, Guid tenantId, Guid workflowId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Skipped resuming workflow {WorkflowId} of agency {TenantId} in state {State}: {Reason}")]
    private static partial void LogResumeSkipped(ILogger logger, Guid tenantId, Guid workflowId, WorkflowState state, string reason);
}
