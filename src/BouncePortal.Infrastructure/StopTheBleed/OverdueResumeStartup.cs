using Microsoft.Extensions.Hosting;

namespace BouncePortal.Infrastructure.StopTheBleed;

/// <summary>
/// Runs the overdue resumes once when the portal starts, so a pause that ended while the portal
/// was down resumes without waiting for the next hourly sweep.
/// </summary>
internal sealed class OverdueResumeStartup(OverdueResumeRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
