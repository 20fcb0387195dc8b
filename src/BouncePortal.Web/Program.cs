using BouncePortal.Infrastructure;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Lifecycle;
using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Components;
using BouncePortal.Web.Components.Account;
using BouncePortal.Web.Exports;
using BouncePortal.Web.Jobs;
using BouncePortal.Web.Lifecycle;
using BouncePortal.Web.Security;
using BouncePortal.Web.Tenancy;
using Hangfire;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddMudServices();

builder.Services.AddBouncePortalInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddScoped<CurrentAgency>();
builder.Services.AddScoped<PortalAccess>();
builder.Services.AddScoped<CircuitClient>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<IAuditActorSource, PortalAuditActorSource>();

builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<IdentityRedirectManager>();
builder.Services.AddScoped<AccountLinks>();
builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

builder.Services.AddAuthentication(options =>
    {
        options.DefaultScheme = IdentityConstants.ApplicationScheme;
        options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
    })
    .AddIdentityCookies();
builder.Services.AddAuthorization(options => options.AddPortalPolicies());

// A signed-in cookie is checked against the stored user as often as a circuit is: a removed
// user is rejected and a changed role is re-issued within minutes.
builder.Services.Configure<SecurityStampValidatorOptions>(options =>
    options.ValidationInterval = IdentityRevalidatingAuthenticationStateProvider.Interval);

// The portal sends X-Frame-Options: DENY on every response itself (see below).
builder.Services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);
builder.Services.AddDatabaseDeveloperPageExceptionFilter();

builder.Services.AddIdentityCore<ApplicationUser>(options =>
    {
        // RequireConfirmedAccount follows BouncePortal:Smtp (see AddBouncePortalInfrastructure).
        options.Password.RequiredLength = PasswordPolicy.MinimumLength;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = true;
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
    })
    .AddRoles<IdentityRole>()
    .AddEntityFrameworkStores<BouncePortalDbContext>()
    .AddSignInManager()
    .AddClaimsPrincipalFactory<AgencyClaimsPrincipalFactory>()
    .AddDefaultTokenProviders();

builder.Services.AddExceptionHandler<CorrelatedExceptionHandler>();

// The job storage is this host's own singleton: Hangfire's static JobStorage.Current would be
// shared by every host in a process, such as the test hosts.
builder.Services.AddSingleton<JobStorage>(provider => JobStorageSetup.Create(
    provider.GetRequiredService<IOptions<BouncePortalOptions>>().Value, provider.GetRequiredService<DataDirectory>()));
builder.Services.AddHangfire((provider, configuration) => configuration
    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
    .UseSimpleAssemblyNameTypeSerializer()
    .UseRecommendedSerializerSettings()
    .UseStorage(provider.GetRequiredService<JobStorage>()));

// Roles (Web, Jobs or both) let several instances share one database: web instances enqueue,
// and every instance with the Jobs role fetches from the same Hangfire queue.
var portalOptions = builder.Configuration.GetSection(BouncePortalOptions.SectionName).Get<BouncePortalOptions>()
    ?? new BouncePortalOptions();
if (portalOptions.RunsJobs)
{
    builder.Services.AddHangfireServer(options =>
    {
        options.Queues = [DeliverNotificationJob.Queue, ProcessUploadJob.Queue, "default"];
        options.WorkerCount = Math.Max(2, Environment.ProcessorCount);
    });
}

var maxUploadBytes = portalOptions.MaxUploadBytes;
builder.Services.AddServerSideBlazor().AddHubOptions(hub => hub.MaximumReceiveMessageSize = 64 * 1024);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxUploadBytes);
builder.Services.Configure<FormOptions>(form =>
{
    form.MultipartBodyLengthLimit = maxUploadBytes;
    form.BufferBodyLengthLimit = maxUploadBytes;
});

var app = builder.Build();

await DatabaseInitializer.MigrateAsync(app.Services);

// One hourly job queues each agency's health check once its own interval (Settings) has passed.
app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<HealthCheckSchedulerJob>(
    HealthCheckSchedulerJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Hourly());

if (!portalOptions.ServesPages)
{
    // A job-only instance serves no pages: every request gets 404.
    app.Run();
    return;
}

// Users never see a stack trace, in Development either: the error page shows a correlation id
// that CorrelatedExceptionHandler writes to the log with the exception.
// A bad request (such as a form post without its antiforgery token) keeps its 400.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/Error",
    CreateScopeForErrors = true,
    StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
if (app.Environment.IsDevelopment())
{
    app.UseMigrationsEndPoint();
}
else
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

// CSP with a script nonce, no framing, no sniffing, no referrer, on every response (Blazor's own
// frame-ancestors header is turned off below).
app.UseSecurityHeaders();

// A browser that reconnects its circuit during shutdown would hold the host for its full timeout.
// It comes before the status code pages, which would render its 503 response as a page.
app.UseMiddleware<CircuitShutdownMiddleware>();

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);

app.MapAdditionalIdentityEndpoints();
app.MapExportEndpoints();
app.MapAgencyDeletionEndpoint();

app.UseHangfireDashboard("/hangfire", new DashboardOptions
{
    AsyncAuthorization = [new HangfireDashboardAuthorization()],
    DisplayStorageConnectionString = false,
});

// One daily job queues a retention pass per agency; each pass is safe to run again.
app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RetentionJobs>(
    RetentionJobs.RecurringJobId, jobs => jobs.EnqueuePassesAsync(CancellationToken.None), Cron.Daily(3));

app.Run();

/// <summary>The web application's entry point, public for integration tests.</summary>
public partial class Program;
