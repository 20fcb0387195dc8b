using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Alerts;

/// <summary>
/// Builds the rows a health check reads: inventory mailboxes and the hourly rollups of a
/// completed upload, as the upload job would store them.
/// </summary>
internal static class AlertTestData
{
    public static async Task<SendingMailbox> AddMailboxAsync(this PortalFactory factory, Guid tenantId, string address, int currentVolume = 40, int targetVolume = 35)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var inventory = scope.ServiceProvider.GetRequiredService<MailboxInventoryService>();
        var result = await inventory.AddAsync(tenantId, new MailboxDraft
        {
            Address = address,
            CurrentDailyVolume = currentVolume,
            TargetDailyVolume = targetVolume,
            WarmupEnabled = true,
        }, CancellationToken.None);

        return result.Mailbox ?? throw new InvalidOperationException(result.Problem);
    }

    /// <summary>Stores an open soft-rate alert of <paramref name="mailbox"/> titled <paramref name="title"/> and returns its id.</summary>
    public static async Task<Guid> AddOpenAlertAsync(this PortalFactory factory, Guid tenantId, SendingMailbox mailbox, string title)
    {
        await using var db = factory.OpenDatabase(tenantId);
        var alert = new HealthAlert
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            MailboxId = mailbox.Id,
            MailboxAddress = mailbox.Address,
            Condition = AlertConditions.SoftRate,
            Title = title,
            Evidence = "65 of 1,000 sent soft-bounced",
            State = AlertState.Open,
            OpenKey = HealthAlert.KeyFor(mailbox.Id, AlertConditions.SoftRate),
            RaisedAt = DateTimeOffset.UtcNow,
        };
        db.HealthAlerts.Add(alert);
        await db.SaveChangesAsync();
        return alert.Id;
    }

    /// <summary>Stores a completed upload whose rollups count <paramref name="sent"/> pairs of the mailbox in one hour.</summary>
    public static async Task AddSendsAsync(this PortalFactory factory, Guid tenantId, string address, DateTimeOffset hour, long sent, long soft, long hard = 0)
    {
        await using var db = factory.OpenDatabase(tenantId);
        var upload = new Upload
        {
            Id = Guid.NewGuid(),
            FileName = "maillog",
            Status = UploadStatus.Completed,
            UploadedAt = hour,
            FinishedAt = hour,
        };
        db.Uploads.Add(upload);
        var hourUtc = new DateTime(hour.UtcDateTime.Year, hour.UtcDateTime.Month, hour.UtcDateTime.Day, hour.UtcDateTime.Hour, 0, 0, DateTimeKind.Utc);
        db.Rollups.Add(new BounceRollup { UploadId = upload.Id, HourUtc = hourUtc, Kind = SliceKind.Mailbox, Key = address, Sent = sent, SoftBounced = soft, HardBounced = hard });
        db.Rollups.Add(new BounceRollup { UploadId = upload.Id, HourUtc = hourUtc, Kind = SliceKind.Agency, Key = string.Empty, Sent = sent, SoftBounced = soft, HardBounced = hard });
        await db.SaveChangesAsync();
    }

    public static async Task UpdateSettingsAsync(this PortalFactory factory, Guid tenantId, Action<AgencySettings> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<AgencySettingsService>();
        var settings = await service.GetAsync(tenantId, CancellationToken.None);
        change(settings);
        var problem = await service.SaveAsync(tenantId, settings, CancellationToken.None);
        Assert.Empty(problem.Problems);
    }

    public static async Task<T> WithServiceAsync<T, TService>(this PortalFactory factory, Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
