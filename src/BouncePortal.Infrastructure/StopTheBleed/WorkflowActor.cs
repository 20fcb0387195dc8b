namespace BouncePortal.Infrastructure.StopTheBleed;

/// <summary>
/// Who makes a workflow change: a signed-in user or the system.
/// </summary>
/// <param name="Name">The user's name, or a <see cref="SystemActors"/> name.</param>
/// <param name="UserId">The user's id; null for the system.</param>
public sealed record WorkflowActor(string Name, string? UserId)
{
    /// <summary>The recurring health check.</summary>
    public static WorkflowActor HealthCheck { get; } = new(SystemActors.HealthCheck, null);

    /// <summary>The scheduled resume.</summary>
    public static WorkflowActor Scheduler { get; } = new(SystemActors.Scheduler, null);
}

/// <summary>
/// What staff choose when they pause mailboxes.
/// </summary>
/// <param name="MailboxIds">The mailboxes, one or more of the agency's.</param>
/// <param name="PauseHours">Length of the pause, 24 to 48 hours.</param>
/// <param name="ResumeFraction">Share of the previous volume to resume at, 0.3 to 0.5.</param>
/// <param name="Reason">Why, in plain text.</param>
/// <param name="AlertId">The alert behind the pause, when there is one.</param>
public sealed record PauseRequest(
    IReadOnlyList<Guid> MailboxIds,
    int PauseHours,
    double ResumeFraction,
    string Reason,
    Guid? AlertId = null);

/// <summary>
/// The outcome of a workflow command: the workflow, or what was wrong.
/// </summary>
public sealed record WorkflowResult(StopTheBleedWorkflow? Workflow, string? Problem, bool NotFound = false)
{
    /// <summary>Whether the command changed the workflow.</summary>
    public bool Succeeded => Workflow is not null && Problem is null;

    /// <summary>A successful result.</summary>
    public static WorkflowResult Done(StopTheBleedWorkflow workflow) => new(workflow, null);

    /// <summary>A rejected command with what to do instead.</summary>
    public static WorkflowResult Rejected(string problem) => new(null, problem);

    /// <summary>The workflow is not the agency's or does not exist.</summary>
    public static WorkflowResult Missing() => new(null, "The workflow was not found.", NotFound: true);
}
