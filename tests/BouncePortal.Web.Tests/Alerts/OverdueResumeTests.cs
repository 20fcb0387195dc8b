using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Web.Tests.Support;

namespace BouncePortal.Web.Tests.Alerts;

/// <summary>
/// Stops and starts a portal. Hangfire keeps its log provider in a static that points at the
/// last host started, so these tests run alone, like the ones with a real job server.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public sealed class OverdueResumeTests
{
    private static readonly WorkflowActor Staff = new("owner@example.com", "user-1");

    [Fact]
    public async Task OverdueResume_RunsOnceAtStart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "bounceportal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        try
        {
            Guid tenantId;
            Guid workflowId;
            Guid mailboxId;
            using (var before = AlertsPortalFactory.OnDataDirectory(dataDirectory, clock))
            {
                var agency = await AgencySession.CreateAsync(before, "Restart Agency");
                tenantId = agency.TenantId;
                mailboxId = (await before.AddMailboxAsync(tenantId, "anna@restart.example")).Id;
                var paused = await before.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
                    s.PauseAsync(tenantId, new PauseRequest([mailboxId], 24, 0.4, "test"), Staff, CancellationToken.None));
                workflowId = paused.Workflow!.Id;
            }

            clock.Advance(TimeSpan.FromHours(30));
            using var after = AlertsPortalFactory.OnDataDirectory(dataDirectory, clock);
            _ = after.Services;
            var secondRun = await after.WithServiceAsync<int, OverdueResumeRunner>(r => r.RunAsync(CancellationToken.None));

            Assert.Equal(0, secondRun);
            var workflow = await after.WithServiceAsync<StopTheBleedWorkflow?, StopTheBleedService>(s => s.GetAsync(tenantId, workflowId, CancellationToken.None));
            Assert.Equal(WorkflowState.Ramping, workflow!.State);
            var resume = Assert.Single(workflow.Transitions, t => t.To == WorkflowState.Resuming);
            Assert.Equal(SystemActors.Scheduler, resume.Actor);
            Assert.Equal(clock.GetUtcNow(), resume.At);
            Assert.Single(after.Audit.For(tenantId), r => r.Action == AuditActions.Resume);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
