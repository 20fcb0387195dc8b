using MimeKit;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// The editable notification settings of an agency. Secrets are never read back: the form shows
/// only whether one is stored.
/// </summary>
public sealed class NotificationSettingsForm
{
    /// <summary>Whether notifications go out by email. Default false.</summary>
    public bool EmailEnabled { get; set; }

    /// <summary>The SMTP server's host name or IP address.</summary>
    public string? SmtpHost { get; set; }

    /// <summary>The SMTP server's port, 1 to 65535. Default 587.</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary>How the SMTP connection is encrypted. Default STARTTLS.</summary>
    public SmtpTlsMode SmtpTls { get; set; } = SmtpTlsMode.StartTls;

    /// <summary>The SMTP user name; empty for a server without authentication.</summary>
    public string? SmtpUserName { get; set; }

    /// <summary>A new SMTP password; empty keeps the stored one.</summary>
    public string? NewSmtpPassword { get; set; }

    /// <summary>Removes the stored SMTP password when true.</summary>
    public bool ClearSmtpPassword { get; set; }

    /// <summary>True when a password is stored.</summary>
    public bool HasSmtpPassword { get; set; }

    /// <summary>The sender address.</summary>
    public string? FromAddress { get; set; }

    /// <summary>The recipient addresses, separated by lines, commas or semicolons.</summary>
    public string? Recipients { get; set; }

    /// <summary>Whether notifications go out to the webhook. Default false.</summary>
    public bool WebhookEnabled { get; set; }

    /// <summary>The absolute http or https URL notifications are posted to.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>True when a webhook secret is stored.</summary>
    public bool HasWebhookSecret { get; set; }

    /// <summary>Returns what is wrong with the form, or null when it can be saved.</summary>
    public string? Validate()
    {
        if (SmtpPort is < 1 or > 65535)
        {
            return $"SMTP port {SmtpPort} is invalid: enter a port from 1 to 65535 (587 for STARTTLS, 465 for TLS on connect).";
        }

        if (!string.IsNullOrWhiteSpace(FromAddress) && !IsAddress(FromAddress))
        {
            return $"From address '{FromAddress.Trim()}' is not a valid email address.";
        }

        if (SplitRecipients(Recipients).FirstOrDefault(r => !IsAddress(r)) is { } badRecipient)
        {
            return $"Recipient '{badRecipient}' is not a valid email address. Enter one address per line.";
        }

        if (EmailEnabled && EmailProblem() is { } emailProblem)
        {
            return emailProblem;
        }

        if (WebhookEnabled || !string.IsNullOrWhiteSpace(WebhookUrl))
        {
            return WebhookNotificationSender.ValidateUrl(WebhookUrl, out _);
        }

        return null;
    }

    /// <summary>Splits a recipient list on lines, commas and semicolons, trimmed, without empty entries.</summary>
    public static IReadOnlyList<string> SplitRecipients(string? recipients) =>
        (recipients ?? string.Empty)
            .Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private string? EmailProblem()
    {
        if (string.IsNullOrWhiteSpace(SmtpHost))
        {
            return "Email is on but the SMTP host is missing. Enter your SMTP server's host name, or turn email off.";
        }

        if (string.IsNullOrWhiteSpace(FromAddress))
        {
            return "Email is on but the From address is missing. Enter the address notifications are sent from.";
        }

        return SplitRecipients(Recipients).Count == 0
            ? "Email is on but no recipient is set. Enter at least one address, one per line."
            : null;
    }

    private static bool IsAddress(string text) =>
        MailboxAddress.TryParse(text.Trim(), out var address) && address.Address.Contains('@', StringComparison.Ordinal);
}
