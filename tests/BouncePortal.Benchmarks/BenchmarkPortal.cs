extern alias web;

using System.Collections.Concurrent;
using System.Diagnostics;
using BouncePortal.Infrastructure.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Benchmarks;

/// <summary>
/// Hosts the portal in process on a given data folder, with the top-level appsettings.json and
/// the Hangfire server off, and records how long the server takes to handle each timed request.
/// </summary>
internal sealed class BenchmarkPortal(string dataDirectory, BenchmarkDatabase database) : WebApplicationFactory<web::Program>
{
    /// <summary>Server-side times of the requests whose path starts with <see cref="TimedPath"/>, in arrival order.</summary>
    public ConcurrentQueue<TimeSpan> ServerTimes { get; } = new();

    /// <summary>The SQL recorder added to the portal's database contexts.</summary>
    public QueryPlans QueryPlans { get; } = new();

    /// <summary>The path whose requests are timed. Default /dashboard.</summary>
    public string TimedPath { get; init; } = "/dashboard";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(FindRepositoryRoot());
        builder.UseEnvironment("Development");
        builder.UseSetting("BouncePortal:DataDirectory", dataDirectory);
        builder.UseSetting("BouncePortal:RunJobServer", "false");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BouncePortal:DataDirectory"] = dataDirectory,
            ["BouncePortal:RunJobServer"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        foreach (var (key, value) in database.Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new RequestTimer(this));
            services.ConfigureDbContext<BouncePortalDbContext>(options => options.AddInterceptors(QueryPlans));
        });
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BouncePortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BouncePortal.sln not found above the benchmark binaries.");
    }

    /// <summary>
    /// Times the whole pipeline of a request, from the first middleware until the page has been
    /// rendered and written, so the figure excludes only the in-memory transport of the test host.
    /// </summary>
    private sealed class RequestTimer(BenchmarkPortal portal) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate nextMiddleware) =>
            {
                var stopwatch = Stopwatch.StartNew();
                await nextMiddleware(context);
                if (context.Request.Path.StartsWithSegments(portal.TimedPath))
                {
                    portal.ServerTimes.Enqueue(stopwatch.Elapsed);
                }
            });
            next(app);
        };
    }
}
