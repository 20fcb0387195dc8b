using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// An agency's notification channels: its own SMTP server for email and an outbound webhook.
/// Secrets are stored protected with ASP.NET Core Data Protection, never in plain text.
/// </summary>
public sealed class NotificationSettings : ITenantOwned
{
    /// <summary>The row id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>Whether notifications go out by email.</summary>
    public bool EmailEnabled { get; set; }

    /// <summary>The SMTP server's host name or IP address.</summary>
    public string? SmtpHost { get; set; }

    /// <summary>The SMTP server's port. Default 587 (submission).</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary>How the connection to the SMTP server is encrypted.</summary>
    public SmtpTlsMode SmtpTls { get; set; } = SmtpTlsMode.StartTls;

    /// <summary>The SMTP user name; empty when the server needs no authentication.</summary>
    public string? SmtpUserName { get; set; }

    /// <summary>The SMTP password, protected with Data Protection.</summary>
    public string? SmtpPasswordProtected { get; set; }

    /// <summary>The sender address of notification emails.</summary>
    public string? FromAddress { get; set; }

    /// <summary>The recipient addresses, one per line.</summary>
    public string? Recipients { get; set; }

    /// <summary>Whether notifications go out to the webhook.</summary>
    public bool WebhookEnabled { get; set; }

    /// <summary>The absolute http or https URL notifications are posted to.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The secret that signs webhook bodies, protected with Data Protection.</summary>
    public string? WebhookSecretProtected { get; set; }

    /// <summary>When the settings last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// How the connection to an SMTP server is encrypted.
/// </summary>
public enum SmtpTlsMode
{
    /// <summary>STARTTLS is required (usual on port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usual on port 465).</summary>
    SslOnConnect,

    /// <summary>STARTTLS when the server offers it, plain text otherwise.</summary>
    StartTlsWhenAvailable,

    /// <summary>No encryption: only for a relay on the same host or network.</summary>
    None,
}
