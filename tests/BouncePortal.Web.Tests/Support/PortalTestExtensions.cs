using System.Text;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
