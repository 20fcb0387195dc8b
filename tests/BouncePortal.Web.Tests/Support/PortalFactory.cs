using BouncePortal.Infrastructure.Audit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// Hosts the portal on a fresh SQLite data folder of its own, with the top-level appsettings.json.
/// The Hangfire server is off unless a test turns it on, so tests run jobs directly.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public PortalFactory()
        : this(runJobServer: false)
    {
    }

    protected PortalFactory(bool runJobServer)
    {
        RunJobServer = runJobServer;
        DataDirectory = Path.Combine(Path.GetTempPath(), "bounceportal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
    }

    public bool RunJobServer { get; }

    public string DataDirectory { get; }

    /// <summary>Every audit record the portal wrote.</summary>
    public RecordingAuditLog AuditLog { get; } = new();

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
            .AddFilter<CapturingLoggerProvider>(null, LogLevel.Information));

        // The audit log is built elsewhere; tests read what the portal records.
        builder.ConfigureTestServices(services => services.AddSingleton<IAuditLog>(AuditLog));
    }

    protected override void Dispose(bool disposing)
    {
        // Hangfire logs through a static provider that the last host to start points at its own
        // logger factory. Reset it before that factory is disposed, so hosts still running in
        // other tests create Hangfire clients and filters without an ObjectDisposedException.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
/// A portal whose Hangfire server runs, for the test that proves a real worker processes an upload.
/// </summary>
public sealed class JobServerPortalFactory() : PortalFactory(runJobServer: true);

/// <summary>
/// Hangfire keeps its storage in a static, so the test with a real server runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireServerCollection
{
    public const string Name = "Hangfire server";
}
