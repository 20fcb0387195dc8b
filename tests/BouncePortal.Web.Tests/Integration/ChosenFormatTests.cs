using System.Text;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// A format chosen by hand that automatic detection contradicts is kept, named in the format
/// reason, and can be replaced by the detected one without uploading the file again.
/// </summary>
public sealed class ChosenFormatTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<Upload> UploadAsAsync(Guid tenantId, InputFormat format)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(SampleLogs.TwoMailboxes));
        return await uploads.CreateAsync(tenantId, "maillog", null, content, null, CancellationToken.None, format);
    }

    private async Task<bool> RedetectAsync(Guid tenantId, Guid uploadId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UploadService>().RedetectAsync(tenantId, uploadId, CancellationToken.None);
    }

    [Fact]
    public async Task WrongChoice_NamesDetectedFormat()
    {
        var agency = await AgencySession.CreateAsync(factory, "Wrong Choice Agency");

        var upload = await UploadAsAsync(agency.TenantId, InputFormat.KumoMta);

        Assert.Equal(InputFormat.KumoMta, upload.DetectedFormat);
        Assert.StartsWith("chosen at upload, but automatic detection reads the content as Postfix maillog at ", upload.FormatReason);
        Assert.True(UploadInspector.DisagreesWithDetection(upload.FormatReason));
    }

    [Fact]
    public async Task RightChoice_IsNotQuestioned()
    {
        var agency = await AgencySession.CreateAsync(factory, "Right Choice Agency");
        var upload = await UploadAsAsync(agency.TenantId, InputFormat.Postfix);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var done = await factory.ReloadAsync(agency.TenantId, upload.Id);

        Assert.Equal("chosen at upload", done.FormatReason);
        Assert.False(UploadService.CanRedetect(done));
        Assert.False(await RedetectAsync(agency.TenantId, upload.Id));
    }

    [Fact]
    public async Task WrongChoice_FailedRun_ReadAsDetected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Read As Detected Agency");
        var upload = await UploadAsAsync(agency.TenantId, InputFormat.KumoMta);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var failed = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, failed.Status);
        Assert.False(failed.FileRejected);
        Assert.True(UploadService.CanRedetect(failed));

        var other = await AgencySession.CreateAsync(factory, "Read As Detected Other Agency");
        Assert.False(await RedetectAsync(other.TenantId, upload.Id));
        Assert.True(await RedetectAsync(agency.TenantId, upload.Id));
        var queued = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Queued, queued.Status);
        Assert.Null(queued.RequestedFormat);
        Assert.Null(queued.Error);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var done = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.True(done.Status == UploadStatus.Completed, done.Error);
        Assert.Equal(InputFormat.Postfix, done.DetectedFormat);
        Assert.Equal(9, done.AttemptsStored);
        Assert.False(UploadService.CanRedetect(done));
    }
}
