using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// The migration that removes the rollups earlier versions stored for bounce emails and for ESP
/// exports without a delivery, which counted every failed recipient as a send. The test migrates its fixture's database down and up again,
/// so the class keeps a database of its own.
/// </summary>
public abstract class BounceEmailRollupMigrationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    private const string MigrationBefore = "DeferredOutcomeContinuation";

    private const string SesBounce = """
        {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"sales@example.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":"2024-06-11T09:15:31.420Z","feedbackId":"0100018f-example-000000"},"mail":{"timestamp":"2024-06-11T09:15:30.000Z","source":"anna@outreach.example.com","messageId":"0100018f-example-msg-000000","destination":["sales@example.com"]}}

        """;

    private const string SesDelivery = """
        {"eventType":"Delivery","delivery":{"timestamp":"2024-06-11T09:20:31.420Z","recipients":["cfo@example.net"],"smtpResponse":"250 2.0.0 OK"},"mail":{"timestamp":"2024-06-11T09:20:30.000Z","source":"anna@outreach.example.com","messageId":"0100018f-example-msg-000001","destination":["cfo@example.net"]}}

        """;

    private static BounceRollup EarlierRollup(Guid uploadId) => new()
    {
        UploadId = uploadId,
        HourUtc = new DateTime(2024, 6, 11, 9, 0, 0, DateTimeKind.Utc),
        Kind = SliceKind.Agency,
        Key = string.Empty,
        Sent = 2,
        HardBounced = 2,
    };

    [Fact]
    public async Task Migration_BounceEmailRollups_AreRemoved()
    {
        var agency = await AgencySession.CreateAsync(factory, "Migrated Bounce Email Agency");
        var log = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, log.Id);
        var emails = await factory.UploadAsync(agency.TenantId, "bounces.mbox", SampleBounces.Mbox(2));
        await factory.RunUploadJobAsync(agency.TenantId, emails.Id);
        var sesBounces = await factory.UploadAsync(agency.TenantId, "ses.jsonl", SesBounce);
        await factory.RunUploadJobAsync(agency.TenantId, sesBounces.Id);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBefore);

            // Rollups as earlier versions stored them for the bounce emails and the SES bounces.
            db.Rollups.AddRange(EarlierRollup(emails.Id), EarlierRollup(sesBounces.Id));
            await db.SaveChangesAsync();
            await migrator.MigrateAsync();
        }

        await using var check = factory.OpenDatabase(agency.TenantId);

        Assert.False(await check.Rollups.AnyAsync(r => r.UploadId == emails.Id));
        Assert.False(await check.Rollups.AnyAsync(r => r.UploadId == sesBounces.Id));
        Assert.True(await check.Rollups.AnyAsync(r => r.UploadId == log.Id));
        Assert.Equal(2, await check.RecipientOutcomes.CountAsync(o => o.UploadId == emails.Id));
        Assert.Equal(1, await check.RecipientOutcomes.CountAsync(o => o.UploadId == sesBounces.Id));
    }

    [Fact]
    public async Task Migration_SesWithDelivery_KeepsRollups()
    {
        var agency = await AgencySession.CreateAsync(factory, "Migrated SES Delivery Agency");
        var ses = await factory.UploadAsync(agency.TenantId, "ses.jsonl", SesBounce + SesDelivery);
        await factory.RunUploadJobAsync(agency.TenantId, ses.Id);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBefore);
            await migrator.MigrateAsync();
        }

        await using var check = factory.OpenDatabase(agency.TenantId);

        Assert.True(await check.Rollups.AnyAsync(r => r.UploadId == ses.Id));
    }
}

/// <summary>The bounce email rollup migration on SQLite.</summary>
public sealed class BounceEmailRollupMigrationSqliteTests(PortalFactory factory) : BounceEmailRollupMigrationTests<PortalFactory>(factory);

/// <summary>The bounce email rollup migration on PostgreSQL.</summary>
public sealed class BounceEmailRollupMigrationPostgreSqlTests(PostgreSqlPortalFactory factory) : BounceEmailRollupMigrationTests<PostgreSqlPortalFactory>(factory);
