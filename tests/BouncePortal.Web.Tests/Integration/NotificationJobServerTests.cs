using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

[Collection(HangfireServerCollection.Name)]
public sealed class NotificationJobServerTests(JobServerPortalFactory factory) : IClassFixture<JobServerPortalFactory>
{
    [Fact]
    public async Task Publish_RealJobServer_PostsWebhook()
    {
        await using var hook = new WebhookListener();
        var agency = await AgencySession.CreateAsync(factory, "Hangfire Notification Agency");
        await using var scope = factory.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<NotificationSettingsService>().SaveAsync(
            agency.TenantId, new NotificationSettingsForm { WebhookEnabled = true, WebhookUrl = hook.Url }, CancellationToken.None);
        Assert.Null(saved.Problem);

        await scope.ServiceProvider.GetRequiredService<INotificationPublisher>().PublishAsync(new AgencyNotification(
            agency.TenantId, NotificationKind.AlertRaised, "Soft bounce rate 5.1%", "Slow down.", null, DateTimeOffset.UtcNow, "alert:server"));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (hook.Requests.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Single(hook.Requests);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var delivery = await db.NotificationDeliveries.AsNoTracking().SingleAsync();
        var recordDeadline = DateTime.UtcNow.AddSeconds(10);
        while (delivery.Status != DeliveryStatus.Delivered && DateTime.UtcNow < recordDeadline)
        {
            await Task.Delay(100);
            delivery = await db.NotificationDeliveries.AsNoTracking().SingleAsync();
        }

        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
    }
}
