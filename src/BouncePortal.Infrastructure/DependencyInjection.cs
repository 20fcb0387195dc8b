using BouncePortal.Infrastructure.Attempts;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Identity.Email;
using BouncePortal.Infrastructure.Lifecycle;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Settings;
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
        services.AddScoped<RetentionService>();
        services.AddScoped<RetentionJobs>();
        services.AddScoped<AgencyDeletionService>();

        // Account emails go through SMTP when a host is configured, and only then does sign-in need a
        // confirmed address. Without a host (the development default) they are written to the log.
        services.AddSingleton<IEmailSender<ApplicationUser>>(provider =>
            provider.GetRequiredService<IOptions<BouncePortalOptions>>().Value.Smtp.IsConfigured
                ? ActivatorUtilities.CreateInstance<SmtpEmailSender>(provider)
                : ActivatorUtilities.CreateInstance<LoggingEmailSender>(provider));
        services.AddOptions<IdentityOptions>().Configure<IOptions<BouncePortalOptions>>((identity, portal) =>
            identity.SignIn.RequireConfirmedAccount = portal.Value.Smtp.IsConfigured);
        return services;
    }

    /// <summary>The connection string of the portal's SQLite database.</summary>
    public static string SqliteConnectionString(DataDirectory dataDirectory) =>
        $"Data Source={dataDirectory.DatabasePath};Pooling=True;Default Timeout=60";
}
