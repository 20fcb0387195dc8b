using System.Net;
using BouncePortal.Domain.Ramp;
using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Web.Tests.Support;

namespace BouncePortal.Web.Tests.Alerts;

public abstract class AlertIsolationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AlertsPortalFactory
{
    private static readonly WorkflowActor Staff = new("intruder@example.com", null);

    [Fact]
    public async Task Alerts_OtherAgency_CannotSeeOrChange()
    {
        var (north, south, northMailbox) = await TwoAgenciesAsync("Alerts");
        await factory.AddSendsAsync(north.TenantId, northMailbox.Address, factory.Clock.GetUtcNow().AddHours(-1), sent: 100, soft: 9);
        var alert = Assert.Single((await factory.WithServiceAsync<HealthCheckResult, HealthCheckService>(s => s.RunAsync(north.TenantId, CancellationToken.None))).Raised);

        var southCheck = await factory.WithServiceAsync<HealthCheckResult, HealthCheckService>(s => s.RunAsync(south.TenantId, CancellationToken.None));
        var southList = await factory.WithServiceAsync<IReadOnlyList<HealthAlert>, AlertService>(s => s.ListAsync(south.TenantId, true, CancellationToken.None));
        var southByMailbox = await factory.WithServiceAsync<IReadOnlyList<HealthAlert>, AlertService>(s => s.ListForMailboxAsync(south.TenantId, northMailbox.Id, CancellationToken.None));
        var acknowledged = await factory.WithServiceAsync<bool, AlertService>(s => s.AcknowledgeAsync(south.TenantId, alert.Id, "intruder", CancellationToken.None));
        var dismissed = await factory.WithServiceAsync<bool, AlertService>(s => s.DismissAsync(south.TenantId, alert.Id, "intruder", CancellationToken.None));

        Assert.Empty(southCheck.Raised);
        Assert.Empty(southList);
        Assert.Empty(southByMailbox);
        Assert.False(acknowledged);
        Assert.False(dismissed);
        var stillOpen = Assert.Single(await factory.WithServiceAsync<IReadOnlyList<HealthAlert>, AlertService>(s => s.ListAsync(north.TenantId, false, CancellationToken.None)));
        Assert.Equal(AlertState.Open, stillOpen.State);
        Assert.Empty(factory.Notifications.For(south.TenantId));
    }

    [Fact]
    public async Task Workflows_OtherAgency_GetsNotFound()
    {
        var (north, south, northMailbox) = await TwoAgenciesAsync("Workflows");
        var paused = await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.PauseAsync(north.TenantId, new PauseRequest([northMailbox.Id], 48, 0.4, "test"), Staff, CancellationToken.None));
        var workflowId = paused.Workflow!.Id;

        var pauseForeign = await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.PauseAsync(south.TenantId, new PauseRequest([northMailbox.Id], 48, 0.4, "test"), Staff, CancellationToken.None));
        var resumeForeign = await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.ResumeAsync(south.TenantId, workflowId, null, Staff, null, CancellationToken.None));
        var closeForeign = await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s => s.CloseAsync(south.TenantId, workflowId, Staff, CancellationToken.None));
        var getForeign = await factory.WithServiceAsync<StopTheBleedWorkflow?, StopTheBleedService>(s => s.GetAsync(south.TenantId, workflowId, CancellationToken.None));
        var listForeign = await factory.WithServiceAsync<IReadOnlyList<StopTheBleedWorkflow>, StopTheBleedService>(s => s.ListForMailboxAsync(south.TenantId, northMailbox.Id, CancellationToken.None));

        Assert.True(pauseForeign.NotFound);
        Assert.True(resumeForeign.NotFound);
        Assert.True(closeForeign.NotFound);
        Assert.Null(getForeign);
        Assert.Empty(listForeign);
        var northWorkflow = await factory.WithServiceAsync<StopTheBleedWorkflow?, StopTheBleedService>(s => s.GetAsync(north.TenantId, workflowId, CancellationToken.None));
        Assert.Equal(WorkflowState.Checking, northWorkflow!.State);
    }

    [Fact]
    public async Task RampPlans_OtherAgency_GetsNotFound()
    {
        var (north, south, northMailbox) = await TwoAgenciesAsync("Ramps");
        var plan = (await factory.WithServiceAsync<RampPlanResult, RampPlanService>(s => s.CreateAsync(
            north.TenantId, northMailbox.Id, new RampPlanRequest { Kind = RampKind.Recovery, Start = new DateOnly(2026, 3, 2) }, "staff", CancellationToken.None))).Plan!;

        var createForeign = await factory.WithServiceAsync<RampPlanResult, RampPlanService>(s => s.CreateAsync(
            south.TenantId, northMailbox.Id, new RampPlanRequest { Start = new DateOnly(2026, 3, 2) }, "intruder", CancellationToken.None));
        var getForeign = await factory.WithServiceAsync<StoredRampPlan?, RampPlanService>(s => s.GetAsync(south.TenantId, plan.Id, CancellationToken.None));
        var adherenceForeign = await factory.WithServiceAsync<IReadOnlyList<RampAdherenceDay>?, RampPlanService>(s => s.GetAdherenceAsync(south.TenantId, plan.Id, CancellationToken.None));
        var listForeign = await factory.WithServiceAsync<IReadOnlyList<StoredRampPlan>, RampPlanService>(s => s.ListForMailboxAsync(south.TenantId, northMailbox.Id, CancellationToken.None));
        var csvForeign = await south.Client.GetAsync($"/exports/ramp-plans/{plan.Id}.csv");
        var csvOwn = await north.Client.GetAsync($"/exports/ramp-plans/{plan.Id}.csv");

        Assert.True(createForeign.NotFound);
        Assert.Null(getForeign);
        Assert.Null(adherenceForeign);
        Assert.Empty(listForeign);
        Assert.Equal(HttpStatusCode.NotFound, csvForeign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, csvOwn.StatusCode);
    }

    [Fact]
    public async Task MailboxPage_OtherAgency_ShowsNotFound()
    {
        var (_, south, northMailbox) = await TwoAgenciesAsync("Pages");

        var page = await south.GetPageAsync($"/mailboxes/{northMailbox.Id}");

        Assert.Contains("data-testid=\"mailbox-not-found\"", page);
        Assert.DoesNotContain(northMailbox.Address, page);
    }

    private async Task<(AgencySession North, AgencySession South, BouncePortal.Infrastructure.Mailboxes.SendingMailbox NorthMailbox)> TwoAgenciesAsync(string name)
    {
        var north = await AgencySession.CreateAsync(factory, $"North {name}");
        var south = await AgencySession.CreateAsync(factory, $"South {name}");
        var mailbox = await factory.AddMailboxAsync(north.TenantId, $"anna@{name.ToLowerInvariant()}-north.example");
        await factory.AddMailboxAsync(south.TenantId, $"anna@{name.ToLowerInvariant()}-north.example");
        return (north, south, mailbox);
    }
}

/// <summary>The alert isolation tests on SQLite.</summary>
public sealed class AlertIsolationSqliteTests(AlertsPortalFactory factory) : AlertIsolationTests<AlertsPortalFactory>(factory);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class AlertIsolationPostgreSqlTests(PostgreSqlAlertsPortalFactory factory) : AlertIsolationTests<PostgreSqlAlertsPortalFactory>(factory);
