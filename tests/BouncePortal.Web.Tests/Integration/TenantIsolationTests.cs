using System.Net;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public abstract class TenantIsolationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    [Fact]
    public async Task Queries_OtherAgency_SeeNothingOfIt()
    {
        var (north, south) = await TwoAgenciesWithDataInNorthAsync();

        await using var db = factory.OpenDatabase(south.TenantId);
        Assert.Empty(await db.Uploads.ToListAsync());
        Assert.Empty(await db.Attempts.ToListAsync());
        Assert.Empty(await db.RecipientOutcomes.ToListAsync());
        Assert.Empty(await db.SendingMailboxes.ToListAsync());
        Assert.Empty(await db.Rollups.ToListAsync());
        Assert.Empty(await db.CsvMappingPresets.ToListAsync());

        await using var own = factory.OpenDatabase(north.TenantId);
        Assert.NotEmpty(await own.Attempts.ToListAsync());
        Assert.Single(await own.SendingMailboxes.ToListAsync());
        Assert.NotEmpty(await own.Rollups.ToListAsync());
    }

    [Fact]
    public async Task Services_OtherAgencyIds_ReturnNotFound()
    {
        var (north, south) = await TwoAgenciesWithDataInNorthAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var inventory = scope.ServiceProvider.GetRequiredService<MailboxInventoryService>();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        Guid mailboxId, uploadId;
        await using (var db = factory.OpenDatabase(north.TenantId))
        {
            mailboxId = (await db.SendingMailboxes.SingleAsync()).Id;
            uploadId = (await db.Uploads.SingleAsync()).Id;
        }

        var update = await inventory.UpdateAsync(south.TenantId, mailboxId, new MailboxDraft { Address = "stolen@example.com" }, CancellationToken.None);
        var archived = await inventory.SetArchivedAsync(south.TenantId, mailboxId, true, CancellationToken.None);
        var retried = await uploads.RetryAsync(south.TenantId, uploadId, CancellationToken.None);

        Assert.True(update.IsNotFound);
        Assert.False(archived);
        Assert.False(retried);
        Assert.Empty(await inventory.ListDiscoveredAsync(south.TenantId, CancellationToken.None));
        await using var check = factory.OpenDatabase(north.TenantId);
        var mailbox = await check.SendingMailboxes.SingleAsync();
        Assert.Equal("anna@outreach-example.com", mailbox.Address);
        Assert.Null(mailbox.ArchivedAt);
    }

    [Fact]
    public async Task Job_OtherAgencyUploadId_DoesNothing()
    {
        var (north, south) = await TwoAgenciesWithDataInNorthAsync();
        // A trailing blank line keeps the file from being rejected as a duplicate of north.log.
        var upload = await factory.UploadAsync(north.TenantId, "second.log", SampleLogs.TwoMailboxes + "\n");

        await factory.RunUploadJobAsync(south.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(north.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Queued, stored.Status);
        await using var db = factory.OpenDatabase(south.TenantId);
        Assert.Empty(await db.Attempts.ToListAsync());
    }

    [Fact]
    public async Task Save_OtherAgencyRow_Throws()
    {
        var (north, south) = await TwoAgenciesWithDataInNorthAsync();
        SendingMailbox northMailbox;
        await using (var db = factory.OpenDatabase(north.TenantId))
        {
            northMailbox = await db.SendingMailboxes.AsNoTracking().SingleAsync();
        }

        await using var southDb = factory.OpenDatabase(south.TenantId);
        northMailbox.CurrentDailyVolume = 999;
        southDb.SendingMailboxes.Update(northMailbox);
        await Assert.ThrowsAsync<TenantViolationException>(() => southDb.SaveChangesAsync());

        await using var insertDb = factory.OpenDatabase(south.TenantId);
        insertDb.SendingMailboxes.Add(new SendingMailbox { TenantId = north.TenantId, Address = "x@example.com", SendingDomain = "example.com" });
        await Assert.ThrowsAsync<TenantViolationException>(() => insertDb.SaveChangesAsync());
    }

    [Fact]
    public async Task Save_WithoutAgency_Throws()
    {
        await using var db = factory.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();
        db.SendingMailboxes.Add(new SendingMailbox { Address = "x@example.com", SendingDomain = "example.com" });

        await Assert.ThrowsAsync<TenantViolationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public void Model_EveryTenantOwnedEntity_HasTenantFilter()
    {
        using var db = factory.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();

        var tenantOwned = db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)).ToList();

        Assert.NotEmpty(tenantOwned);
        foreach (var entityType in tenantOwned)
        {
            Assert.NotNull(entityType.FindDeclaredQueryFilter(BouncePortalDbContext.TenantFilter));
        }
    }

    [Fact]
    public async Task Pages_OtherAgency_ShowNoneOfItsData()
    {
        var (north, south) = await TwoAgenciesWithDataInNorthAsync();

        var southDashboard = await south.GetPageAsync("/dashboard");
        var southMailboxes = await south.GetPageAsync("/mailboxes");
        var southUploads = await south.GetPageAsync("/uploads");
        var northDashboard = await north.GetPageAsync("/dashboard");

        Assert.Contains("dashboard-empty", southDashboard);
        Assert.DoesNotContain("anna@outreach-example.com", southDashboard);
        Assert.DoesNotContain("anna@outreach-example.com", southMailboxes);
        Assert.DoesNotContain("ben@outreach-example.net", southMailboxes);
        Assert.DoesNotContain("north.log", southUploads);
        Assert.Contains("uploads-empty", southUploads);
        Assert.Contains("anna@outreach-example.com", northDashboard);
        Assert.Contains("North Agency", northDashboard);
        Assert.DoesNotContain("North Agency", southDashboard);
    }

    private async Task<(AgencySession North, AgencySession South)> TwoAgenciesWithDataInNorthAsync()
    {
        var north = await AgencySession.CreateAsync(factory, "North Agency");
        var south = await AgencySession.CreateAsync(factory, "South Agency");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var inventory = scope.ServiceProvider.GetRequiredService<MailboxInventoryService>();
            var added = await inventory.AddAsync(north.TenantId, new MailboxDraft { Address = "anna@outreach-example.com" }, CancellationToken.None);
            Assert.True(added.Succeeded);
        }

        var upload = await factory.UploadAsync(north.TenantId, "north.log", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(north.TenantId, upload.Id);
        return (north, south);
    }
}

/// <summary>The tenant isolation tests on SQLite.</summary>
public sealed class TenantIsolationSqliteTests(PortalFactory factory) : TenantIsolationTests<PortalFactory>(factory);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TenantIsolationPostgreSqlTests(PostgreSqlPortalFactory factory) : TenantIsolationTests<PostgreSqlPortalFactory>(factory);
