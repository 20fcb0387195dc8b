using System.ComponentModel;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.StopTheBleed;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Health;

/// <summary>
/// Recurring Hangfire job, hourly: queues one health check for each agency whose interval has
/// passed since its last check, and resumes any pause that ended without a resume.
/// </summary>
public sealed class HealthCheckSchedulerJob(
    TenantDbContextFactory databases,
    IBackgroundJobClient jobs,
    OverdueResumeRunner overdueResumes,
    TimeProvider time)
{
    /// <summary>The stable id of the recurring job.</summary>
    public const string RecurringJobId = "health-checks";

    /// <summary>Queues the due checks and returns how many it queued.</summary>
    [AutomaticRetry(Attempts = 1, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Queue due health checks")]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = databases.CreateWithoutTenant();
        var agencies = await db.Agencies.ToListAsync(cancellationToken);
        var due = agencies.Where(a => a.LastHealthCheckAt is null || a.LastHealthCheckAt.Value.AddHours(a.HealthCheckIntervalHours) <= now).ToList();

        // The time is saved before the checks are queued, so a retry of this job queues no second check.
        foreach (var agency in due)
        {
            agency.LastHealthCheckAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var agency in due)
        {
            jobs.Enqueue<AgencyHealthCheckJob>(job => job.RunAsync(agency.Id, CancellationToken.None));
        }

        await overdueResumes.RunAsync(cancellationToken);
        return due.Count;
    }
}
