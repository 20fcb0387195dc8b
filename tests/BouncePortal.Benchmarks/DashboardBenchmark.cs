using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Benchmarks;

/// <summary>
/// Times the dashboard's queries and the full server-side render of /dashboard for one agency
/// with millions of stored attempts.
/// </summary>
internal static partial class DashboardBenchmark
{
    private const int WarmUps = 5;
    private const int Runs = 50;
    private const string OwnerEmail = "owner@agency.example.com";
    private const string OwnerPassword = "Bounce-Portal-42";

    /// <summary>File in a kept data folder that marks seeding as finished. It contains the agency's tenant id.</summary>
    private const string SeededMarker = "dashboard-benchmark-tenant.txt";

    /// <summary>Seeds or reuses the data folder, prints the timings and returns the page's line.</summary>
    public static async Task<string> RunAsync(string[] args)
    {
        var attempts = long.Parse(Benchmarks.ValueOf(args, "--attempts") ?? "10000000", CultureInfo.InvariantCulture);
        var keep = Benchmarks.ValueOf(args, "--keep");
        var database = BenchmarkDatabase.FromArgs(args);
        var dataDirectory = keep is null
            ? Path.Combine(Path.GetTempPath(), "bounceportal-dashboard-" + Guid.NewGuid().ToString("N"))
            : Path.GetFullPath(keep);
        var marker = Path.Combine(dataDirectory, SeededMarker);
        if (!File.Exists(marker) && File.Exists(Path.Combine(dataDirectory, "bounceportal.db")))
        {
            throw new InvalidOperationException($"{dataDirectory} contains a database this benchmark did not finish seeding; pass a new or empty folder to --keep.");
        }

        Timings page;
        await using (var portal = new BenchmarkPortal(dataDirectory, database))
        {
            var services = portal.Services;
            var tenantId = File.Exists(marker)
                ? Guid.Parse(await File.ReadAllTextAsync(marker))
                : await SeedAsync(services, attempts, marker);

            var lastDayEnd = await PrintStoredAsync(services, tenantId);
            await MeasureQueriesAsync(services, tenantId, lastDayEnd);
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                // NOTE: query plans are printed for SQLite only; on PostgreSQL run EXPLAIN ANALYZE by hand.
                await PrintQueryPlansAsync(portal, tenantId);
            }

            page = await MeasurePageAsync(portal);
        }

        if (keep is null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }

