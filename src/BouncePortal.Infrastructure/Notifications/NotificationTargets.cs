namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Turns stored settings into the targets the senders need, decrypting the secrets.
/// </summary>
public sealed class NotificationTargets(NotificationSecrets secrets)
{
    /// <summary>Returns the SMTP target, or null when email has no host, sender or recipients.</summary>
    public SmtpTarget? Email(NotificationSettings settings)
    {
        var recipients = NotificationSettingsForm.SplitRecipients(settings.Recipients);
        if (string.IsNullOrWhiteSpace(settings.SmtpHost) || string.IsNullOrWhiteSpace(settings.FromAddress) || recipients.Count == 0)
        {
            return null;
        }

        var password = settings.SmtpPasswordProtected is { } protectedPassword
            ? secrets.Unprotect(settings.TenantId, protectedPassword, "SMTP password")
            : null;
        return new SmtpTarget(settings.SmtpHost, settings.SmtpPort, settings.SmtpTls, settings.SmtpUserName, password, settings.FromAddress, recipients);
    }

    /// <summary>Returns the webhook URL and secret, or null when either is missing.</summary>
    public (Uri Url, string Secret)? Webhook(NotificationSettings settings)
    {
        if (WebhookNotificationSender.ValidateUrl(settings.WebhookUrl, out var url) is not null || settings.WebhookSecretProtected is null)
        {
            return null;
        }

        return (url!, secrets.Unprotect(settings.TenantId, settings.WebhookSecretProtected, "webhook secret"));
    }
}
