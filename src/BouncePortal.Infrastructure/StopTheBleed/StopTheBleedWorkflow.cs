using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.StopTheBleed;

/// <summary>
/// A stop-the-bleed workflow for one mailbox or a group of mailboxes selected together: pause,
/// check, resume at a fraction of the previous volume, ramp back up, close.
/// </summary>
public sealed class StopTheBleedWorkflow : ITenantOwned
{
    /// <summary>Shortest pause staff may choose, in hours.</summary>
    public const int MinPauseHours = 24;

    /// <summary>Longest pause staff may choose, in hours.</summary>
    public const int MaxPauseHours = 48;

    /// <summary>The pause used when staff choose none, in hours.</summary>
    public const int DefaultPauseHours = 48;

    /// <summary>The row id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The workflow state.</summary>
    public WorkflowState State { get; set; }

    /// <summary>The alert that started it; null when staff started it.</summary>
    public Guid? AlertId { get; set; }

    /// <summary>Why it was started, in plain text.</summary>
    public required string Reason { get; set; }

    /// <summary>When it was started.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Length of the pause in hours, from 24 to 48.</summary>
    public int PauseHours { get; set; } = DefaultPauseHours;

    /// <summary>Share of the previous daily volume sent on the first day after the pause, from 0.3 to 0.5.</summary>
    public double ResumeFraction { get; set; } = Domain.Ramp.RampPlanner.DefaultResumeFraction;

    /// <summary>When the mailboxes were paused.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>When the scheduler resumes the mailboxes unless staff resume them earlier.</summary>
    public DateTimeOffset? ResumeDueAt { get; set; }

    /// <summary>
    /// The key of the scheduled resume. A resume job carries the key it was scheduled with and
    /// does nothing unless it still matches, so a retried or duplicated job resumes once.
    /// </summary>
    public string? ResumeKey { get; set; }

    /// <summary>The Hangfire id of the scheduled resume job.</summary>
    public string? ResumeJobId { get; set; }

    /// <summary>The checklist opened for the checking step.</summary>
    public Guid? ChecklistId { get; set; }

    /// <summary>When sending resumed.</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    /// <summary>Until when the health check raises no soft-rate alert for the mailboxes after the resume.</summary>
    public DateTimeOffset? CooldownUntil { get; set; }

    /// <summary>The last soft-rate figures the cooldown kept from raising an alert, shown on the mailbox.</summary>
    public string? CooldownSuppressedEvidence { get; set; }

    /// <summary>When the workflow was closed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The mailboxes in the workflow.</summary>
    public List<WorkflowMailbox> Mailboxes { get; set; } = [];

    /// <summary>Every state change, oldest first when ordered by <see cref="WorkflowTransition.At"/>.</summary>
    public List<WorkflowTransition> Transitions { get; set; } = [];

    /// <summary>Whether the workflow still runs.</summary>
    public bool IsActive => State != WorkflowState.Closed;
}

/// <summary>
/// One mailbox of a stop-the-bleed workflow with the volume it had before the pause.
/// </summary>
public sealed class WorkflowMailbox : ITenantOwned
{
    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The workflow.</summary>
    public Guid WorkflowId { get; set; }

    /// <summary>The sending mailbox.</summary>
    public Guid MailboxId { get; set; }

    /// <summary>The mailbox address when the workflow started.</summary>
    public required string Address { get; set; }

    /// <summary>Sends a day before the pause; the resume starts at a fraction of it.</summary>
    public int PreviousDailyVolume { get; set; }

    /// <summary>Whether warmup ran before the pause; warmup is on during the pause either way.</summary>
    public bool WarmupWasEnabled { get; set; }

    /// <summary>The recovery ramp planned when the mailbox resumed.</summary>
    public Guid? RampPlanId { get; set; }
}

/// <summary>
/// One state change of a workflow: from, to, who or what made it, and when.
/// </summary>
public sealed class WorkflowTransition : ITenantOwned
{
    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The workflow.</summary>
    public Guid WorkflowId { get; set; }

    /// <summary>The state before; null for the first entry.</summary>
    public WorkflowState? From { get; set; }

    /// <summary>The state after.</summary>
    public WorkflowState To { get; set; }

    /// <summary>The user's name, or "health check" or "scheduler".</summary>
    public required string Actor { get; set; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>What happened, in plain text.</summary>
    public required string Note { get; set; }
}

/// <summary>
/// The states of a stop-the-bleed workflow, in order.
/// </summary>
public enum WorkflowState
{
    /// <summary>A problem was found; nothing changed yet.</summary>
    Detected,

    /// <summary>The mailboxes stopped cold sending; warmup stays on.</summary>
    Paused,

    /// <summary>Still paused while staff work through the checklist.</summary>
    Checking,

    /// <summary>The pause ended; sending restarts at a fraction of the previous volume.</summary>
    Resuming,

    /// <summary>The mailboxes follow their recovery ramp back to the target.</summary>
    Ramping,

    /// <summary>Finished.</summary>
    Closed,
}

/// <summary>
/// The actor names the system records for transitions it makes itself.
/// </summary>
public static class SystemActors
{
    /// <summary>The recurring health check.</summary>
    public const string HealthCheck = "health check";

    /// <summary>The scheduled resume at the end of a pause.</summary>
    public const string Scheduler = "scheduler";
}
