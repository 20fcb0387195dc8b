using BouncePortal.Infrastructure.Attempts;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Identity.Email;
using BouncePortal.Infrastructure.Lifecycle;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Infrastructure.Platform;
using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Infrastructure.Suppression;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
            .Validate(
                options => options.Roles != PortalRoles.None && (options.Roles & ~(PortalRoles.Web | PortalRoles.Jobs)) == 0,
                "BouncePortal:Roles must be Web, Jobs or Web,Jobs.")
            .Validate(
                options => options.Database.Provider != DatabaseProvider.PostgreSql || !string.IsNullOrWhiteSpace(options.Database.ConnectionString),
                "BouncePortal:Database:Provider is PostgreSql but BouncePortal:Database:ConnectionString is empty.")
            .ValidateOnStart();

        services.AddSingleton(provider =>
            new DataDirectory(provider.GetRequiredService<IOptions<BouncePortalOptions>>().Value.DataDirectory, contentRootPath));

        services.AddDbContext<BouncePortalDbContext>(
            (provider, options) => DatabaseProviderSetup.Configure(
                options,
                provider.GetRequiredService<IOptions<BouncePortalOptions>>().Value,
                provider.GetRequiredService<DataDirectory>()),
            optionsLifetime: ServiceLifetime.Singleton);

        // The database schema includes Identity's version 3 tables (passkeys), whichever host builds the model.
        services.Configure<IdentityOptions>(options => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TenantDbContextFactory>();
        services.AddSingleton<UploadStorage>();
        services.AddScoped<UploadService>();
        services.AddScoped<UploadIngestService>();
        services.AddSingleton<AttemptStoreFactory>();
        services.AddScoped<ProcessUploadJob>();
        services.AddScoped<BounceDashboardService>();
        services.AddScoped<MailboxInventoryService>();
        services.AddScoped<AgencySignupService>();
        services.AddScoped<SuppressionListService>();
        services.AddScoped<AttemptExplorerService>();
        services.AddScoped<DiagnosisListService>();
        services.AddScoped<AgencySettingsService>();
        AddChecklists(services);
        AddNotifications(services);
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<AuditLogReader>();
        services.TryAddScoped<IAuditActorSource, NoAuditActorSource>();
        services.AddScoped<AgencyMembersService>();
        services.AddScoped<InvitationAcceptanceService>();
        services.AddScoped<PlatformAgenciesService>();
        AddHealthChecks(services);
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

    private static void AddChecklists(IServiceCollection services)
    {
        services.AddScoped<ChecklistService>();
        services.AddScoped<IChecklistOpener>(provider => provider.GetRequiredService<ChecklistService>());
        services.AddScoped<ChecklistQueryService>();
    }

    private static void AddNotifications(IServiceCollection services)
    {
        // Stored SMTP passwords, webhook secrets and sign-in cookies must outlive a restart and be
        // readable by every portal instance, so the data protection key ring lives in the database.
        services.AddDataProtection()
            .SetApplicationName("BouncePortal")
            .PersistKeysToDbContext<BouncePortalDbContext>();

        services.AddHttpClient(WebhookNotificationSender.HttpClientName, client => client.Timeout = WebhookNotificationSender.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        services.AddSingleton<NotificationSecrets>();
        services.AddSingleton<NotificationTargets>();
        services.AddSingleton<EmailNotificationSender>();
        services.AddSingleton<WebhookNotificationSender>();
        services.AddScoped<NotificationDeliveryService>();
        services.AddScoped<DeliverNotificationJob>();
        services.AddScoped<INotificationPublisher, NotificationPublisher>();
        services.AddScoped<NotificationSettingsService>();
    }

    private static void AddHealthChecks(IServiceCollection services)
    {
        services.AddScoped<AlertService>();
        services.AddScoped<HealthCheckService>();
        services.AddScoped<AgencyHealthCheckJob>();
        services.AddScoped<HealthCheckSchedulerJob>();
        services.AddScoped<StopTheBleedService>();
        services.AddScoped<ResumeWorkflowJob>();
        services.AddScoped<RampPlanService>();
        services.AddSingleton<OverdueResumeRunner>();
        services.AddHostedService<OverdueResumeStartup>();
    }

    /// <summary>The connection string of the portal's SQLite database.</summary>
    public static string SqliteConnectionString(DataDirectory dataDirectory) =>
        $"Data Source={dataDirectory.DatabasePath};Pooling=True;Default Timeout=60";
}
