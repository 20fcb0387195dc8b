using System.Data.Common;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// A delivery attempt counts once per agency: a log uploaded after another that contains some of the
/// same lines, such as a partial re-export or a weekly log after a daily one, stores only the
/// attempts not stored before.
/// </summary>
public abstract class OverlappingLogTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    [Fact]
    public async Task PartialReexport_StoresOnlyNewAttempts()
    {
        var agency = await AgencySession.CreateAsync(factory, "Overlapping Log Agency");
        var week = await factory.UploadAndRunAsync(agency.TenantId, "week.log", SampleLogs.Delivered(0, 10));

        var partial = await factory.UploadAndRunAsync(agency.TenantId, "partial.log", SampleLogs.Delivered(5, 15));

        Assert.Equal(10, week.AttemptsStored);
        Assert.Equal(UploadStatus.Completed, partial.Status);
        Assert.Equal(5, partial.AttemptsStored);
        Assert.Contains($"attempt already stored from {SkippedReasonsText.StoredBy("week.log", week.UploadedAt)}: 5 (first at line", partial.SkippedReasons);
        Assert.Equal(SampleLogs.DeliveredAt(10), partial.FirstAttemptAt);
        Assert.Equal(SampleLogs.DeliveredAt(14), partial.LastAttemptAt);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(15, await db.RecipientOutcomes.CountAsync());
        Assert.Equal(15, await db.Rollups.Where(r => r.Kind == SliceKind.Agency).SumAsync(r => r.Sent));
        Assert.Equal(
            Enumerable.Range(10, 5).Select(SampleLogs.DeliveredRecipient),
            await db.Attempts.Where(a => a.UploadId == partial.Id).OrderBy(a => a.Line).Select(a => a.Recipient).ToListAsync());
    }

    [Fact]
    public async Task SameHoursFromAnotherServer_AllCount()
    {
        var agency = await AgencySession.CreateAsync(factory, "Two Servers Agency");
        await factory.UploadAndRunAsync(agency.TenantId, "mta1.log", SampleLogs.Delivered(0, 10));

        var other = await factory.UploadAndRunAsync(agency.TenantId, "mta2.log", SampleLogs.Delivered(0, 10, queuePrefix: "2C"));

        Assert.Equal(10, other.AttemptsStored);
        Assert.Equal(0, other.LinesSkipped - RoutineSkips(other));
    }

    [Fact]
    public async Task DeletedStoringUpload_RerunsSkippingUpload()
    {
        var agency = await AgencySession.CreateAsync(factory, "Rerun Overlap Agency");
        var week = await factory.UploadAndRunAsync(agency.TenantId, "week.log", SampleLogs.Delivered(0, 10));
        var partial = await factory.UploadAndRunAsync(agency.TenantId, "partial.log", SampleLogs.Delivered(5, 15));
        var later = await factory.UploadAndRunAsync(agency.TenantId, "later.log", SampleLogs.Delivered(20, 25));
        var otherAgency = await AgencySession.CreateAsync(factory, "Rerun Overlap Other Agency");
        await factory.UploadAndRunAsync(otherAgency.TenantId, "week.log", SampleLogs.Delivered(0, 10));
        var otherPartial = await factory.UploadAndRunAsync(otherAgency.TenantId, "partial.log", SampleLogs.Delivered(5, 15));
        Assert.Equal(5, partial.AttemptsStored);
        Assert.Equal(5, otherPartial.AttemptsStored);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<UploadService>().DeleteAsync(agency.TenantId, week.Id, CancellationToken.None));
        }

        Assert.Equal(UploadStatus.Queued, (await factory.ReloadAsync(agency.TenantId, partial.Id)).Status);
        Assert.Equal(UploadStatus.Completed, (await factory.ReloadAsync(agency.TenantId, later.Id)).Status);
        Assert.Equal(UploadStatus.Completed, (await factory.ReloadAsync(otherAgency.TenantId, otherPartial.Id)).Status);
        await factory.RunUploadJobAsync(agency.TenantId, partial.Id);

        var rerun = await factory.ReloadAsync(agency.TenantId, partial.Id);
        Assert.Equal(UploadStatus.Completed, rerun.Status);
        Assert.Equal(10, rerun.AttemptsStored);
        Assert.DoesNotContain("already stored", rerun.SkippedReasons ?? string.Empty);
    }

    [Fact]
    public async Task OtherAgency_SameLog_AllCount()
    {
        var owner = await AgencySession.CreateAsync(factory, "First Log Agency");
        var other = await AgencySession.CreateAsync(factory, "Second Log Agency");
        await factory.UploadAndRunAsync(owner.TenantId, "week.log", SampleLogs.Delivered(0, 10));

        var upload = await factory.UploadAndRunAsync(other.TenantId, "copy.log", SampleLogs.Delivered(0, 10));

        Assert.Equal(10, upload.AttemptsStored);
        Assert.DoesNotContain("already stored", upload.SkippedReasons ?? string.Empty);
    }

    [Fact]
    public async Task FailedEarlierUpload_SkipsNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Failed Overlap Agency");
        var broken = await factory.UploadAsync(
            agency.TenantId, "broken.log", [.. System.Text.Encoding.UTF8.GetBytes(SampleLogs.Delivered(0, 10)), 0xC3, 0x28, (byte)'\n']);
        await factory.RunUploadJobAsync(agency.TenantId, broken.Id);
        Assert.Equal(UploadStatus.Failed, (await factory.ReloadAsync(agency.TenantId, broken.Id)).Status);

        var good = await factory.UploadAndRunAsync(agency.TenantId, "good.log", SampleLogs.Delivered(0, 10));

        Assert.Equal(10, good.AttemptsStored);
        Assert.DoesNotContain("already stored", good.SkippedReasons ?? string.Empty);
    }

    [Fact]
    public async Task RerunOfSameUpload_KeepsItsAttempts()
    {
        var agency = await AgencySession.CreateAsync(factory, "Rerun Log Agency");
        var upload = await factory.UploadAndRunAsync(agency.TenantId, "week.log", SampleLogs.Delivered(0, 10));
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            // As after an interrupted run, the upload waits for its job again with its rows still stored.
            await db.Uploads.Where(u => u.Id == upload.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.Status, UploadStatus.Queued));
        }

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var rerun = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(10, rerun.AttemptsStored);
        Assert.DoesNotContain("already stored", rerun.SkippedReasons ?? string.Empty);
    }

    [Fact]
    public async Task UploadsAtSameMoment_CountAttemptOnce()
    {
        var agency = await AgencySession.CreateAsync(factory, "Same Moment Log Agency");
        var first = await factory.UploadAsync(agency.TenantId, "week.log", SampleLogs.Delivered(0, 10));
        var second = await factory.UploadAsync(agency.TenantId, "partial.log", SampleLogs.Delivered(5, 15));

        // The second upload's job runs to the end after the first job loaded the spans of the
        // completed uploads and just before it checks them again, as when two workers run at once.
        var ingest = factory.IngestWithInterceptor(new RunBeforeSecondSpanQuery(() => factory.RunUploadJobAsync(agency.TenantId, second.Id)));
        await ingest.IngestAsync(agency.TenantId, first.Id, CancellationToken.None);

        var secondDone = await factory.ReloadAsync(agency.TenantId, second.Id);
        var firstDone = await factory.ReloadAsync(agency.TenantId, first.Id);
        Assert.Equal(10, secondDone.AttemptsStored);
        Assert.Equal(UploadStatus.Completed, firstDone.Status);
        Assert.Equal(5, firstDone.AttemptsStored);
        Assert.Contains($"attempt already stored from {SkippedReasonsText.StoredBy("partial.log", secondDone.UploadedAt)}: 5", firstDone.SkippedReasons);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(15, await db.RecipientOutcomes.CountAsync());
    }

    private static long RoutineSkips(Upload upload) => SkippedReasonsText.CountRoutine(upload.SkippedReasons);

}

/// <summary>
/// Runs another job once, before the second query for the spans of completed uploads: the one
/// an upload makes after storing its attempts.
/// </summary>
internal sealed class RunBeforeSecondSpanQuery(Func<Task> otherJob) : DbCommandInterceptor
{
    private int spanQueries;
    private bool ran;

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("\"LastAttemptAt\" IS NOT NULL", StringComparison.Ordinal) && ++spanQueries == 2 && !ran)
        {
            ran = true;
            await otherJob();
        }

        return result;
    }
}

/// <summary>The overlapping log tests on SQLite.</summary>
public sealed class OverlappingLogSqliteTests(PortalFactory factory) : OverlappingLogTests<PortalFactory>(factory);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class OverlappingLogPostgreSqlTests(PostgreSqlPortalFactory factory) : OverlappingLogTests<PostgreSqlPortalFactory>(factory);
