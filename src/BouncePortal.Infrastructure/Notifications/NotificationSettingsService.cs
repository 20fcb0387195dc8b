using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Reads and changes an agency's notification channels, sends test messages and lists deliveries.
/// Changes go to the audit log without recipient addresses, the SMTP password or the webhook secret.
/// </summary>
public sealed class NotificationSettingsService(
    TenantDbContextFactory databases,
    IAuditLog audit,
    NotificationSecrets secrets,
    NotificationTargets targets,
    EmailNotificationSender email,
    WebhookNotificationSender webhook,
    TimeProvider time)
{
    /// <summary>Loads the agency's settings; an agency that saved none gets the defaults.</summary>
    public async Task<NotificationSettingsForm> GetAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var settings = await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            return new NotificationSettingsForm();
        }

        return new NotificationSettingsForm
        {
            EmailEnabled = settings.EmailEnabled,
            SmtpHost = settings.SmtpHost,
            SmtpPort = settings.SmtpPort,
            SmtpTls = settings.SmtpTls,
            SmtpUserName = settings.SmtpUserName,
            HasSmtpPassword = settings.SmtpPasswordProtected is not null,
            FromAddress = settings.FromAddress,
            Recipients = settings.Recipients,
            WebhookEnabled = settings.WebhookEnabled,
            WebhookUrl = settings.WebhookUrl,
            HasWebhookSecret = settings.WebhookSecretProtected is not null,
        };
    }

    /// <summary>
    /// Saves the settings or returns what is wrong with them. Turning the webhook on without a
    /// secret generates one, returned once in <see cref="NotificationSaveResult.NewWebhookSecret"/>.
    /// </summary>
    public async Task<NotificationSaveResult> SaveAsync(Guid tenantId, NotificationSettingsForm form, CancellationToken cancellationToken)
    {
        if (form.Validate() is { } problem)
        {
            return new NotificationSaveResult(problem, null);
        }

        await using var db = databases.CreateForTenant(tenantId);
        var settings = await LoadOrAddAsync(db, tenantId, cancellationToken);
        var before = NotificationSettingsChanges.Snapshot(settings);
        settings.EmailEnabled = form.EmailEnabled;
        settings.SmtpHost = Trimmed(form.SmtpHost);
        settings.SmtpPort = form.SmtpPort;
        settings.SmtpTls = form.SmtpTls;
        settings.SmtpUserName = Trimmed(form.SmtpUserName);
        settings.FromAddress = Trimmed(form.FromAddress);
        settings.Recipients = string.Join('\n', NotificationSettingsForm.SplitRecipients(form.Recipients)) is { Length: > 0 } list ? list : null;
        settings.WebhookEnabled = form.WebhookEnabled;
        settings.WebhookUrl = Trimmed(form.WebhookUrl);
        settings.UpdatedAt = time.GetUtcNow();

        if (form.ClearSmtpPassword)
        {
            settings.SmtpPasswordProtected = null;
        }
        else if (!string.IsNullOrEmpty(form.NewSmtpPassword))
        {
            settings.SmtpPasswordProtected = secrets.Protect(tenantId, form.NewSmtpPassword);
        }

        string? newSecret = null;
        if (settings.WebhookEnabled && settings.WebhookSecretProtected is null)
        {
            newSecret = NotificationSecrets.NewWebhookSecret();
            settings.WebhookSecretProtected = secrets.Protect(tenantId, newSecret);
        }

        await db.SaveChangesAsync(cancellationToken);
        var changes = NotificationSettingsChanges.Describe(before, NotificationSettingsChanges.Snapshot(settings), form);
        if (changes.Count > 0)
        {
            await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.NotificationSettingsChanged, string.Join("; ", changes)), cancellationToken);
        }

        return new NotificationSaveResult(null, newSecret);
    }

    /// <summary>Replaces the webhook secret with a new one and returns it; the portal never shows it again.</summary>
    public async Task<string> RegenerateWebhookSecretAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var settings = await LoadOrAddAsync(db, tenantId, cancellationToken);
        var secret = NotificationSecrets.NewWebhookSecret();
        settings.WebhookSecretProtected = secrets.Protect(tenantId, secret);
        settings.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.NotificationSettingsChanged, "webhook secret replaced"), cancellationToken);
        return secret;
    }

    /// <summary>Sends a test email with the saved settings right away, without a job or a retry.</summary>
    public async Task<ChannelResult> SendTestEmailAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var settings = await LoadAsync(tenantId, cancellationToken);
        try
        {
            var target = settings is null ? null : targets.Email(settings);
            if (target is null)
            {
                return ChannelResult.Failed("Save an SMTP host, a From address and at least one recipient first.");
            }

            return await email.SendAsync(
                target,
                "BouncePortal test notification",
                $"This test from BouncePortal was sent at {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC. Alerts and workflow changes arrive the same way.",
                messageId: null,
                cancellationToken);
        }
        catch (NotificationSecretException exception)
        {
            return ChannelResult.Failed(exception.Message);
        }
    }

    /// <summary>Posts a signed test request to the saved webhook right away, without a job or a retry.</summary>
    public async Task<ChannelResult> SendTestWebhookAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var settings = await LoadAsync(tenantId, cancellationToken);
        try
        {
            if (settings is null || targets.Webhook(settings) is not { } hook)
            {
                return ChannelResult.Failed("Save a webhook URL and generate its secret first.");
            }

            var payload = new WebhookPayload(
                Guid.NewGuid(), "Test", "BouncePortal test notification", "A test request from the notification settings.", null, time.GetUtcNow());
            return await webhook.SendAsync(hook.Url, hook.Secret, payload, cancellationToken);
        }
        catch (NotificationSecretException exception)
        {
            return ChannelResult.Failed(exception.Message);
        }
    }

    /// <summary>Returns the agency's latest notifications with their deliveries, newest first.</summary>
    public async Task<IReadOnlyList<StoredNotification>> ListRecentAsync(Guid tenantId, int count, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        return await db.Notifications.AsNoTracking()
            .OrderByDescending(n => n.CreatedAt)
            .Take(count)
            .Include(n => n.Deliveries)
            .ToListAsync(cancellationToken);
    }

    private async Task<NotificationSettings?> LoadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        return await db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
    }

    private static async Task<NotificationSettings> LoadOrAddAsync(BouncePortalDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        var settings = await db.NotificationSettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new NotificationSettings { Id = Guid.NewGuid(), TenantId = tenantId };
            db.NotificationSettings.Add(settings);
        }

        return settings;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// The outcome of saving notification settings.
/// </summary>
/// <param name="Problem">What is wrong with the settings; null when they were saved.</param>
/// <param name="NewWebhookSecret">A webhook secret generated by this save, to show once.</param>
public sealed record NotificationSaveResult(string? Problem, string? NewWebhookSecret);
