using System.Globalization;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// The migration that keys diagnosis checklists by their cause carries over the checklists keyed
/// by a diagnosis row id. Each test migrates its fixture's database down and up again, so the
/// class keeps a database of its own.
/// </summary>
public abstract class ChecklistCauseKeyMigrationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    private const string MigrationBeforeCauseKeys = "DiagnosisEvidenceSpan";

    [Fact]
    public async Task Migration_RowIdKeys_BecomeCauseKeys()
    {
        var agency = await AgencySession.CreateAsync(factory, "Migrated Checklist Agency");
        var other = await AgencySession.CreateAsync(factory, "Migrated Checklist Other Agency");
        var now = DateTimeOffset.UtcNow;
        var longSubject = new string('x', 240) + "@example.com";

        var monday = await AddUploadAsync(agency.TenantId, now.AddDays(-1),
            Diagnosis(DiagnosisKind.ProviderThrottling, "gmail.com"),
            Diagnosis(DiagnosisKind.GreylistingResolved, "agency"),
            Diagnosis(DiagnosisKind.ProviderThrottling, longSubject));
        var tuesday = await AddUploadAsync(agency.TenantId, now, Diagnosis(DiagnosisKind.ProviderThrottling, "gmail.com"));
        var othersRow = await AddUploadAsync(other.TenantId, now, Diagnosis(DiagnosisKind.ProviderThrottling, "gmail.com"));

        var olderOfCause = await AddChecklistAsync(agency.TenantId, ChecklistSubjectKind.Diagnosis, RowKey(monday[0]));
        var newerOfCause = await AddChecklistAsync(agency.TenantId, ChecklistSubjectKind.Diagnosis, RowKey(tuesday[0]));
        var greylisting = await AddChecklistAsync(agency.TenantId, ChecklistSubjectKind.Diagnosis, RowKey(monday[1]));
        var longCause = await AddChecklistAsync(agency.TenantId, ChecklistSubjectKind.Diagnosis, RowKey(monday[2]));
        var rowDeleted = await AddChecklistAsync(agency.TenantId, ChecklistSubjectKind.Diagnosis, "987654321");
        var alert = await AddChecklistAsync(agency.TenantId, ChecklistSubjectKind.Alert, RowKey(monday[1]));
        var othersChecklist = await AddChecklistAsync(other.TenantId, ChecklistSubjectKind.Diagnosis, RowKey(othersRow[0]));

        await MigrateDownAndUpAsync(agency.TenantId);

        var keys = await SubjectIdsAsync(agency.TenantId, other.TenantId);
        Assert.Equal("2:gmail.com", CauseChecklistKey.For(DiagnosisKind.ProviderThrottling, "gmail.com"));
        Assert.Equal("2:gmail.com", keys[newerOfCause]);
        Assert.Equal(RowKey(monday[0]), keys[olderOfCause]);
        Assert.Equal("4:agency", keys[greylisting]);
        Assert.Equal(RowKey(monday[2]), keys[longCause]);
        Assert.Equal("987654321", keys[rowDeleted]);
        Assert.Equal(RowKey(monday[1]), keys[alert]);
        Assert.Equal("2:gmail.com", keys[othersChecklist]);

        // The dashboard and opening the cause again both lead to the checklist that took the key,
        // and a checklist left under a row id still resolves to its cause.
        await using var scope = factory.Services.CreateAsyncScope();
        var opener = scope.ServiceProvider.GetRequiredService<ChecklistService>();
        var queries = scope.ServiceProvider.GetRequiredService<ChecklistQueryService>();
        Assert.Equal(newerOfCause, await opener.OpenForDiagnosisAsync(agency.TenantId, monday[0], CancellationToken.None));
        Assert.Equal(longCause, await opener.OpenForDiagnosisAsync(agency.TenantId, monday[2], CancellationToken.None));
        var byCause = await queries.ListByCauseAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(newerOfCause, byCause["2:gmail.com"].Id);
        Assert.Equal(longCause, byCause[CauseChecklistKey.For(DiagnosisKind.ProviderThrottling, longSubject)].Id);
        Assert.Equal("Provider throttling on gmail.com", (await queries.GetAsync(agency.TenantId, olderOfCause, CancellationToken.None))!.SubjectName);

        // Migrating down gives each cause key the row id of its newest diagnosis that no other
        // checklist holds, and migrating up again restores the same keys.
        await MigrateDownAndUpAsync(agency.TenantId);
        Assert.Equal(keys, await SubjectIdsAsync(agency.TenantId, other.TenantId));
    }

    private static string RowKey(long diagnosisId) => diagnosisId.ToString(CultureInfo.InvariantCulture);

    private async Task MigrateDownAndUpAsync(Guid tenantId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(MigrationBeforeCauseKeys);
        await migrator.MigrateAsync();
    }

    private async Task<Dictionary<Guid, string>> SubjectIdsAsync(params Guid[] tenantIds)
    {
        var subjectIds = new Dictionary<Guid, string>();
        foreach (var tenantId in tenantIds)
        {
            await using var db = factory.OpenDatabase(tenantId);
            foreach (var checklist in await db.Checklists.AsNoTracking().ToListAsync())
            {
                subjectIds.Add(checklist.Id, checklist.SubjectId);
            }
        }

        return subjectIds;
    }

    private async Task<Guid> AddChecklistAsync(Guid tenantId, ChecklistSubjectKind kind, string subjectId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        var checklist = new StoredChecklist
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            SubjectKind = kind,
            SubjectId = subjectId,
            Family = CauseFamily.SendingTooFast,
            Title = "Slow down sending",
            OpenedAt = DateTimeOffset.UtcNow,
        };
        db.Checklists.Add(checklist);
        await db.SaveChangesAsync();
        return checklist.Id;
    }

    /// <summary>Stores a completed upload with <paramref name="diagnoses"/> and returns their ids in order.</summary>
    private async Task<long[]> AddUploadAsync(Guid tenantId, DateTimeOffset uploadedAt, params StoredDiagnosis[] diagnoses)
    {
        await using var db = factory.OpenDatabase(tenantId);
        var upload = new Upload
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            FileName = "maillog",
            Status = UploadStatus.Completed,
            UploadedAt = uploadedAt,
            ContentSha256 = Guid.NewGuid().ToString("N"),
        };
        db.Uploads.Add(upload);
        foreach (var diagnosis in diagnoses)
        {
            diagnosis.TenantId = tenantId;
            diagnosis.UploadId = upload.Id;
            db.Diagnoses.Add(diagnosis);
        }

        await db.SaveChangesAsync();
        return [.. diagnoses.Select(d => d.Id)];
    }

    private static StoredDiagnosis Diagnosis(DiagnosisKind kind, string subject) => new()
    {
        Kind = kind,
        Severity = DiagnosisSeverity.Medium,
        Subject = subject,
        Evidence = "Evidence.",
        Family = CauseFamily.SendingTooFast,
    };
}

/// <summary>The cause key migration on SQLite.</summary>
public sealed class ChecklistCauseKeyMigrationSqliteTests(PortalFactory factory) : ChecklistCauseKeyMigrationTests<PortalFactory>(factory);

/// <summary>The cause key migration on PostgreSQL.</summary>
public sealed class ChecklistCauseKeyMigrationPostgreSqlTests(PostgreSqlPortalFactory factory) : ChecklistCauseKeyMigrationTests<PostgreSqlPortalFactory>(factory);
