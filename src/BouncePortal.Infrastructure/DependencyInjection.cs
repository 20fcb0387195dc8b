using BouncePortal.Infrastructure.Attempts;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Infrastructure.Suppression;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BouncePortal.Infrastructure;

/// <summary>
/// Registers the database, storage and services of BouncePortal.
/// </summary>
public static class DependencyInjection
{
    /// <summary>
    /// Adds the infrastructure services. Relative data directories resolve against
    /// <paramref name="contentRootPath"/>.
    /// </summary>
    public static IServiceCollection AddBouncePortalInfrastructure(
        this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.AddOptions<BouncePortalOptions>()
            .Bind(configuration.GetSection(BouncePortalOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(provider =>
            new DataDirectory(provider.GetRequiredService<IOptions<BouncePortalOptions>>().Value.DataDirectory, contentRootPath));

        services.AddDbContext<BouncePortalDbContext>(
            (provider, options) => options.UseSqlite(SqliteConnectionString(provider.GetRequiredService<DataDirectory>())),
            optionsLifetime: ServiceLifetime.Singleton);

        // The database schema includes Identity's version 3 tables (passkeys), whichever host builds the model.
        services.Configure<IdentityOptions>(options => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TenantDbContextFactory>();
        services.AddSingleton<UploadStorage>();
        services.AddScoped<UploadService>();
        services.AddScoped<UploadIngestService>();
        services.AddScoped<ProcessUploadJob>();
        services.AddScoped<BounceDashboardService>();
        services.AddScoped<MailboxInventoryService>();
        services.AddScoped<AgencySignupService>();
        services.AddScoped<SuppressionListService>();
        services.AddScoped<AttemptExplorerService>();
        services.AddScoped<DiagnosisListService>();
        services.AddScoped<AgencySettingsService>();
        AddHealthChecks(services);
        return services;
    }

    // StopTheBleedService and HealthCheckService need INotificationPublisher, IChecklistOpener and
    // IAuditLog, which the notification, checklist and audit features register. Factory
    // registrations resolve them on first use, so the host's start-up validation does not
    // fail in a build where one of them is not registered yet.
    private static void AddHealthChecks(IServiceCollection services)
    {
        services.AddScoped<AlertService>();
        services.AddScoped(provider => ActivatorUtilities.CreateInstance<HealthCheckService>(provider));
        services.AddScoped(provider => ActivatorUtilities.CreateInstance<AgencyHealthCheckJob>(provider));
        services.AddScoped<HealthCheckSchedulerJob>();
        services.AddScoped(provider => ActivatorUtilities.CreateInstance<StopTheBleedService>(provider));
        services.AddScoped(provider => ActivatorUtilities.CreateInstance<ResumeWorkflowJob>(provider));
        services.AddScoped<RampPlanService>();
        services.AddSingleton<OverdueResumeRunner>();
        services.AddHostedService<OverdueResumeStartup>();
    }

    /// <summary>The connection string of the portal's SQLite database.</summary>
    public static string SqliteConnectionString(DataDirectory dataDirectory) =>
        $"Data Source={dataDirectory.DatabasePath};Pooling=True;Default Timeout=60";
}
