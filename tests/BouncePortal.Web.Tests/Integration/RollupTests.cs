using BouncePortal.Domain.Analytics;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public abstract class RollupTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    [Fact]
    public async Task Rollups_AgreeWithRecipientOutcomes()
    {
        var agency = await AgencySession.CreateAsync(factory, "Rollup Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 2500, mailboxes: 5));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        await using var db = factory.OpenDatabase(agency.TenantId);
        var outcomes = await db.RecipientOutcomes.AsNoTracking().ToListAsync();
        var rollups = await db.Rollups.AsNoTracking().ToListAsync();

        AssertSlice(rollups, SliceKind.Agency, outcomes.GroupBy(_ => string.Empty));
        AssertSlice(rollups, SliceKind.Mailbox, outcomes.GroupBy(o => o.Sender ?? string.Empty));
        AssertSlice(rollups, SliceKind.RecipientDomain, outcomes.GroupBy(o => o.RecipientDomain));
        AssertSlice(rollups, SliceKind.Provider, outcomes.GroupBy(o => o.Provider.ToString()));
        Assert.Equal(
            outcomes.Count(o => o.SoftBounced && !o.HardBounced && o.FinalOutcome != Domain.Classification.DeliveryOutcome.Delivered),
            rollups.Where(r => r.Kind == SliceKind.Agency).Sum(r => r.UnresolvedSoft));
    }

    [Fact]
    public async Task Dashboard_Window_CountsOnlyItsHours()
    {
        var agency = await AgencySession.CreateAsync(factory, "Window Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 2500, mailboxes: 5));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var outcomes = await db.RecipientOutcomes.AsNoTracking().ToListAsync();
        var firstDay = outcomes.Min(o => o.FirstAttemptAt).Date;
        var window = new DashboardWindow(DateTime.SpecifyKind(firstDay, DateTimeKind.Utc), DateTime.SpecifyKind(firstDay.AddDays(1), DateTimeKind.Utc));

        var dashboard = await GetDashboardAsync(agency.TenantId, window);

        var expected = outcomes.Where(o => o.FirstAttemptAt >= window.FromUtc && o.FirstAttemptAt < window.ToUtc).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < outcomes.Count);
        Assert.Equal(expected.Count, dashboard.Agency.Sent);
        Assert.Equal(expected.Count(o => o.SoftBounced), dashboard.Agency.SoftBounced);
        Assert.Equal(expected.Count(o => o.HardBounced), dashboard.Agency.HardBounced);
        Assert.Single(dashboard.Trend);
    }

    [Fact]
    public async Task Dashboard_Slices_NameDomainsAndProviders()
    {
        var agency = await AgencySession.CreateAsync(factory, "Slice Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var dashboard = await GetDashboardAsync(agency.TenantId, DashboardWindow.All);

        var gmail = Assert.Single(dashboard.Slices[SliceKind.RecipientDomain], s => s.Key == "gmail.com");
        Assert.Equal(new BounceRates(1, 1, 0), gmail.Rates);
        Assert.Contains(dashboard.Slices[SliceKind.Provider], s => s.Key == "Google");
        var sendingDomain = Assert.Single(dashboard.Slices[SliceKind.SendingDomain], s => s.Key == "outreach-example.com");
        Assert.Equal(new BounceRates(4, 2, 1), sendingDomain.Rates);
        Assert.Equal(1, dashboard.UnresolvedSoft);
        Assert.Equal(16.67, dashboard.UnresolvedSoftRate);
    }

    [Fact]
    public async Task SliceTrend_Mailbox_MatchesItsOutcomes()
    {
        var agency = await AgencySession.CreateAsync(factory, "Slice Trend Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 2500, mailboxes: 4));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var outcomes = await db.RecipientOutcomes.AsNoTracking().ToListAsync();
        var mailbox = outcomes.GroupBy(o => o.Sender).OrderByDescending(g => g.Count()).First().Key!;

        await using var scope = factory.Services.CreateAsyncScope();
        var trend = await scope.ServiceProvider.GetRequiredService<BounceDashboardService>()
            .GetSliceTrendAsync(agency.TenantId, DashboardWindow.All, SliceKind.Mailbox, mailbox, CancellationToken.None);

        var expected = outcomes.Where(o => o.Sender == mailbox)
            .GroupBy(o => DateOnly.FromDateTime(o.FirstAttemptAt))
            .OrderBy(g => g.Key)
            .Select(g => new DailyRates(g.Key, new BounceRates(g.Count(), g.Count(o => o.SoftBounced), g.Count(o => o.HardBounced))))
            .ToList();
        Assert.Equal(expected, trend);
    }

    [Fact]
    public async Task SliceTotals_Mailbox_MatchDashboardRow()
    {
        var agency = await AgencySession.CreateAsync(factory, "Slice Totals Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 2500, mailboxes: 4));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var outcomes = await db.RecipientOutcomes.AsNoTracking().ToListAsync();
        var mailbox = outcomes.GroupBy(o => o.Sender).OrderByDescending(g => g.Count()).First().Key!;
        var firstDay = outcomes.Min(o => o.FirstAttemptAt).Date;
        var window = new DashboardWindow(DateTime.SpecifyKind(firstDay, DateTimeKind.Utc), DateTime.SpecifyKind(firstDay.AddDays(1), DateTimeKind.Utc));

        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<BounceDashboardService>();
        var totals = await service.GetSliceTotalsAsync(agency.TenantId, window, SliceKind.Mailbox, mailbox, CancellationToken.None);
        var dashboard = await service.GetAsync(agency.TenantId, window, CancellationToken.None);
        var empty = await service.GetSliceTotalsAsync(agency.TenantId, window, SliceKind.Mailbox, "nobody@outreach-example.com", CancellationToken.None);

        var inWindow = outcomes.Where(o => o.Sender == mailbox && o.FirstAttemptAt >= window.FromUtc && o.FirstAttemptAt < window.ToUtc).ToList();
        Assert.NotEmpty(inWindow);
        Assert.Equal(dashboard.Mailboxes.Single(m => m.Mailbox == mailbox).Rates, totals.Rates);
        Assert.Equal(inWindow.Count, totals.Rates.Sent);
        Assert.Equal(inWindow.Count(o => o.SoftBounced && !o.HardBounced && o.FinalOutcome != Domain.Classification.DeliveryOutcome.Delivered), totals.UnresolvedSoft);
        Assert.Equal(outcomes.Count(o => o.Sender == mailbox), totals.SentInAllData);
        Assert.True(totals.SentInAllData > totals.Rates.Sent);
        Assert.True(totals.From >= window.FromUtc);
        Assert.True(totals.To <= window.ToUtc);
        Assert.Equal(new BounceRates(0, 0, 0), empty.Rates);
        Assert.Equal(0, empty.SentInAllData);
        Assert.Null(empty.From);
    }

    [Fact]
    public async Task Dashboard_EmptyWindow_IsEmptyButKnowsUploads()
    {
        var agency = await AgencySession.CreateAsync(factory, "Empty Window Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var dashboard = await GetDashboardAsync(agency.TenantId, new DashboardWindow(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), null));

        Assert.True(dashboard.IsEmpty);
        Assert.Equal(1, dashboard.CompletedUploads);
    }

    [Fact]
    public async Task Page_ShowsTrendAndSliceTabs()
    {
        var agency = await AgencySession.CreateAsync(factory, "Trend Page Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var page = await agency.GetPageAsync("/dashboard");

        Assert.Contains("trend-chart", page);
        Assert.Contains("Recipient domains", page);
        Assert.Contains("Still failing at the end: 16.67% (1 message);", page);
    }

    [Fact]
    public async Task Page_NoSoftBounceResolved_SaysSo()
    {
        var agency = await AgencySession.CreateAsync(factory, "Unresolved Agency");
        var benOnly = string.Join('\n', SampleLogs.TwoMailboxes.Split('\n').Where(line => line.Contains("2B0000000", StringComparison.Ordinal))) + "\n";
        var upload = await factory.UploadAsync(agency.TenantId, "ben.log", benOnly);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var page = await agency.GetPageAsync("/dashboard");

        Assert.Contains("Still failing at the end: 50.00% (1 message): none of the soft bounces was resolved by a later delivery.", page);
        Assert.DoesNotContain("the rest of the soft bounces", page);
    }

    [Fact]
    public async Task Page_NoSoftBounces_SaysNone()
    {
        var agency = await AgencySession.CreateAsync(factory, "All Delivered Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "delivered.log", SampleLogs.Delivered(0, 3));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var page = await agency.GetPageAsync("/dashboard");

        Assert.Contains("No message soft-bounced in this window.", page);
        Assert.DoesNotContain("Still failing at the end", page);
    }

    private static void AssertSlice(List<BounceRollup> rollups, SliceKind kind, IEnumerable<IGrouping<string, Infrastructure.Uploads.StoredRecipientOutcome>> expected)
    {
        var actual = rollups.Where(r => r.Kind == kind).GroupBy(r => r.Key)
            .ToDictionary(g => g.Key, g => new BounceRates(g.Sum(r => r.Sent), g.Sum(r => r.SoftBounced), g.Sum(r => r.HardBounced)));
        var recomputed = expected.ToDictionary(g => g.Key, g => new BounceRates(g.Count(), g.Count(o => o.SoftBounced), g.Count(o => o.HardBounced)));

        Assert.Equal(recomputed.Count, actual.Count);
        foreach (var (key, rates) in recomputed)
        {
            Assert.Equal(rates, actual[key]);
        }
    }

    private async Task<BounceDashboard> GetDashboardAsync(Guid tenantId, DashboardWindow window)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BounceDashboardService>().GetAsync(tenantId, window, CancellationToken.None);
    }
}

/// <summary>The rollup tests on SQLite.</summary>
public sealed class RollupSqliteTests(PortalFactory factory) : RollupTests<PortalFactory>(factory);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class RollupPostgreSqlTests(PostgreSqlPortalFactory factory) : RollupTests<PostgreSqlPortalFactory>(factory);
