using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace BouncePortal.Web.Tests.Integration;

public sealed class NotificationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Publish_EmailAndWebhook_DeliversBothOnce()
    {
        await using var sink = new SmtpSink();
        await using var hook = new WebhookListener();
        var agency = await AgencySession.CreateAsync(factory, "Notified Agency");
        var secret = await ConfigureAsync(agency.TenantId, sink, hook);
        var mailboxId = Guid.NewGuid();
        var occurredAt = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

        await Publisher().PublishAsync(new AgencyNotification(
            agency.TenantId, NotificationKind.AlertRaised, "Hard bounce rate 7.4% on anna@outreach-example.com",
            "Pause the mailbox and check the list.", mailboxId, occurredAt, "alert:1"));
        var notification = await SingleNotificationAsync(agency.TenantId);
        Assert.All(notification.Deliveries, d => Assert.NotNull(d.JobId));
        await RunJobAsync(agency.TenantId, notification.Id, NotificationChannel.Email);
        await RunJobAsync(agency.TenantId, notification.Id, NotificationChannel.Webhook);

        var message = Assert.Single(sink.Messages);
        Assert.Equal("alerts@agency.test", message.From);
        Assert.Equal(["ops@agency.test", "lead@agency.test"], message.Recipients);
        var mime = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(message.Data)));
        Assert.Equal("Hard bounce rate 7.4% on anna@outreach-example.com", mime.Subject);
        Assert.Contains("Pause the mailbox", mime.TextBody);

        var request = Assert.Single(hook.Requests);
        Assert.Equal("POST", request.Method);
        AssertSigned(request, secret);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal(notification.Id, json.RootElement.GetProperty("id").GetGuid());
        Assert.Equal("AlertRaised", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("Hard bounce rate 7.4% on anna@outreach-example.com", json.RootElement.GetProperty("subject").GetString());
        Assert.Equal("Pause the mailbox and check the list.", json.RootElement.GetProperty("body").GetString());
        Assert.Equal(mailboxId, json.RootElement.GetProperty("mailboxId").GetGuid());
        Assert.Equal(occurredAt, json.RootElement.GetProperty("occurredAt").GetDateTimeOffset());

        var delivered = await SingleNotificationAsync(agency.TenantId);
        Assert.All(delivered.Deliveries, d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        Assert.All(delivered.Deliveries, d => Assert.Equal(1, d.Attempts));
        Assert.All(delivered.Deliveries, d => Assert.NotNull(d.DeliveredAt));
        Assert.Equal(200, delivered.Deliveries.Single(d => d.Channel == NotificationChannel.Webhook).LastStatusCode);

        await RunJobAsync(agency.TenantId, notification.Id, NotificationChannel.Email);
        await RunJobAsync(agency.TenantId, notification.Id, NotificationChannel.Webhook);
        Assert.Single(sink.Messages);
        Assert.Single(hook.Requests);
    }

    [Fact]
    public async Task Webhook_ServerError_FailsJobThenDeliversOnce()
    {
        await using var hook = new WebhookListener();
        var agency = await AgencySession.CreateAsync(factory, "Retried Agency");
        var secret = await ConfigureAsync(agency.TenantId, sink: null, hook);
        hook.Statuses.Enqueue(500);
        await Publisher().PublishAsync(Notification(agency.TenantId, "alert:retry"));
        var notification = await SingleNotificationAsync(agency.TenantId);

        var failure = await Assert.ThrowsAsync<NotificationDeliveryException>(() => RunJobAsync(agency.TenantId, notification.Id, NotificationChannel.Webhook));

        Assert.Contains("HTTP 500", failure.Message);
        var failing = (await SingleNotificationAsync(agency.TenantId)).Deliveries.Single();
        Assert.Equal(DeliveryStatus.Failing, failing.Status);
        Assert.Equal(1, failing.Attempts);
        Assert.Equal(500, failing.LastStatusCode);
        Assert.Null(failing.DeliveredAt);

        await RunJobAsync(agency.TenantId, notification.Id, NotificationChannel.Webhook);
        await RunJobAsync(agency.TenantId, notification.Id, NotificationChannel.Webhook);

        Assert.Equal(2, hook.Requests.Count);
        Assert.All(hook.Requests, request => AssertSigned(request, secret));
        var delivered = (await SingleNotificationAsync(agency.TenantId)).Deliveries.Single();
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(200, delivered.LastStatusCode);
        Assert.Null(delivered.LastError);
    }

    [Fact]
    public async Task Webhook_NothingListening_FailsJobWithError()
    {
        var agency = await AgencySession.CreateAsync(factory, "Unreachable Agency");
        var closedPort = WebhookListener.FreePort();
        var saved = await Settings().SaveAsync(agency.TenantId, new NotificationSettingsForm { WebhookEnabled = true, WebhookUrl = $"http://127.0.0.1:{closedPort}/hook" }, CancellationToken.None);
        Assert.Null(saved.Problem);
        await Publisher().PublishAsync(Notification(agency.TenantId, "alert:unreachable"));
        var notification = await SingleNotificationAsync(agency.TenantId);

        await Assert.ThrowsAsync<NotificationDeliveryException>(() => RunJobAsync(agency.TenantId, notification.Id, NotificationChannel.Webhook));

        var delivery = (await SingleNotificationAsync(agency.TenantId)).Deliveries.Single();
        Assert.Equal(DeliveryStatus.Failing, delivery.Status);
        Assert.Contains("could not be reached", delivery.LastError);
        Assert.Null(delivery.LastStatusCode);
    }

    [Fact]
    public async Task Publish_SameKeyTwice_DeliversOnce()
    {
        await using var sink = new SmtpSink();
        await using var hook = new WebhookListener();
        var agency = await AgencySession.CreateAsync(factory, "Deduplicated Agency");
        await ConfigureAsync(agency.TenantId, sink, hook);

        await Publisher().PublishAsync(Notification(agency.TenantId, "workflow:9:resumed"));
        var first = await SingleNotificationAsync(agency.TenantId);
        await Publisher().PublishAsync(Notification(agency.TenantId, "workflow:9:resumed") with { Subject = "A second copy" });
        var second = await SingleNotificationAsync(agency.TenantId);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("Mailbox paused", second.Subject);
        Assert.Equal(
            first.Deliveries.OrderBy(d => d.Channel).Select(d => d.JobId),
            second.Deliveries.OrderBy(d => d.Channel).Select(d => d.JobId));
        foreach (var delivery in second.Deliveries)
        {
            await RunJobAsync(agency.TenantId, second.Id, delivery.Channel);
        }

        Assert.Single(sink.Messages);
        Assert.Single(hook.Requests);
    }

    [Fact]
    public async Task Publish_NoChannelOn_StoresWithoutDeliveries()
    {
        var agency = await AgencySession.CreateAsync(factory, "Quiet Agency");

        await Publisher().PublishAsync(Notification(agency.TenantId, "alert:quiet"));

        var notification = await SingleNotificationAsync(agency.TenantId);
        Assert.Empty(notification.Deliveries);
    }

    [Fact]
    public async Task Delivery_ChannelTurnedOff_IsSkipped()
    {
        await using var hook = new WebhookListener();
        var agency = await AgencySession.CreateAsync(factory, "Turned Off Agency");
        await ConfigureAsync(agency.TenantId, sink: null, hook);
        await Publisher().PublishAsync(Notification(agency.TenantId, "alert:off"));
        var form = await Settings().GetAsync(agency.TenantId, CancellationToken.None);
        form.WebhookEnabled = false;
        await Settings().SaveAsync(agency.TenantId, form, CancellationToken.None);
        var notification = await SingleNotificationAsync(agency.TenantId);

        await RunJobAsync(agency.TenantId, notification.Id, NotificationChannel.Webhook);

        Assert.Empty(hook.Requests);
        Assert.Equal(DeliveryStatus.Skipped, (await SingleNotificationAsync(agency.TenantId)).Deliveries.Single().Status);
    }

    [Fact]
    public async Task SendTests_ReachSinkAndListener()
    {
        await using var sink = new SmtpSink();
        await using var hook = new WebhookListener();
        var agency = await AgencySession.CreateAsync(factory, "Tested Agency");
        var secret = await ConfigureAsync(agency.TenantId, sink, hook);

        var email = await Settings().SendTestEmailAsync(agency.TenantId, CancellationToken.None);
        var webhook = await Settings().SendTestWebhookAsync(agency.TenantId, CancellationToken.None);

        Assert.True(email.Succeeded, email.Error);
        Assert.True(webhook.Succeeded, webhook.Error);
        Assert.Contains("BouncePortal test notification", Assert.Single(sink.Messages).Data);
        var request = Assert.Single(hook.Requests);
        AssertSigned(request, secret);
        Assert.Contains("\"kind\":\"Test\"", Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public async Task SendTestEmail_NothingListening_ReportsFailure()
    {
        var agency = await AgencySession.CreateAsync(factory, "Failed Test Agency");
        await Settings().SaveAsync(agency.TenantId, EmailForm(WebhookListener.FreePort()), CancellationToken.None);

        var result = await Settings().SendTestEmailAsync(agency.TenantId, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("SMTP server 127.0.0.1", result.Error);
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("hooks.example.com/x")]
    [InlineData("/relative/path")]
    public async Task Save_InvalidWebhookUrl_ReturnsClearError(string url)
    {
        var agency = await AgencySession.CreateAsync(factory, "Invalid Url Agency");

        var result = await Settings().SaveAsync(agency.TenantId, new NotificationSettingsForm { WebhookEnabled = true, WebhookUrl = url }, CancellationToken.None);

        Assert.Contains($"'{url}' is not an absolute http or https URL", result.Problem);
        Assert.Null((await Settings().GetAsync(agency.TenantId, CancellationToken.None)).WebhookUrl);
    }

    [Fact]
    public async Task Save_InvalidEmailSettings_ReturnsClearErrors()
    {
        var agency = await AgencySession.CreateAsync(factory, "Invalid Email Agency");
        var badPort = EmailForm(0);
        var badRecipient = EmailForm(25);
        badRecipient.Recipients = "ops@agency.test\nnot-an-address";
        var noHost = EmailForm(25);
        noHost.SmtpHost = " ";

        Assert.Contains("SMTP port 0 is invalid", (await Settings().SaveAsync(agency.TenantId, badPort, CancellationToken.None)).Problem);
        Assert.Contains("Recipient 'not-an-address' is not a valid email address", (await Settings().SaveAsync(agency.TenantId, badRecipient, CancellationToken.None)).Problem);
        Assert.Contains("SMTP host is missing", (await Settings().SaveAsync(agency.TenantId, noHost, CancellationToken.None)).Problem);
    }

    [Fact]
    public async Task Secrets_StoredProtectedAndKeptOnEmptyPassword()
    {
        var agency = await AgencySession.CreateAsync(factory, "Protected Agency");
        var form = EmailForm(25);
        form.SmtpUserName = "alerts";
        form.NewSmtpPassword = "smtp-password-123";
        form.WebhookEnabled = true;
        form.WebhookUrl = "http://127.0.0.1:9/hook";

        var saved = await Settings().SaveAsync(agency.TenantId, form, CancellationToken.None);
        var reloaded = await Settings().GetAsync(agency.TenantId, CancellationToken.None);
        reloaded.NewSmtpPassword = null;
        var resaved = await Settings().SaveAsync(agency.TenantId, reloaded, CancellationToken.None);

        Assert.StartsWith("whsec_", saved.NewWebhookSecret);
        Assert.Null(resaved.NewWebhookSecret);
        Assert.True(reloaded.HasSmtpPassword);
        Assert.True(reloaded.HasWebhookSecret);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var row = await db.NotificationSettings.SingleAsync();
        Assert.DoesNotContain("smtp-password-123", row.SmtpPasswordProtected);
        Assert.DoesNotContain(saved.NewWebhookSecret!, row.WebhookSecretProtected);
        var secrets = factory.Services.GetRequiredService<NotificationSecrets>();
        Assert.Equal("smtp-password-123", secrets.Unprotect(agency.TenantId, row.SmtpPasswordProtected!, "SMTP password"));
        Assert.Throws<NotificationSecretException>(() => secrets.Unprotect(Guid.NewGuid(), row.SmtpPasswordProtected!, "SMTP password"));
    }

    [Fact]
    public async Task OtherAgency_CannotReadSettingsOrDeliveries()
    {
        await using var hook = new WebhookListener();
        var owner = await AgencySession.CreateAsync(factory, "Notification Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Notification Other Agency");
        await ConfigureAsync(owner.TenantId, sink: null, hook);
        await Publisher().PublishAsync(Notification(owner.TenantId, "alert:private"));
        var notification = await SingleNotificationAsync(owner.TenantId);

        var otherForm = await Settings().GetAsync(other.TenantId, CancellationToken.None);
        var otherLog = await Settings().ListRecentAsync(other.TenantId, 50, CancellationToken.None);
        await RunJobAsync(other.TenantId, notification.Id, NotificationChannel.Webhook);
        var otherPage = await other.GetPageAsync("/settings/notifications");
        var ownerPage = await owner.GetPageAsync("/settings/notifications");

        Assert.Null(otherForm.WebhookUrl);
        Assert.False(otherForm.HasWebhookSecret);
        Assert.Empty(otherLog);
        Assert.Empty(hook.Requests);
        Assert.Equal(DeliveryStatus.Pending, (await SingleNotificationAsync(owner.TenantId)).Deliveries.Single().Status);
        Assert.DoesNotContain(hook.Url, otherPage);
        Assert.Contains("delivery-log-empty", otherPage);
        Assert.Contains(hook.Url, ownerPage);
        Assert.Contains("Mailbox paused", ownerPage);
        await using var db = factory.OpenDatabase(other.TenantId);
        Assert.False(await db.NotificationSettings.AnyAsync());
        Assert.False(await db.NotificationDeliveries.AnyAsync());
    }

    private static AgencyNotification Notification(Guid tenantId, string key) => new(
        tenantId, NotificationKind.WorkflowTransition, "Mailbox paused", "anna@outreach-example.com is paused for 48 hours.",
        null, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), key);

    private static NotificationSettingsForm EmailForm(int port) => new()
    {
        EmailEnabled = true,
        SmtpHost = "127.0.0.1",
        SmtpPort = port,
        SmtpTls = SmtpTlsMode.None,
        FromAddress = "alerts@agency.test",
        Recipients = "ops@agency.test\nlead@agency.test",
    };

    private async Task<string> ConfigureAsync(Guid tenantId, SmtpSink? sink, WebhookListener hook)
    {
        var form = sink is null ? new NotificationSettingsForm() : EmailForm(sink.Port);
        form.WebhookEnabled = true;
        form.WebhookUrl = hook.Url;

        var saved = await Settings().SaveAsync(tenantId, form, CancellationToken.None);

        Assert.Null(saved.Problem);
        return saved.NewWebhookSecret ?? throw new InvalidOperationException("No webhook secret was generated.");
    }

    private static void AssertSigned(WebhookRequest request, string secret)
    {
        var timestamp = request.Headers["X-BouncePortal-Timestamp"];
        var payload = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload));

        Assert.Equal(expected, request.Headers["X-BouncePortal-Signature"]);
        Assert.True(long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
    }

    private async Task<StoredNotification> SingleNotificationAsync(Guid tenantId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        return await db.Notifications.AsNoTracking().Include(n => n.Deliveries).SingleAsync();
    }

    private async Task RunJobAsync(Guid tenantId, Guid notificationId, NotificationChannel channel)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverNotificationJob>().RunAsync(tenantId, notificationId, channel, CancellationToken.None);
    }

    private INotificationPublisher Publisher() => factory.Services.CreateScope().ServiceProvider.GetRequiredService<INotificationPublisher>();

    private NotificationSettingsService Settings() => factory.Services.CreateScope().ServiceProvider.GetRequiredService<NotificationSettingsService>();
}
