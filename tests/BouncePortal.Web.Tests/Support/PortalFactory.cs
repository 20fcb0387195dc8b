using BouncePortal.Infrastructure.Data;
using Hangfire;
using Hangfire.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// Hosts the portal on a fresh data folder of its own, with the top-level appsettings.json, on a
/// fresh SQLite database or, for the PostgreSQL variants, a fresh PostgreSQL database.
/// The Hangfire server is off unless a test turns it on, so tests run jobs directly.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    // False for instances on a database and data folder that the caller shares and deletes.
    private readonly bool ownsStorage;

    public PortalFactory()
        : this(runJobServer: false)
    {
    }

    protected PortalFactory(bool runJobServer, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        RunJobServer = runJobServer;
        Provider = provider;
        DataDirectory = Path.Combine(Path.GetTempPath(), "bounceportal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        if (provider == DatabaseProvider.PostgreSql)
        {
            PostgreSql = PostgreSqlTestDatabase.Create();
        }

        ownsStorage = true;
    }

    /// <summary>
    /// A portal instance on a PostgreSQL database and data folder that the caller created and
    /// deletes, so that several instances share them.
    /// </summary>
    protected PortalFactory(PostgreSqlTestDatabase sharedDatabase, string sharedDataDirectory, bool runJobServer)
    {
        RunJobServer = runJobServer;
        Provider = DatabaseProvider.PostgreSql;
        PostgreSql = sharedDatabase;
        DataDirectory = sharedDataDirectory;
    }

    public bool RunJobServer { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>Further configuration values, applied over the others when the host is built.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The fixture's PostgreSQL database; <c>null</c> on SQLite.</summary>
    public PostgreSqlTestDatabase? PostgreSql { get; }

    public string DataDirectory { get; }

    /// <summary>Every log message of Information level and above that the portal wrote.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Settings a derived factory adds to or changes in the portal's configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BouncePortal.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("BouncePortal.sln not found above the test binaries.");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(RepositoryRoot);
        builder.UseEnvironment("Development");
        builder.UseSetting("BouncePortal:DataDirectory", DataDirectory);
        builder.UseSetting("BouncePortal:RunJobServer", RunJobServer ? "true" : "false");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BouncePortal:DataDirectory"] = DataDirectory,
            ["BouncePortal:RunJobServer"] = RunJobServer ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }.Concat(ExtraSettings)));
        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging
            .AddProvider(Logs)
            .AddFilter<CapturingLoggerProvider>(null, Microsoft.Extensions.Logging.LogLevel.Information));

        if (PostgreSql is not null)
        {
            builder.UseSetting("BouncePortal:Database:Provider", nameof(DatabaseProvider.PostgreSql));
            builder.UseSetting("BouncePortal:Database:ConnectionString", PostgreSql.ConnectionString);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        // The test server leaves the client address empty; a real connection always has one.
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, LoopbackClientStartupFilter>());
    }

    private sealed class LoopbackClientStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);

        // Resolving Hangfire's configuration points its static log provider at this host's logger
        // factory, and Hangfire objects that other hosts create from then on log through it. They
        // would fail once this host is disposed, so each started host hands Hangfire the silent one.
        host.Services.GetService<IGlobalConfiguration>();
        GlobalConfiguration.Configuration.UseLogProvider(new SilentHangfireLogProvider());
        return host;
    }

    protected override void Dispose(bool disposing)
    {
        // Each host start points Hangfire's static log provider at that host's logger factory. Once
        // this host is disposed, a Hangfire type first used by another host would log through the
        // disposed factory and fail its type initializer for the whole test run.
        if (disposing)
        {
            GlobalConfiguration.Configuration.UseLogProvider(new SilentHangfireLogProvider());
        }

        base.Dispose(disposing);
        if (disposing && ownsStorage)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            PostgreSql?.Drop();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing connection stays in the temp folder.
            }
        }
    }
}

/// <summary>
/// A Hangfire log provider that drops every message, used between test hosts.
/// </summary>
internal sealed class SilentHangfireLogProvider : ILogProvider, ILog
{
    public ILog GetLogger(string name) => this;

    public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}

/// <summary>
/// A portal whose Hangfire server runs, for the test that proves a real worker processes an upload.
/// </summary>
public sealed class JobServerPortalFactory() : PortalFactory(runJobServer: true);

/// <summary>
/// A portal on its own PostgreSQL database, with the Hangfire server off.
/// </summary>
public sealed class PostgreSqlPortalFactory() : PortalFactory(runJobServer: false, DatabaseProvider.PostgreSql);

/// <summary>
/// Hangfire keeps its storage in a static, so the test with a real server runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireServerCollection
{
    public const string Name = "Hangfire server";
}
