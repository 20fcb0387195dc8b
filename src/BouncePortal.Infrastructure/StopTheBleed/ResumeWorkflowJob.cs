using System.ComponentModel;
using Hangfire;

namespace BouncePortal.Infrastructure.StopTheBleed;

/// <summary>
/// Hangfire job that resumes a paused workflow at the end of its pause. It carries the resume key
/// it was scheduled with, so a retry, a duplicate or a run after staff resumed early does nothing.
/// </summary>
public sealed class ResumeWorkflowJob(StopTheBleedService workflows)
{
    /// <summary>Resumes the workflow when it is still paused under <paramref name="resumeKey"/>.</summary>
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Resume stop-the-bleed workflow {1}")]
    public Task RunAsync(Guid tenantId, Guid workflowId, string resumeKey, CancellationToken cancellationToken) =>
        workflows.ResumeAsync(tenantId, workflowId, resumeKey, WorkflowActor.Scheduler, resumeFraction: null, cancellationToken);
}
