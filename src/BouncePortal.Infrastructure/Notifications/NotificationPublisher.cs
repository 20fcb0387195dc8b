using BouncePortal.Infrastructure.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Stores each notification once per agency and deduplication key, with one delivery per channel
/// that is on, and queues a <see cref="DeliverNotificationJob"/> for each delivery.
/// </summary>
public sealed partial class NotificationPublisher(
    TenantDbContextFactory databases,
    IBackgroundJobClient jobs,
    TimeProvider time,
    ILogger<NotificationPublisher> logger) : INotificationPublisher
{
    /// <inheritdoc />
    public async Task PublishAsync(AgencyNotification notification, CancellationToken cancellationToken = default)
    {
        Validate(notification);

        var stored = await FindAsync(notification, cancellationToken) ?? await InsertAsync(notification, cancellationToken);

        // Deliveries without a job are queued here, also when an earlier publish stored them but failed to queue.
        // NOTE: two publishes of one key at the same moment can both queue a job. The later job finds
        // the delivery made and sends nothing, but if both jobs run at once the channel gets it twice.
        await using var db = databases.CreateForTenant(notification.TenantId);
        var unqueued = await db.NotificationDeliveries
            .Where(d => d.NotificationId == stored && d.JobId == null && d.Status == DeliveryStatus.Pending)
            .ToListAsync(cancellationToken);
        foreach (var delivery in unqueued)
        {
            var (tenantId, channel) = (notification.TenantId, delivery.Channel);
            delivery.JobId = jobs.Enqueue<DeliverNotificationJob>(job => job.RunAsync(tenantId, stored, channel, CancellationToken.None));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Validate(AgencyNotification notification)
    {
        if (notification.TenantId == Guid.Empty)
        {
            throw new ArgumentException("An agency id is required to publish a notification.", nameof(notification));
        }

        if (string.IsNullOrWhiteSpace(notification.DeduplicationKey) || notification.DeduplicationKey.Length > StoredNotification.MaxDeduplicationKeyLength)
        {
            throw new ArgumentException(
                $"Deduplication key '{notification.DeduplicationKey}' is invalid: it must be 1 to {StoredNotification.MaxDeduplicationKeyLength} characters.",
                nameof(notification));
        }

        if (string.IsNullOrWhiteSpace(notification.Subject) || notification.Subject.Length > StoredNotification.MaxSubjectLength)
        {
            throw new ArgumentException(
                $"The notification subject must be 1 to {StoredNotification.MaxSubjectLength} characters; it has {notification.Subject?.Length ?? 0}.",
                nameof(notification));
        }
    }

    private async Task<Guid?> FindAsync(AgencyNotification notification, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(notification.TenantId);
        return await db.Notifications
            .Where(n => n.DeduplicationKey == notification.DeduplicationKey)
            .Select(n => (Guid?)n.Id)
            .SingleOrDefaultAsync(cancellationToken);
    }

    private async Task<Guid> InsertAsync(AgencyNotification notification, CancellationToken cancellationToken)
    {
        await using (var db = databases.CreateForTenant(notification.TenantId))
        {
            var settings = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
            var stored = new StoredNotification
            {
                Id = Guid.NewGuid(),
                TenantId = notification.TenantId,
                Kind = notification.Kind,
                Subject = notification.Subject,
                Body = notification.Body,
                MailboxId = notification.MailboxId,
                OccurredAt = notification.OccurredAt,
                DeduplicationKey = notification.DeduplicationKey,
                CreatedAt = time.GetUtcNow(),
                Deliveries = EnabledChannels(settings)
                    .Select(channel => new NotificationDelivery { TenantId = notification.TenantId, Channel = channel, Status = DeliveryStatus.Pending })
                    .ToList(),
            };
            db.Notifications.Add(stored);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogPublished(logger, notification.TenantId, stored.Id, notification.Kind, stored.Deliveries.Count);
                return stored.Id;
            }
            catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
            {
                // A concurrent publish stored the same key first; its row is the one to deliver.
            }
        }

        return await FindAsync(notification, cancellationToken)
            ?? throw new InvalidOperationException($"Notification '{notification.DeduplicationKey}' was neither stored nor found.");
    }

    private static IEnumerable<NotificationChannel> EnabledChannels(NotificationSettings? settings)
    {
        if (settings?.EmailEnabled == true)
        {
            yield return NotificationChannel.Email;
        }

        if (settings?.WebhookEnabled == true)
        {
            yield return NotificationChannel.Webhook;
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Published notification {NotificationId} ({Kind}) for agency {TenantId} to {ChannelCount} channel(s)")]
    private static partial void LogPublished(ILogger logger, Guid tenantId, Guid notificationId, NotificationKind kind, int channelCount);
}
