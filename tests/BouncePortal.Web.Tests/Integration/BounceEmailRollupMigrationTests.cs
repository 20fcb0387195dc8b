using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// The migration that removes the rollups earlier versions stored for bounce emails, which counted
/// every failed recipient as a send. The test migrates its fixture's database down and up again,
/// so the class keeps a database of its own.
/// </summary>
public abstract class BounceEmailRollupMigrationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    private const string MigrationBefore = "DeferredOutcomeContinuation";

    [Fact]
    public async Task Migration_BounceEmailRollups_AreRemoved()
    {
        var agency = await AgencySession.CreateAsync(factory, "Migrated Bounce Email Agency");
        var log = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, log.Id);
        var emails = await factory.UploadAsync(agency.TenantId, "bounces.mbox", SampleBounces.Mbox(2));
        await factory.RunUploadJobAsync(agency.TenantId, emails.Id);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBefore);

            // A rollup as earlier versions stored it for the bounce emails.
            db.Rollups.Add(new BounceRollup
            {
                UploadId = emails.Id,
                HourUtc = new DateTime(2024, 6, 11, 9, 0, 0, DateTimeKind.Utc),
                Kind = SliceKind.Agency,
                Key = string.Empty,
                Sent = 2,
                HardBounced = 2,
            });
            await db.SaveChangesAsync();
            await migrator.MigrateAsync();
        }

        await using var check = factory.OpenDatabase(agency.TenantId);

        Assert.False(await check.Rollups.AnyAsync(r => r.UploadId == emails.Id));
        Assert.True(await check.Rollups.AnyAsync(r => r.UploadId == log.Id));
        Assert.Equal(2, await check.RecipientOutcomes.CountAsync(o => o.UploadId == emails.Id));
    }
}

/// <summary>The bounce email rollup migration on SQLite.</summary>
public sealed class BounceEmailRollupMigrationSqliteTests(PortalFactory factory) : BounceEmailRollupMigrationTests<PortalFactory>(factory);

/// <summary>The bounce email rollup migration on PostgreSQL.</summary>
public sealed class BounceEmailRollupMigrationPostgreSqlTests(PostgreSqlPortalFactory factory) : BounceEmailRollupMigrationTests<PostgreSqlPortalFactory>(factory);
