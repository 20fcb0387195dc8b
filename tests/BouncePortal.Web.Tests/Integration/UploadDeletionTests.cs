using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class UploadDeletionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Delete_RemovesUploadFileAndFigures()
    {
        var agency = await AgencySession.CreateAsync(factory, "Deleting Agency");
        var kept = await factory.UploadAsync(agency.TenantId, "kept.log", SampleLogs.TwoMailboxes);
        // A trailing blank line makes the bytes differ, so the second upload is no duplicate.
        var removed = await factory.UploadAsync(agency.TenantId, "removed.log", SampleLogs.TwoMailboxes + "\n");
        await factory.RunUploadJobAsync(agency.TenantId, kept.Id);
        await factory.RunUploadJobAsync(agency.TenantId, removed.Id);
        var storage = factory.Services.GetRequiredService<UploadStorage>();

        var deleted = await GetUploads().DeleteAsync(agency.TenantId, removed.Id, CancellationToken.None);

        Assert.True(deleted);
        Assert.False(File.Exists(storage.GetPath(agency.TenantId, removed.Id)));
        Assert.True(File.Exists(storage.GetPath(agency.TenantId, kept.Id)));
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.False(await db.Uploads.AnyAsync(u => u.Id == removed.Id));
        Assert.False(await db.Attempts.AnyAsync(a => a.UploadId == removed.Id));
        Assert.False(await db.RecipientOutcomes.AnyAsync(o => o.UploadId == removed.Id));
        Assert.False(await db.Rollups.AnyAsync(r => r.UploadId == removed.Id));
        await using var scope = factory.Services.CreateAsyncScope();
        var dashboard = await scope.ServiceProvider.GetRequiredService<BounceDashboardService>().GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(6, dashboard.Agency.Sent);
    }

    [Fact]
    public async Task Delete_OtherAgencyUpload_IsRefused()
    {
        var owner = await AgencySession.CreateAsync(factory, "Owner Deleting Agency");
        var other = await AgencySession.CreateAsync(factory, "Other Deleting Agency");
        var upload = await factory.UploadAsync(owner.TenantId, "owned.log", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(owner.TenantId, upload.Id);

        var deleted = await GetUploads().DeleteAsync(other.TenantId, upload.Id, CancellationToken.None);

        Assert.False(deleted);
        await using var db = factory.OpenDatabase(owner.TenantId);
        Assert.True(await db.Uploads.AnyAsync(u => u.Id == upload.Id));
        Assert.Equal(9, await db.Attempts.CountAsync(a => a.UploadId == upload.Id));
    }

    [Fact]
    public async Task Pages_CarrySecurityHeaders()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/");

        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    private UploadService GetUploads() => factory.Services.CreateScope().ServiceProvider.GetRequiredService<UploadService>();
}
