using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// The migration that adds the attempt span to uploads fills it in for the uploads stored before
/// it, so later overlapping uploads are compared with them. The test migrates its fixture's
/// database down and up again, so the class keeps a database of its own.
/// </summary>
public abstract class UploadSpanMigrationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    private const string MigrationBeforeSpans = "DiagnosisEvidenceSpan";

    [Fact]
    public async Task Migration_EarlierUploads_TakeOutcomeSpan()
    {
        var agency = await AgencySession.CreateAsync(factory, "Migrated Upload Span Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        var bare = new Upload { Id = Guid.NewGuid(), FileName = "replies.txt", Status = UploadStatus.Completed, UploadedAt = DateTimeOffset.UtcNow };
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            db.Uploads.Add(bare);
            await db.SaveChangesAsync();

            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBeforeSpans);
            await migrator.MigrateAsync();
        }

        var migrated = await factory.ReloadAsync(agency.TenantId, upload.Id);
        var withoutOutcomes = await factory.ReloadAsync(agency.TenantId, bare.Id);

        // The upload's outcomes run from the first attempt at 09:00:02 to the expiry five days later.
        Assert.Equal(new DateTime(2024, 6, 11, 9, 0, 2, DateTimeKind.Utc), migrated.FirstAttemptAt);
        Assert.Equal(new DateTime(2024, 6, 16, 9, 5, 30, DateTimeKind.Utc), migrated.LastAttemptAt);
        Assert.Null(withoutOutcomes.FirstAttemptAt);
        Assert.Null(withoutOutcomes.LastAttemptAt);
    }
}

/// <summary>The upload span migration on SQLite.</summary>
public sealed class UploadSpanMigrationSqliteTests(PortalFactory factory) : UploadSpanMigrationTests<PortalFactory>(factory);

/// <summary>The upload span migration on PostgreSQL.</summary>
public sealed class UploadSpanMigrationPostgreSqlTests(PostgreSqlPortalFactory factory) : UploadSpanMigrationTests<PostgreSqlPortalFactory>(factory);
