using System.ComponentModel;
using Hangfire;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Hangfire job that delivers one notification through one channel. It takes ids only; a delivery
/// already made is not sent again, and a failed attempt throws so that Hangfire retries it.
/// </summary>
public sealed class DeliverNotificationJob(NotificationDeliveryService deliveries)
{
    /// <summary>The queue notification deliveries run on.</summary>
    public const string Queue = "notifications";

    /// <summary>Delivers the notification; retried 10 times over about 16 hours in all, from 30 seconds up to 8 hours apart.</summary>
    [Queue(Queue)]
    [AutomaticRetry(
        Attempts = 10,
        DelaysInSeconds = new[] { 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800 },
        OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Deliver notification {1} by {2}")]
    public Task RunAsync(Guid tenantId, Guid notificationId, NotificationChannel channel, CancellationToken cancellationToken) =>
        deliveries.DeliverAsync(tenantId, notificationId, channel, cancellationToken);
}
