using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// A published notification, stored once per agency and deduplication key, with its deliveries.
/// </summary>
public sealed class StoredNotification : ITenantOwned
{
    /// <summary>The longest deduplication key stored.</summary>
    public const int MaxDeduplicationKeyLength = 200;

    /// <summary>The longest subject stored.</summary>
    public const int MaxSubjectLength = 500;

    /// <summary>The row id, sent as the webhook's <c>id</c>.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>What happened.</summary>
    public NotificationKind Kind { get; set; }

    /// <summary>The one-line summary.</summary>
    public required string Subject { get; set; }

    /// <summary>The details in plain text.</summary>
    public required string Body { get; set; }

    /// <summary>The mailbox it concerns, when there is one.</summary>
    public Guid? MailboxId { get; set; }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The publisher's key for the event; unique per agency.</summary>
    public required string DeduplicationKey { get; set; }

    /// <summary>When it was published.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>One delivery per channel that was on at publishing.</summary>
    public List<NotificationDelivery> Deliveries { get; set; } = [];
}

/// <summary>
/// The delivery of one notification through one channel: its attempts and result.
/// </summary>
public sealed class NotificationDelivery : ITenantOwned
{
    /// <summary>The longest error stored.</summary>
    public const int MaxErrorLength = 1000;

    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The notification delivered.</summary>
    public Guid NotificationId { get; set; }

    /// <summary>The channel.</summary>
    public NotificationChannel Channel { get; set; }

    /// <summary>The delivery's state.</summary>
    public DeliveryStatus Status { get; set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The HTTP status code of the last webhook attempt, when one was received.</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>What went wrong on the last attempt.</summary>
    public string? LastError { get; set; }

    /// <summary>When the last attempt started.</summary>
    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>When the channel accepted the notification.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>The Hangfire job that delivers it; null until the job is queued.</summary>
    public string? JobId { get; set; }
}

/// <summary>
/// A way an agency hears about notifications.
/// </summary>
public enum NotificationChannel
{
    /// <summary>Email through the agency's SMTP server.</summary>
    Email,

    /// <summary>A signed HTTP POST to the agency's webhook.</summary>
    Webhook,
}

/// <summary>
/// The state of a delivery.
/// </summary>
public enum DeliveryStatus
{
    /// <summary>Queued, not attempted yet.</summary>
    Pending,

    /// <summary>The last attempt failed; Hangfire retries it with growing delays.</summary>
    Failing,

    /// <summary>The channel accepted it; it is never sent again.</summary>
    Delivered,

    /// <summary>The channel was turned off before the delivery ran.</summary>
    Skipped,
}
