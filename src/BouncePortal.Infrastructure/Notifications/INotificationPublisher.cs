namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Sends an agency's alerts and workflow steps to the channels the agency configured
/// (email through its SMTP server, an outbound webhook). Publishing records the notification
/// and hands delivery to background jobs, so it returns quickly and delivery retries on failure.
/// </summary>
public interface INotificationPublisher
{
    /// <summary>
    /// Records <paramref name="notification"/> and queues its delivery. Publishing the same
    /// <see cref="AgencyNotification.DeduplicationKey"/> twice for one agency delivers it once.
    /// </summary>
    Task PublishAsync(AgencyNotification notification, CancellationToken cancellationToken = default);
}

/// <summary>
/// One event an agency's staff should hear about.
/// </summary>
/// <param name="TenantId">The agency.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">A one-line summary, used as the email subject.</param>
/// <param name="Body">The details in plain text: the evidence and what to do next.</param>
/// <param name="MailboxId">The mailbox it concerns, when there is one.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="DeduplicationKey">A key unique to this event, such as "alert:{id}" or "workflow:{id}:resumed".</param>
public sealed record AgencyNotification(
    Guid TenantId,
    NotificationKind Kind,
    string Subject,
    string Body,
    Guid? MailboxId,
    DateTimeOffset OccurredAt,
    string DeduplicationKey);

/// <summary>
/// What a notification reports.
/// </summary>
public enum NotificationKind
{
    /// <summary>A health check raised an alert.</summary>
    AlertRaised,

    /// <summary>A stop-the-bleed workflow moved to its next state.</summary>
    WorkflowTransition,
}
