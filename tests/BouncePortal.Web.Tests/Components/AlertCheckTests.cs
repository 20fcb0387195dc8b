using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tests.Alerts;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using AlertsPage = BouncePortal.Web.Components.Pages.Alerts.Alerts;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// "Check now" queues a health check job, shows that it runs, and reloads the alerts once a job
/// worker finished it. The portal's job server is off in these tests, so the test does the
/// worker's part: it runs the check and marks the job succeeded.
/// </summary>
public sealed class AlertCheckTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task CheckNow_JobSucceeds_ListShowsNewAlert()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Check Now Refresh");
        var mailbox = await Factory.AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        var hour = DateTimeOffset.UtcNow.AddHours(-1);
        await Factory.AddSendsAsync(agency.TenantId, mailbox.Address, new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, TimeSpan.Zero), sent: 200, soft: 30);
        SignIn(agency, AgencyRole.Staff);
        var page = Render<AlertsPage>();
        page.WaitForElement("[data-testid=alerts-empty]");

        page.Find("[data-testid=check-now]").Click();
        page.WaitForElement("[data-testid=check-running]");
        var jobId = QueuedCheckJobId(agency.TenantId);
        await PortalService<HealthCheckService>().RunAsync(agency.TenantId, CancellationToken.None);
        PortalService<IBackgroundJobClient>().ChangeState(jobId, new SucceededState(null, 0, 0));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=alert-state]")), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=check-running]"));
        Assert.Contains("Soft bounce rate", page.Find("[data-testid=alert-table]").TextContent);
    }

    [Fact]
    public async Task CheckNow_JobDeleted_SaysSo()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Check Now Deleted");
        SignIn(agency, AgencyRole.Staff);
        var page = Render<AlertsPage>();
        page.WaitForElement("[data-testid=alerts-empty]");

        page.Find("[data-testid=check-now]").Click();
        page.WaitForElement("[data-testid=check-running]");
        // A failed attempt goes back to the queue for a retry, so a job that ends without success is one deleted from the dashboard.
        PortalService<IBackgroundJobClient>().ChangeState(QueuedCheckJobId(agency.TenantId), new DeletedState());

        var snackbar = Services.GetRequiredService<MudBlazor.ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, shown => shown.Message?.Contains("ended as Deleted") == true), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=check-running]"));
    }

    // The id of the queued health check job of this agency; each test's agency has its own.
    private string QueuedCheckJobId(Guid tenantId)
    {
        var monitoring = PortalService<JobStorage>().GetMonitoringApi();
        var queued = monitoring.EnqueuedJobs("default", 0, 1000);
        return queued
            .Where(job => job.Value.Job?.Type == typeof(AgencyHealthCheckJob) && Equals(job.Value.Job.Args[0], tenantId))
            .Select(job => job.Key)
            .Single();
    }
}
