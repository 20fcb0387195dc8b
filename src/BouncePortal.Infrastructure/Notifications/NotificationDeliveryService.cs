using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Makes one attempt to deliver a notification through one channel and records it.
/// </summary>
public sealed partial class NotificationDeliveryService(
    TenantDbContextFactory databases,
    NotificationTargets targets,
    EmailNotificationSender email,
    WebhookNotificationSender webhook,
    TimeProvider time,
    ILogger<NotificationDeliveryService> logger)
{
    /// <summary>
    /// Delivers the notification unless that channel already has it. Throws
    /// <see cref="NotificationDeliveryException"/> after recording a failed attempt, so the job is retried.
    /// </summary>
    public async Task DeliverAsync(Guid tenantId, Guid notificationId, NotificationChannel channel, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var delivery = await db.NotificationDeliveries
            .SingleOrDefaultAsync(d => d.NotificationId == notificationId && d.Channel == channel, cancellationToken);
        if (delivery is null)
        {
            LogMissing(logger, tenantId, notificationId, channel);
            return;
        }

        if (delivery.Status is DeliveryStatus.Delivered or DeliveryStatus.Skipped)
        {
            return;
        }

        var notification = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == notificationId, cancellationToken);
        var settings = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);

        delivery.Attempts++;
        delivery.LastAttemptAt = time.GetUtcNow();
        var result = await SendAsync(channel, settings, notification, cancellationToken);

        // The outcome is saved even when the job is being cancelled: a sent message must never be sent again.
        Record(delivery, result);
        await db.SaveChangesAsync(CancellationToken.None);

        if (result is { Succeeded: false })
        {
            LogFailed(logger, tenantId, notificationId, channel, delivery.Attempts, result.Error);
            throw new NotificationDeliveryException(
                $"Delivery of notification {notificationId} by {channel} failed on attempt {delivery.Attempts}: {result.Error}");
        }
    }

    private async Task<ChannelResult?> SendAsync(
        NotificationChannel channel, NotificationSettings? settings, StoredNotification notification, CancellationToken cancellationToken)
    {
        try
        {
            return channel switch
            {
                NotificationChannel.Email when settings is { EmailEnabled: true } && targets.Email(settings) is { } target =>
                    await email.SendAsync(target, notification.Subject, notification.Body, MessageId(notification), cancellationToken),
                NotificationChannel.Webhook when settings is { WebhookEnabled: true } && targets.Webhook(settings) is { } hook =>
                    await webhook.SendAsync(hook.Url, hook.Secret, Payload(notification), cancellationToken),
                _ => null,
            };
        }
        catch (NotificationSecretException exception)
        {
            return ChannelResult.Failed(exception.Message);
        }
    }

    private void Record(NotificationDelivery delivery, ChannelResult? result)
    {
        if (result is null)
        {
            delivery.Status = DeliveryStatus.Skipped;
            delivery.LastError = $"{delivery.Channel} notifications were turned off or left incomplete before delivery.";
            return;
        }

        delivery.LastStatusCode = result.StatusCode;
        if (result.Succeeded)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = time.GetUtcNow();
            delivery.LastError = null;
            return;
        }

        delivery.Status = DeliveryStatus.Failing;
        var error = result.Error ?? "Unknown failure.";
        delivery.LastError = error.Length > NotificationDelivery.MaxErrorLength ? error[..NotificationDelivery.MaxErrorLength] : error;
    }

    /// <summary>Builds the webhook body of a stored notification.</summary>
    internal static WebhookPayload Payload(StoredNotification notification) => new(
        notification.Id, notification.Kind.ToString(), notification.Subject, notification.Body, notification.MailboxId, notification.OccurredAt);

    // The same Message-ID on every retry lets mail clients drop a copy the server accepted twice.
    private static string MessageId(StoredNotification notification) => $"{notification.Id:N}@bounceportal.notifications";

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "No {Channel} delivery of notification {NotificationId} in agency {TenantId}; nothing to send")]
    private static partial void LogMissing(ILogger logger, Guid tenantId, Guid notificationId, NotificationChannel channel);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "{Channel} delivery of notification {NotificationId} in agency {TenantId} failed on attempt {Attempt}: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid tenantId, Guid notificationId, NotificationChannel channel, int attempt, string? error);
}

/// <summary>
/// Raised by a failed delivery attempt so that Hangfire retries the job. The message names the channel and the failure.
/// </summary>
public sealed class NotificationDeliveryException(string message) : Exception(message);
