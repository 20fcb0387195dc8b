using BouncePortal.Domain.Presentation;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Describes a change of notification settings for the audit log. Recipient addresses, the From
/// address, the SMTP user name and password and the webhook secret are never written. The text
/// states only that they changed, with a count for the recipients. Of the webhook URL it gives
/// only the host, because URLs such as chat webhooks carry a token in the path.
/// </summary>
internal static class NotificationSettingsChanges
{
    /// <summary>Copies the values of <paramref name="settings"/> that a change is compared on.</summary>
    public static NotificationSettingsSnapshot Snapshot(NotificationSettings settings) => new(
        settings.EmailEnabled,
        settings.SmtpHost,
        settings.SmtpPort,
        settings.SmtpTls,
        settings.SmtpUserName,
        settings.SmtpPasswordProtected is not null,
        settings.FromAddress,
        NotificationSettingsForm.SplitRecipients(settings.Recipients).Count,
        settings.Recipients,
        settings.WebhookEnabled,
        settings.WebhookUrl,
        settings.WebhookSecretProtected is not null);

    /// <summary>Lists what changed from <paramref name="before"/> to <paramref name="after"/>, such as "SMTP port: 587 to 465".</summary>
    public static List<string> Describe(NotificationSettingsSnapshot before, NotificationSettingsSnapshot after, NotificationSettingsForm form)
    {
        var changes = new List<string>();
        if (before.EmailEnabled != after.EmailEnabled)
        {
            changes.Add(after.EmailEnabled ? "email notifications on" : "email notifications off");
        }

        Compare(changes, "SMTP host", before.SmtpHost ?? "none", after.SmtpHost ?? "none");
        Compare(changes, "SMTP port", before.SmtpPort, after.SmtpPort);
        Compare(changes, "SMTP encryption", EnumWords.Of(before.SmtpTls), EnumWords.Of(after.SmtpTls));
        Changed(changes, "SMTP user name changed", before.SmtpUserName, after.SmtpUserName);
        if (form.ClearSmtpPassword && before.HasSmtpPassword)
        {
            changes.Add("SMTP password removed");
        }
        else if (!form.ClearSmtpPassword && !string.IsNullOrEmpty(form.NewSmtpPassword))
        {
            changes.Add("SMTP password replaced");
        }

        Changed(changes, "From address changed", before.FromAddress, after.FromAddress);
        if (!string.Equals(before.Recipients, after.Recipients, StringComparison.OrdinalIgnoreCase))
        {
            changes.Add($"recipients changed: {before.RecipientCount} to {after.RecipientCount} addresses");
        }

        if (before.WebhookEnabled != after.WebhookEnabled)
        {
            changes.Add(after.WebhookEnabled ? "webhook on" : "webhook off");
        }

        if (!string.Equals(before.WebhookUrl, after.WebhookUrl, StringComparison.Ordinal))
        {
            changes.Add($"webhook URL changed: host {Host(before.WebhookUrl)} to {Host(after.WebhookUrl)}");
        }

        if (!before.HasWebhookSecret && after.HasWebhookSecret)
        {
            changes.Add("webhook secret generated");
        }

        return changes;
    }

    private static void Compare<T>(List<string> changes, string name, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            changes.Add($"{name}: {before} to {after}");
        }
    }

    private static void Changed(List<string> changes, string text, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add(text);
        }
    }

    private static string Host(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "none";
}

/// <summary>
/// The values of stored notification settings that an audit entry compares.
/// </summary>
internal sealed record NotificationSettingsSnapshot(
    bool EmailEnabled,
    string? SmtpHost,
    int SmtpPort,
    SmtpTlsMode SmtpTls,
    string? SmtpUserName,
    bool HasSmtpPassword,
    string? FromAddress,
    int RecipientCount,
    string? Recipients,
    bool WebhookEnabled,
    string? WebhookUrl,
    bool HasWebhookSecret);
