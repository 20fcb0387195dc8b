using System.ComponentModel;
using Hangfire;

namespace BouncePortal.Infrastructure.Health;

/// <summary>
/// Hangfire job that checks one agency's mailboxes. A second run raises nothing new, because
/// alerts are deduplicated per mailbox and condition while open.
/// </summary>
public sealed class AgencyHealthCheckJob(HealthCheckService checks)
{
    /// <summary>Checks the agency.</summary>
    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Health check of agency {0}")]
    public Task RunAsync(Guid tenantId, CancellationToken cancellationToken) =>
        checks.RunAsync(tenantId, cancellationToken);
}
