using System.ComponentModel;
using Hangfire;

namespace BouncePortal.Infrastructure.Lifecycle;

/// <summary>
/// Hangfire jobs of the data lifecycle: a daily recurring job queues one retention pass per agency,
/// so one agency's failure or size does not hold up the others.
/// </summary>
public sealed class RetentionJobs(RetentionService retention, IBackgroundJobClient jobs)
{
    /// <summary>The recurring job's id.</summary>
    public const string RecurringJobId = "retention";

    /// <summary>Queues a retention pass for every agency.</summary>
    [DisplayName("Queue retention passes")]
    public async Task EnqueuePassesAsync(CancellationToken cancellationToken)
    {
        foreach (var tenantId in await retention.ListAgenciesAsync(cancellationToken))
        {
            jobs.Enqueue<RetentionJobs>(job => job.RunPassAsync(tenantId, CancellationToken.None));
        }
    }

    /// <summary>Deletes one agency's expired uploads. Hangfire's default retries apply, and a rerun is safe.</summary>
    [DisplayName("Retention pass for agency {0}")]
    public Task RunPassAsync(Guid tenantId, CancellationToken cancellationToken) =>
        retention.RunPassAsync(tenantId, cancellationToken);
}
