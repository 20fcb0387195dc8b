using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// A bounce email counts once per agency: the same email in a later upload, in another container
/// or twice in one mbox is skipped by its Message-ID.
/// </summary>
public abstract class BounceEmailDuplicateTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    [Fact]
    public async Task Mbox_EmailOfEarlierEml_IsSkipped()
    {
        var agency = await AgencySession.CreateAsync(factory, "Overlap Agency");
        var first = await factory.UploadAndRunAsync(agency.TenantId, "first.eml", Email("dsn-1@mta1.example.net", "sales@example.com"));

        var second = await factory.UploadAndRunAsync(
            agency.TenantId,
            "export.mbox",
            Mbox(Email("dsn-1@mta1.example.net", "sales@example.com"), Email("dsn-2@mta1.example.net", "ops@example.org")));

        Assert.Equal(1, first.AttemptsStored);
        Assert.Equal(UploadStatus.Completed, second.Status);
        Assert.Equal(2, second.LinesRead);
        Assert.Equal(1, second.AttemptsStored);
        Assert.Equal(1, second.LinesSkipped);
        Assert.Contains("bounce email imported before (same Message-ID): 1 (at email 1)", second.SkippedReasons);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(["ops@example.org"], await db.Attempts.Where(a => a.UploadId == second.Id).Select(a => a.Recipient).ToListAsync());
        Assert.Equal(1, await db.RecipientOutcomes.CountAsync(o => o.Recipient == "sales@example.com"));
    }

    [Fact]
    public async Task Mbox_SameEmailTwice_CountsOnce()
    {
        var agency = await AgencySession.CreateAsync(factory, "Twice In Mbox Agency");
        var email = Email("dsn-7@mta1.example.net", "sales@example.com");

        var upload = await factory.UploadAndRunAsync(agency.TenantId, "twice.mbox", Mbox(email, email));

        Assert.Equal(2, upload.LinesRead);
        Assert.Equal(1, upload.AttemptsStored);
        Assert.Equal(1, upload.LinesSkipped);
    }

    [Fact]
    public async Task EmailWithoutMessageId_AlwaysCounts()
    {
        var agency = await AgencySession.CreateAsync(factory, "No Message-ID Agency");
        var email = Email(messageId: null, "sales@example.com");

        var upload = await factory.UploadAndRunAsync(agency.TenantId, "twice.mbox", Mbox(email, email));

        Assert.Equal(2, upload.AttemptsStored);
        Assert.Equal(0, upload.LinesSkipped);
    }

    [Fact]
    public async Task DeletedCountingUpload_RerunsSkippingUpload()
    {
        var agency = await AgencySession.CreateAsync(factory, "Rerun Skipping Agency");
        var first = await factory.UploadAndRunAsync(agency.TenantId, "first.eml", Email("dsn-8@mta1.example.net", "sales@example.com"));
        var second = await factory.UploadAndRunAsync(
            agency.TenantId,
            "export.mbox",
            Mbox(Email("dsn-8@mta1.example.net", "sales@example.com"), Email("dsn-9@mta1.example.net", "ops@example.org")));
        var unrelated = await factory.UploadAndRunAsync(agency.TenantId, "other.eml", Email("dsn-10@mta1.example.net", "info@example.net"));
        var otherAgency = await AgencySession.CreateAsync(factory, "Rerun Skipping Other Agency");
        var otherSkipping = await factory.UploadAndRunAsync(
            otherAgency.TenantId, "twice.mbox", Mbox(Email("dsn-8@mta1.example.net", "sales@example.com"), Email("dsn-8@mta1.example.net", "sales@example.com")));
        Assert.Equal(1, second.AttemptsStored);
        Assert.Equal(1, otherSkipping.LinesSkipped);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<UploadService>().DeleteAsync(agency.TenantId, first.Id, CancellationToken.None));
        }

        Assert.Equal(UploadStatus.Queued, (await factory.ReloadAsync(agency.TenantId, second.Id)).Status);
        Assert.Equal(UploadStatus.Completed, (await factory.ReloadAsync(agency.TenantId, unrelated.Id)).Status);
        Assert.Equal(UploadStatus.Completed, (await factory.ReloadAsync(otherAgency.TenantId, otherSkipping.Id)).Status);
        await factory.RunUploadJobAsync(agency.TenantId, second.Id);

        var rerun = await factory.ReloadAsync(agency.TenantId, second.Id);
        Assert.Equal(UploadStatus.Completed, rerun.Status);
        Assert.Equal(2, rerun.AttemptsStored);
        Assert.Equal(0, rerun.LinesSkipped);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(1, await db.RecipientOutcomes.CountAsync(o => o.Recipient == "sales@example.com"));
    }

    [Fact]
    public async Task DeletedEarlierUpload_CountsEmailAgain()
    {
        var agency = await AgencySession.CreateAsync(factory, "Reimport Email Agency");
        var first = await factory.UploadAndRunAsync(agency.TenantId, "first.eml", Email("dsn-3@mta1.example.net", "sales@example.com"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<UploadService>().DeleteAsync(agency.TenantId, first.Id, CancellationToken.None));
        }

        var again = await factory.UploadAndRunAsync(agency.TenantId, "again.mbox", Mbox(Email("dsn-3@mta1.example.net", "sales@example.com")));

        Assert.Equal(1, again.AttemptsStored);
        Assert.Equal(0, again.LinesSkipped);
    }

    [Fact]
    public async Task OtherAgency_SameEmail_Counts()
    {
        var owner = await AgencySession.CreateAsync(factory, "First Email Agency");
        var other = await AgencySession.CreateAsync(factory, "Second Email Agency");
        await factory.UploadAndRunAsync(owner.TenantId, "first.eml", Email("dsn-4@mta1.example.net", "sales@example.com"));

        var upload = await factory.UploadAndRunAsync(other.TenantId, "copy.mbox", Mbox(Email("dsn-4@mta1.example.net", "sales@example.com")));

        Assert.Equal(1, upload.AttemptsStored);
        Assert.Equal(0, upload.LinesSkipped);
        await using var db = factory.OpenDatabase(other.TenantId);
        Assert.Equal(1, await db.ImportedBounceEmails.CountAsync());
    }

    [Fact]
    public async Task RerunOfSameUpload_KeepsItsEmails()
    {
        var agency = await AgencySession.CreateAsync(factory, "Rerun Email Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "export.mbox", Mbox(Email("dsn-5@mta1.example.net", "sales@example.com")));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            // As after an interrupted run, the upload waits for its job again with its rows still stored.
            await db.Uploads.Where(u => u.Id == upload.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.Status, UploadStatus.Queued));
        }

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var rerun = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(1, rerun.AttemptsStored);
        Assert.Equal(0, rerun.LinesSkipped);
        await using var check = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(1, await check.ImportedBounceEmails.CountAsync(e => e.UploadId == upload.Id));
    }

    [Fact]
    public async Task UploadsAtSameMoment_CountEmailOnce()
    {
        var agency = await AgencySession.CreateAsync(factory, "Same Moment Agency");
        var first = await factory.UploadAsync(
            agency.TenantId,
            "first.mbox",
            Mbox(Email("dsn-8@mta1.example.net", "sales@example.com"), Email("dsn-9@mta1.example.net", "ops@example.org")));
        var second = await factory.UploadAsync(agency.TenantId, "second.mbox", Mbox(Email("dsn-8@mta1.example.net", "sales@example.com")));

        // The second upload's job runs to the end after the first job loaded the agency's Message-IDs
        // and just before it records its own, as when two workers run the jobs at once.
        var ingest = factory.IngestWithInterceptor(new RunBeforeRecordingEmails(() => factory.RunUploadJobAsync(agency.TenantId, second.Id)));
        await ingest.IngestAsync(agency.TenantId, first.Id, CancellationToken.None);

        var secondDone = await factory.ReloadAsync(agency.TenantId, second.Id);
        var firstDone = await factory.ReloadAsync(agency.TenantId, first.Id);
        Assert.Equal(UploadStatus.Completed, secondDone.Status);
        Assert.Equal(1, secondDone.AttemptsStored);
        Assert.Equal(UploadStatus.Completed, firstDone.Status);
        Assert.Equal(1, firstDone.AttemptsStored);
        Assert.Equal(1, firstDone.LinesSkipped);
        Assert.Contains("bounce email imported before (same Message-ID): 1 (at email 1)", firstDone.SkippedReasons);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(1, await db.RecipientOutcomes.CountAsync(o => o.Recipient == "sales@example.com"));
        Assert.Equal(2, await db.ImportedBounceEmails.CountAsync());
    }

    /// <summary>A delivery status notification that <paramref name="recipient"/> failed with 5.1.1.</summary>
    private static string Email(string? messageId, string recipient) => $"""
        From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
        To: anna@example.net
        Subject: Undelivered Mail Returned to Sender
        Date: Tue, 11 Jun 2024 09:14:05 +0000
        {(messageId is null ? string.Empty : $"Message-ID: <{messageId}>\n")}MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

        --B1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mta1.example.net

        Final-Recipient: rfc822; {recipient}
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.

        --B1--

        """;

    private static string Mbox(params string[] emails) =>
        string.Concat(emails.Select(email => $"From MAILER-DAEMON Tue Jun 11 09:14:05 2024\n{email}\n"));
}

/// <summary>Runs another job once, the first time a save is about to add imported bounce emails.</summary>
internal sealed class RunBeforeRecordingEmails(Func<Task> otherJob) : SaveChangesInterceptor
{
    private bool ran;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var recordsEmails = eventData.Context!.ChangeTracker.Entries<ImportedBounceEmail>().Any(e => e.State == EntityState.Added);
        if (recordsEmails && !ran)
        {
            ran = true;
            await otherJob();
        }

        return result;
    }
}

/// <summary>The duplicate email tests on SQLite.</summary>
public sealed class BounceEmailDuplicateSqliteTests(PortalFactory factory) : BounceEmailDuplicateTests<PortalFactory>(factory);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class BounceEmailDuplicatePostgreSqlTests(PostgreSqlPortalFactory factory) : BounceEmailDuplicateTests<PostgreSqlPortalFactory>(factory);
