using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.StopTheBleed;

/// <summary>
/// Resumes every workflow, across agencies, whose pause has ended without a resume: the portal
/// was down when the scheduled job was due, or the job could not be scheduled. Each resume goes
/// through the workflow's resume key, so the scheduled job that fires later does nothing.
/// </summary>
public sealed partial class OverdueResumeRunner(
    TenantDbContextFactory databases,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<OverdueResumeRunner> logger)
{
    /// <summary>Resumes the overdue workflows and returns how many it resumed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<(Guid TenantId, Guid WorkflowId, string Key)> overdue;
        await using (var db = databases.CreateWithoutTenant())
        {
            // Crossing agencies on purpose: start-up serves every agency at once.
            var rows = await db.StopTheBleedWorkflows.IgnoreQueryFilters()
                .Where(w => (w.State == WorkflowState.Paused || w.State == WorkflowState.Checking) && w.ResumeKey != null)
                .Select(w => new { w.TenantId, w.Id, w.ResumeKey, w.ResumeDueAt })
                .ToListAsync(cancellationToken);
            overdue = rows.Where(r => r.ResumeDueAt <= now).Select(r => (r.TenantId, r.Id, r.ResumeKey!)).ToList();
        }

        // The workflow service is resolved only when there is work, because its notification,
        // checklist and audit dependencies come from other features.
        var resumed = 0;
        foreach (var (tenantId, workflowId, key) in overdue)
        {
            await using var scope = scopes.CreateAsyncScope();
            var workflows = scope.ServiceProvider.GetRequiredService<StopTheBleedService>();
            var result = await workflows.ResumeAsync(tenantId, workflowId, key, WorkflowActor.Scheduler, resumeFraction: null, cancellationToken);
            if (result.Succeeded)
            {
                resumed++;
            }
        }

        if (overdue.Count > 0)
        {
            LogOverdue(logger, overdue.Count, resumed);
        }

        return resumed;
    }

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Found {Overdue} overdue resumes and resumed {Resumed}")]
    private static partial void LogOverdue(ILogger logger, int overdue, int resumed);
}
