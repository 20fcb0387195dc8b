using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// The migration that adds the evidence span to diagnoses fills it in for the diagnoses stored
/// before it. Each test migrates its fixture's database down and up again, so the class keeps
/// a database of its own.
/// </summary>
public abstract class DiagnosisSpanMigrationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    private const string MigrationBeforeSpans = "UniqueImportedBounceEmails";

    [Fact]
    public async Task Migration_EarlierDiagnoses_TakeUploadSpan()
    {
        var agency = await AgencySession.CreateAsync(factory, "Migrated Span Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        long withoutOutcomes;
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var bare = new Upload { Id = Guid.NewGuid(), FileName = "replies.txt", Status = UploadStatus.Completed, UploadedAt = DateTimeOffset.UtcNow };
            var diagnosis = new StoredDiagnosis
            {
                UploadId = bare.Id,
                Kind = DiagnosisKind.ProviderThrottling,
                Severity = DiagnosisSeverity.Medium,
                Subject = "Google",
                Evidence = "Google replied 3 times with 421 4.7.28.",
                Family = CauseFamily.SendingTooFast,
                FirstAttemptAt = Utc(2024, 6, 1, 0, 0, 0),
                LastAttemptAt = Utc(2024, 6, 2, 0, 0, 0),
            };
            db.Uploads.Add(bare);
            db.Diagnoses.Add(diagnosis);
            await db.SaveChangesAsync();
            withoutOutcomes = diagnosis.Id;

            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBeforeSpans);
            await migrator.MigrateAsync();
        }

        await using var check = factory.OpenDatabase(agency.TenantId);
        var stored = await check.Diagnoses.AsNoTracking().ToListAsync();

        // The upload's outcomes run from the first attempt at 09:00:02 to the expiry five days later.
        var fromUpload = stored.Where(d => d.UploadId == upload.Id).ToList();
        Assert.NotEmpty(fromUpload);
        Assert.All(fromUpload, d => Assert.Equal(Utc(2024, 6, 11, 9, 0, 2), d.FirstAttemptAt));
        Assert.All(fromUpload, d => Assert.Equal(Utc(2024, 6, 16, 9, 5, 30), d.LastAttemptAt));
        var bareDiagnosis = Assert.Single(stored, d => d.Id == withoutOutcomes);
        Assert.Null(bareDiagnosis.FirstAttemptAt);
        Assert.Null(bareDiagnosis.LastAttemptAt);
    }

    private static DateTime Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);
}

/// <summary>The evidence span migration on SQLite.</summary>
public sealed class DiagnosisSpanMigrationSqliteTests(PortalFactory factory) : DiagnosisSpanMigrationTests<PortalFactory>(factory);

/// <summary>The evidence span migration on PostgreSQL.</summary>
public sealed class DiagnosisSpanMigrationPostgreSqlTests(PostgreSqlPortalFactory factory) : DiagnosisSpanMigrationTests<PostgreSqlPortalFactory>(factory);
