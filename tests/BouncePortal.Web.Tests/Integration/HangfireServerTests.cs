using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;

namespace BouncePortal.Web.Tests.Integration;

[Collection(HangfireServerCollection.Name)]
public sealed class HangfireServerTests(JobServerPortalFactory factory) : IClassFixture<JobServerPortalFactory>
{
    [Fact]
    public async Task Upload_RealJobServer_CompletesOnSqliteStorage()
    {
        var agency = await AgencySession.CreateAsync(factory, "Hangfire Agency");

        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);

        Assert.NotNull(upload.JobId);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        while (stored.Status is UploadStatus.Queued or UploadStatus.Processing && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        }

        Assert.Equal(UploadStatus.Completed, stored.Status);
        Assert.Equal(9, stored.AttemptsStored);
    }
}
