using System.Net;
using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Web.Tests.Support;

namespace BouncePortal.Web.Tests.Alerts;

public sealed class AlertPagesTests(AlertsPortalFactory factory) : IClassFixture<AlertsPortalFactory>
{
    [Fact]
    public async Task AlertsPage_ShowsAlertWithEvidenceAndActions()
    {
        var agency = await AgencySession.CreateAsync(factory, "Alerts Page Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@alerts-page.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, factory.Clock.GetUtcNow().AddHours(-1), sent: 200, soft: 12, hard: 1);
        await factory.WithServiceAsync<HealthCheckResult, HealthCheckService>(s => s.RunAsync(agency.TenantId, CancellationToken.None));

        var page = WebUtility.HtmlDecode(await agency.GetPageAsync("/alerts"));

        Assert.Contains("Soft bounce rate 6% on anna@alerts-page.example", page);
        Assert.Contains("soft 12 of 200 sent (6%), hard 1 (0.5%) in the last 24 hours", page);
        Assert.Contains("data-testid=\"acknowledge\"", page);
        Assert.Contains("data-testid=\"dismiss\"", page);
        Assert.Contains($"mailboxes/{mailbox.Id}", page);
        Assert.Contains("Auto-pause is <b>off</b>", page);
    }

    [Fact]
    public async Task AlertsPage_NoAlerts_ShowsEmptyState()
    {
        var agency = await AgencySession.CreateAsync(factory, "Empty Alerts Agency");

        var page = await agency.GetPageAsync("/alerts");

        Assert.Contains("data-testid=\"alerts-empty\"", page);
        Assert.Contains("No open alerts", page);
    }

    [Fact]
    public async Task MailboxPage_ShowsTimelineStatusAndCooldown()
    {
        var agency = await AgencySession.CreateAsync(factory, "Timeline Agency");
        await factory.UpdateSettingsAsync(agency.TenantId, settings => settings.ResumeCooldownHours = 36);
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@timeline.example", currentVolume: 40, targetVolume: 35);
        var actor = new WorkflowActor("owner@example.com", null);
        var paused = await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.PauseAsync(agency.TenantId, new PauseRequest([mailbox.Id], 24, 0.5, "Soft rate 8%"), actor, CancellationToken.None));
        var pausedPage = WebUtility.HtmlDecode(await agency.GetPageAsync($"/mailboxes/{mailbox.Id}"));
        await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.ResumeAsync(agency.TenantId, paused.Workflow!.Id, null, actor, null, CancellationToken.None));

        var rampingPage = WebUtility.HtmlDecode(await agency.GetPageAsync($"/mailboxes/{mailbox.Id}"));

        Assert.Contains(">Paused</span>", pausedPage);
        Assert.Contains("data-testid=\"resume-now\"", pausedPage);
        Assert.Contains("Resumes at 50% of the previous volume on 2026-03-03 08:00 UTC", pausedPage);
        Assert.Contains(">Ramping</span>", rampingPage);
        Assert.Contains("data-testid=\"close-workflow\"", rampingPage);
        Assert.Contains("soft-rate alerts for this mailbox wait until 2026-03-03 20:00 UTC", rampingPage);
        foreach (var state in new[] { "Detected", "Paused", "Checking", "Resuming", "Ramping" })
        {
            Assert.Contains($"<b>{state}</b> · 2026-03-02 08:00 UTC · by owner@example.com", rampingPage);
        }

        Assert.Contains("data-testid=\"ramp-chart\"", rampingPage);
        var planDays = BouncePortal.Domain.Ramp.RampPlanner.Resume(40, 35, new DateOnly(2026, 3, 2), 0.5).Days.Count;
        Assert.Contains($"Resume: {planDays} days from 2026-03-02", rampingPage);
    }
}
