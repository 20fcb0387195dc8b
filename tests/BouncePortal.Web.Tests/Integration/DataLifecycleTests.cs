using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Lifecycle;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed partial class DataLifecycleTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Retention_ExpiredUploadsOfOneAgency()
    {
        var north = await AgencySession.CreateAsync(factory, "Retention North");
        var south = await AgencySession.CreateAsync(factory, "Retention South");
        var expired = await IngestAsync(north.TenantId, "old.log");
        var recent = await IngestAsync(north.TenantId, "new.log");
        var southExpired = await IngestAsync(south.TenantId, "south-old.log");
        await AgeAsync(north.TenantId, expired.Id, days: 181);
        await AgeAsync(north.TenantId, recent.Id, days: 179);
        await AgeAsync(south.TenantId, southExpired.Id, days: 400);
        var storage = factory.Services.GetRequiredService<UploadStorage>();
        Assert.True(await CountDerivedAsync(north.TenantId, expired.Id) > 0);

        int first, second;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var retention = scope.ServiceProvider.GetRequiredService<RetentionService>();
            first = await retention.RunPassAsync(north.TenantId, CancellationToken.None);
            second = await retention.RunPassAsync(north.TenantId, CancellationToken.None);
        }

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(0, await CountDerivedAsync(north.TenantId, expired.Id));
        Assert.False(File.Exists(storage.GetPath(north.TenantId, expired.Id)));
        await using (var db = factory.OpenDatabase(north.TenantId))
        {
            Assert.Equal([recent.Id], await db.Uploads.Select(u => u.Id).ToListAsync());
        }

        Assert.True(await CountDerivedAsync(north.TenantId, recent.Id) > 0);
        Assert.True(File.Exists(storage.GetPath(north.TenantId, recent.Id)));
        Assert.True(await CountDerivedAsync(south.TenantId, southExpired.Id) > 0);
        Assert.True(File.Exists(storage.GetPath(south.TenantId, southExpired.Id)));
        var audit = Assert.Single(await AuditEntriesAsync(north.TenantId), r => r.Action == AuditActions.Deletion);
        Assert.Contains("1 upload(s)", audit.Details);
        Assert.Contains("180 days", audit.Details);
    }

    [Fact]
    public async Task Retention_AgencySetting()
    {
        var session = await AgencySession.CreateAsync(factory, "Short Retention");
        var upload = await IngestAsync(session.TenantId, "month.log");
        await AgeAsync(session.TenantId, upload.Id, days: 31);
        await using var scope = factory.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<AgencySettingsService>();
        var retention = scope.ServiceProvider.GetRequiredService<RetentionService>();

        Assert.Equal(0, await retention.RunPassAsync(session.TenantId, CancellationToken.None));
        var current = await settings.GetAsync(session.TenantId, CancellationToken.None);
        Assert.Equal(180, current.RetentionDays);
        current.RetentionDays = 3;
        Assert.Contains("between 7 and 3650", (await settings.SaveAsync(session.TenantId, current, CancellationToken.None)).Summary);
        current.RetentionDays = 30;
        Assert.Empty((await settings.SaveAsync(session.TenantId, current, CancellationToken.None)).Problems);

        Assert.Equal(1, await retention.RunPassAsync(session.TenantId, CancellationToken.None));
        Assert.Contains(await AuditEntriesAsync(session.TenantId), r => r.Action == AuditActions.SettingsChanged && r.Details.Contains("retention days: 180 to 30", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetentionJobs_OnePassPerAgency()
    {
        var session = await AgencySession.CreateAsync(factory, "Queued Retention");
        var storage = factory.Services.GetRequiredService<JobStorage>();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionJobs>().EnqueuePassesAsync(CancellationToken.None);
        }

        await using var db = factory.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();
        var agencies = await db.Agencies.Select(a => a.Id).ToListAsync();
        var queued = storage.GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Select(pair => pair.Value.Job)
            .Where(job => job.Type == typeof(RetentionJobs) && job.Method.Name == nameof(RetentionJobs.RunPassAsync))
            .Select(job => (Guid)job.Args[0])
            .ToList();
        Assert.Contains(session.TenantId, queued);
        Assert.Subset(queued.ToHashSet(), agencies.ToHashSet());
        using var connection = storage.GetConnection();
        Assert.Contains(connection.GetRecurringJobs(), job => job.Id == RetentionJobs.RecurringJobId && job.Cron == Cron.Daily(3));
    }

    [Fact]
    public async Task DeleteAgency_WrongName()
    {
        var session = await AgencySession.CreateAsync(factory, "Careful Agency");
        var upload = await IngestAsync(session.TenantId, "keep.log");

        var response = await PostDeleteAsync(session, "careful agency");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings?delete=mismatch", response.Headers.Location!.ToString());
        Assert.Contains("did not match", await session.GetPageAsync("/settings?delete=mismatch"));
        Assert.True(await CountDerivedAsync(session.TenantId, upload.Id) > 0);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task DeleteAgency_TypedName()
    {
        var doomed = await AgencySession.CreateAsync(factory, "Doomed Agency");
        var survivor = await AgencySession.CreateAsync(factory, "Surviving Agency");
        var doomedUpload = await IngestAsync(doomed.TenantId, "doomed.log");
        var survivorUpload = await IngestAsync(survivor.TenantId, "survivor.log");
        await AddMailboxAsync(doomed.TenantId);
        await AddMailboxAsync(survivor.TenantId);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var colleague = new ApplicationUser { UserName = $"colleague-{Guid.NewGuid():N}@example.com", Email = $"colleague-{Guid.NewGuid():N}@example.com", TenantId = doomed.TenantId };
            Assert.True((await users.CreateAsync(colleague, "Colleague-Password-9")).Succeeded);
        }

        var storage = factory.Services.GetRequiredService<UploadStorage>();
        var survivorRows = await CountAllTenantRowsAsync(survivor.TenantId);
        Assert.True(await CountAllTenantRowsAsync(doomed.TenantId) > 0);
        Assert.True(survivorRows > 0);

        var response = await PostDeleteAsync(doomed, " Doomed Agency ");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?deleted=agency", response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await doomed.Client.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(0, await CountAllTenantRowsAsync(doomed.TenantId));
        Assert.False(Directory.Exists(Path.GetDirectoryName(storage.GetPath(doomed.TenantId, doomedUpload.Id))));
        await using (var db = factory.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant())
        {
            Assert.Null(await db.Agencies.FindAsync(doomed.TenantId));
            Assert.Empty(await db.Users.Where(u => u.TenantId == doomed.TenantId).ToListAsync());
            Assert.NotNull(await db.Agencies.FindAsync(survivor.TenantId));
            Assert.Single(await db.Users.Where(u => u.TenantId == survivor.TenantId).ToListAsync());
        }

        Assert.Equal(survivorRows, await CountAllTenantRowsAsync(survivor.TenantId));
        Assert.True(File.Exists(storage.GetPath(survivor.TenantId, survivorUpload.Id)));
        Assert.Equal(HttpStatusCode.OK, (await survivor.Client.GetAsync("/dashboard")).StatusCode);
        Assert.Contains(factory.Logs.Entries, log => log.Message.Contains($"Agency {doomed.TenantId} (Doomed Agency) was deleted", StringComparison.Ordinal));
    }

    [Fact]
    public void DeletionOrder_TenantOwnedTypes()
    {
        using var db = factory.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();

        var ordered = AgencyDeletionService.DependentsFirst(db.Model).Select(t => t.ClrType).ToHashSet();

        var tenantOwned = db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)).Select(t => t.ClrType);
        Assert.Equal(tenantOwned.ToHashSet(), ordered);
    }

    private async Task<HttpResponseMessage> PostDeleteAsync(AgencySession session, string typedName)
    {
        var settings = await session.GetPageAsync("/settings");
        var token = AntiforgeryToken().Match(settings).Groups["value"].Value;
        Assert.False(string.IsNullOrEmpty(token), "The settings page has no delete form.");
        return await session.Client.PostAsync("/settings/delete-agency", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["confirmName"] = typedName,
        }));
    }

    private int ingestedFiles;

    private async Task<Upload> IngestAsync(Guid tenantId, string fileName)
    {
        // A different number of trailing blank lines makes each file's bytes differ, so a second
        // file of one agency is not rejected as a duplicate upload.
        var blankLines = Interlocked.Increment(ref ingestedFiles);
        var upload = await factory.UploadAsync(tenantId, fileName, SampleLogs.TwoMailboxes + new string('\n', blankLines));
        await factory.RunUploadJobAsync(tenantId, upload.Id);
        return upload;
    }

    private async Task AddMailboxAsync(Guid tenantId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<MailboxInventoryService>()
            .AddAsync(tenantId, new MailboxDraft { Address = "anna@outreach-example.com" }, CancellationToken.None);
        Assert.True(added.Succeeded);
    }

    private async Task AgeAsync(Guid tenantId, Guid uploadId, int days)
    {
        await using var db = factory.OpenDatabase(tenantId);
        var upload = await db.Uploads.SingleAsync(u => u.Id == uploadId);
        upload.UploadedAt = DateTimeOffset.UtcNow.AddDays(-days);
        await db.SaveChangesAsync();
    }

    private async Task<int> CountDerivedAsync(Guid tenantId, Guid uploadId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        return await db.Uploads.CountAsync(u => u.Id == uploadId)
            + await db.Attempts.CountAsync(a => a.UploadId == uploadId)
            + await db.RecipientOutcomes.CountAsync(o => o.UploadId == uploadId)
            + await db.Rollups.CountAsync(r => r.UploadId == uploadId)
            + await db.Diagnoses.CountAsync(d => d.UploadId == uploadId);
    }

    /// <summary>Counts the agency's rows in every tenant-owned table of the model.</summary>
    private async Task<int> CountAllTenantRowsAsync(Guid tenantId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        var total = 0;
        foreach (var entityType in db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            var table = entityType.GetTableName();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE \"TenantId\" = $tenant";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$tenant";
            parameter.Value = tenantId.ToString().ToUpperInvariant();
            command.Parameters.Add(parameter);
            total += Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private async Task<List<Infrastructure.Audit.AuditEntry>> AuditEntriesAsync(Guid tenantId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        return await db.AuditEntries.ToListAsync();
    }
}