        return page.ToString();
    }

    private static async Task<Guid> SeedAsync(IServiceProvider services, long attempts, string marker)
    {
        Guid tenantId;
        await using (var scope = services.CreateAsyncScope())
        {
            var signup = await scope.ServiceProvider.GetRequiredService<AgencySignupService>()
                .CreateAsync("Benchmark Agency", "Benchmark Owner", OwnerEmail, OwnerPassword, CancellationToken.None);
            if (!signup.Succeeded)
            {
                throw new InvalidOperationException("Creating the agency failed: " + string.Join(" ", signup.Errors));
            }

            tenantId = signup.Agency!.Id;
        }

        var seeded = await DashboardSeeder.SeedAsync(services, tenantId, attempts, Console.Out);
        Console.WriteLine($"seed: {seeded.Attempts:N0} attempts in {seeded.Uploads} uploads took {seeded.Elapsed.TotalSeconds:0} s "
            + $"({seeded.Generating.TotalSeconds:0} s generating logs, {seeded.Ingesting.TotalSeconds:0} s ingesting = "
            + $"{seeded.Attempts / seeded.Ingesting.TotalSeconds:N0} attempts/s)");

        await File.WriteAllTextAsync(marker, tenantId.ToString());
        return tenantId;
    }

    /// <summary>Prints what the agency has stored and returns the end (midnight UTC) of its last day with rollups.</summary>
    private static async Task<DateTime> PrintStoredAsync(IServiceProvider services, Guid tenantId)
    {
        await using var db = services.GetRequiredService<TenantDbContextFactory>().CreateForTenant(tenantId);
        var attempts = await db.Attempts.LongCountAsync();
        var outcomes = await db.RecipientOutcomes.LongCountAsync();
        var rollups = await db.Rollups.LongCountAsync();
        var uploads = await db.Uploads.CountAsync();
        var first = await db.Rollups.Where(r => r.Kind == SliceKind.Agency).MinAsync(r => r.HourUtc);
        var last = await db.Rollups.Where(r => r.Kind == SliceKind.Agency).MaxAsync(r => r.HourUtc);
        var databaseBytes = db.Database.IsSqlite()
            ? new FileInfo(db.Database.GetDbConnection().DataSource).Length
            : await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync();

        Console.WriteLine($"stored: {attempts:N0} attempts, {outcomes:N0} recipient outcomes, {rollups:N0} rollup rows from {uploads} uploads, "
            + $"first attempts {first:yyyy-MM-dd} to {last:yyyy-MM-dd}; database {databaseBytes / (1024.0 * 1024.0):N0} MB");
        return last.Date.AddDays(1);
    }

    private static async Task MeasureQueriesAsync(IServiceProvider services, Guid tenantId, DateTime lastDayEnd)
    {
        await using var scope = services.CreateAsyncScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<BounceDashboardService>();
        var inventory = scope.ServiceProvider.GetRequiredService<MailboxInventoryService>();
        var diagnoses = scope.ServiceProvider.GetRequiredService<DiagnosisListService>();
        var none = CancellationToken.None;

        (string Name, DashboardWindow Window)[] windows =
        [
            ("dashboard, all data", DashboardWindow.All),
            ("dashboard, last 7 days", new DashboardWindow(lastDayEnd.AddDays(-7), lastDayEnd)),
            ("dashboard, last 30 days", new DashboardWindow(lastDayEnd.AddDays(-30), lastDayEnd)),
        ];
        foreach (var (name, window) in windows)
        {
            Console.WriteLine(await Timings.MeasureAsync(name, WarmUps, Runs, () => dashboard.GetAsync(tenantId, window, none)));
        }

        Console.WriteLine(await Timings.MeasureAsync("discovered mailboxes", WarmUps, Runs, () => inventory.ListDiscoveredAsync(tenantId, none)));
        Console.WriteLine(await Timings.MeasureAsync("diagnoses", WarmUps, Runs, () => diagnoses.ListAsync(tenantId, none)));
    }

    private static async Task PrintQueryPlansAsync(BenchmarkPortal portal, Guid tenantId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<BounceDashboardService>();
        portal.QueryPlans.Recording = true;
        await dashboard.GetAsync(tenantId, DashboardWindow.All, CancellationToken.None);
        portal.QueryPlans.Recording = false;

        await using var db = portal.Services.GetRequiredService<TenantDbContextFactory>().CreateForTenant(tenantId);
        portal.QueryPlans.Print(db.Database.GetConnectionString()!, Console.Out);
    }

    private static async Task<Timings> MeasurePageAsync(BenchmarkPortal portal)
    {
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await SignInAsync(client);

        var mailboxCards = 0;
        var requests = await Timings.MeasureAsync("page, client side", WarmUps, Runs, async () =>
        {
            using var response = await client.GetAsync("/dashboard");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET /dashboard returned {response.StatusCode}.");
            }

            mailboxCards = MailboxCard().Count(body);
        });
        Console.WriteLine(requests);
        Console.WriteLine($"page: the last render shows {mailboxCards} mailbox cards");

        // The portal timed the warm-up requests too; only the measured runs count.
        return new Timings("page GET /dashboard, server side", portal.ServerTimes.TakeLast(Runs).ToList());
    }

    private static async Task SignInAsync(HttpClient client)
    {
        var form = new Dictionary<string, string>();
        var page = await client.GetStringAsync("/Account/Login");
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            form[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        form["Input.Email"] = OwnerEmail;
        form["Input.Password"] = OwnerPassword;
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(form));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {OwnerEmail} failed: the login page returned {response.StatusCode} instead of a redirect.");
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("data-testid=\"mailbox-card\"")]
    private static partial Regex MailboxCard();
}
