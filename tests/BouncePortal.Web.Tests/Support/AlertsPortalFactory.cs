using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// A portal with a clock the test moves and recording stand-ins for the notification, checklist
/// and audit services. Two factories given the same data folder and clock act as one portal
/// stopped and started again.
/// </summary>
public class AlertsPortalFactory : PortalFactory
{
    private readonly string? sharedDataDirectory;

    public AlertsPortalFactory()
        : this(null, null)
    {
    }

    protected AlertsPortalFactory(DatabaseProvider provider)
        : this(null, null, provider)
    {
    }

    private AlertsPortalFactory(string? sharedDataDirectory, ManualTimeProvider? clock, DatabaseProvider provider = DatabaseProvider.Sqlite)
        : base(runJobServer: false, provider)
    {
        this.sharedDataDirectory = sharedDataDirectory;
        Clock = clock ?? new ManualTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    }

    public ManualTimeProvider Clock { get; }

    /// <summary>Creates a portal on <paramref name="dataDirectory"/>, which the caller deletes, running on <paramref name="clock"/>.</summary>
    public static AlertsPortalFactory OnDataDirectory(string dataDirectory, ManualTimeProvider clock) => new(dataDirectory, clock);

    public RecordingNotificationPublisher Notifications { get; } = new();

    public RecordingChecklistOpener Checklists { get; } = new();

    public RecordingAuditLog Audit { get; } = new();

    public string EffectiveDataDirectory => sharedDataDirectory ?? DataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (sharedDataDirectory is not null)
        {
            builder.UseSetting("BouncePortal:DataDirectory", sharedDataDirectory);
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BouncePortal:DataDirectory"] = sharedDataDirectory,
            }));
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<INotificationPublisher>(Notifications);
            services.AddSingleton<IChecklistOpener>(Checklists);
            services.AddSingleton<IAuditLog>(Audit);
        });
    }
}

/// <summary>
/// <see cref="AlertsPortalFactory"/> on its own PostgreSQL database.
/// </summary>
public sealed class PostgreSqlAlertsPortalFactory() : AlertsPortalFactory(DatabaseProvider.PostgreSql);
