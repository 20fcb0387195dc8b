using System.Text;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// Shortcuts that drive the portal's own services the way its pages and jobs do.
/// </summary>
public static class PortalTestExtensions
{
    /// <summary>Uploads <paramref name="content"/> as the page does, without running the job.</summary>
    public static async Task<Upload> UploadAsync(this PortalFactory factory, Guid tenantId, string fileName, string content) =>
        await factory.UploadAsync(tenantId, fileName, Encoding.UTF8.GetBytes(content));

    /// <summary>Uploads raw bytes as the page does, without running the job.</summary>
    public static async Task<Upload> UploadAsync(this PortalFactory factory, Guid tenantId, string fileName, byte[] content)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        using var stream = new MemoryStream(content);
        return await uploads.CreateAsync(tenantId, fileName, "tester", stream, progress: null, CancellationToken.None);
    }

    /// <summary>Runs the upload job directly, as the Hangfire worker would.</summary>
    public static async Task RunUploadJobAsync(this PortalFactory factory, Guid tenantId, Guid uploadId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<ProcessUploadJob>();
        await job.RunAsync(tenantId, uploadId, CancellationToken.None);
    }

    /// <summary>Uploads <paramref name="content"/>, runs the upload job and returns the upload as the job left it.</summary>
    public static async Task<Upload> UploadAndRunAsync(this PortalFactory factory, Guid tenantId, string fileName, string content)
    {
        var upload = await factory.UploadAsync(tenantId, fileName, content);
        await factory.RunUploadJobAsync(tenantId, upload.Id);
        return await factory.ReloadAsync(tenantId, upload.Id);
    }

    /// <summary>
    /// Returns an upload job service of the portal whose database contexts run <paramref name="interceptor"/>,
    /// for tests that start another job at a chosen moment of an ingest.
    /// </summary>
    public static UploadIngestService IngestWithInterceptor(this PortalFactory factory, IInterceptor interceptor)
    {
        var services = factory.Services;
        var options = new DbContextOptionsBuilder<BouncePortalDbContext>(services.GetRequiredService<DbContextOptions<BouncePortalDbContext>>())
            .AddInterceptors(interceptor)
            .Options;
        return new UploadIngestService(
            new TenantDbContextFactory(options),
            services.GetRequiredService<UploadStorage>(),
            services.GetRequiredService<AttemptStoreFactory>(),
            TimeProvider.System,
            NullLogger<UploadIngestService>.Instance);
    }

    /// <summary>Opens a database context bound to <paramref name="tenantId"/>.</summary>
    public static BouncePortalDbContext OpenDatabase(this PortalFactory factory, Guid tenantId) =>
        factory.Services.GetRequiredService<TenantDbContextFactory>().CreateForTenant(tenantId);

    /// <summary>Reloads an upload by id within its agency.</summary>
    public static async Task<Upload> ReloadAsync(this PortalFactory factory, Guid tenantId, Guid uploadId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        return await db.Uploads.AsNoTracking().SingleAsync(u => u.Id == uploadId);
    }
}
