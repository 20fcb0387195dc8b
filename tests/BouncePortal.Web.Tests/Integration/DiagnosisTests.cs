using BouncePortal.Domain.Diagnostics;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class DiagnosisTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Ingest_GeneratedLog_StoresDiagnosesWithEvidence()
    {
        var agency = await AgencySession.CreateAsync(factory, "Diagnosed Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 3000, mailboxes: 6));

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var diagnoses = await List(agency.TenantId);
        Assert.NotEmpty(diagnoses);
        Assert.All(diagnoses, d => Assert.False(string.IsNullOrWhiteSpace(d.Diagnosis.Evidence)));
        Assert.All(diagnoses, d => Assert.Equal("sample.log", d.FileName));
        Assert.Contains(diagnoses, d => d.Diagnosis.Kind == DiagnosisKind.ProviderThrottling);
        Assert.True(diagnoses.Zip(diagnoses.Skip(1)).All(pair => pair.First.Diagnosis.Severity >= pair.Second.Diagnosis.Severity));
    }

    [Fact]
    public async Task Ingest_Greylisting_IsDiagnosedAsResolved()
    {
        var agency = await AgencySession.CreateAsync(factory, "Greylisted Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var diagnoses = await List(agency.TenantId);
        var greylisting = Assert.Single(diagnoses, d => d.Diagnosis.Kind == DiagnosisKind.GreylistingResolved);
        Assert.Equal(DiagnosisSeverity.Low, greylisting.Diagnosis.Severity);
    }

    [Fact]
    public async Task Diagnoses_OtherAgencyAndDeletedUpload_SeeNone()
    {
        var owner = await AgencySession.CreateAsync(factory, "Owner Diagnosis Agency");
        var other = await AgencySession.CreateAsync(factory, "Other Diagnosis Agency");
        var upload = await factory.UploadAsync(owner.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 1500, mailboxes: 3));
        await factory.RunUploadJobAsync(owner.TenantId, upload.Id);

        Assert.Empty(await List(other.TenantId));
        Assert.Contains("dashboard-empty", await other.GetPageAsync("/dashboard"));
        await using (var db = factory.OpenDatabase(other.TenantId))
        {
            Assert.False(await db.Diagnoses.AnyAsync());
        }

        Assert.NotEmpty(await List(owner.TenantId));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<UploadService>().DeleteAsync(owner.TenantId, upload.Id, CancellationToken.None));
        }

        Assert.Empty(await List(owner.TenantId));
    }

    [Fact]
    public async Task Dashboard_ShowsDiagnosisPanel()
    {
        var agency = await AgencySession.CreateAsync(factory, "Panel Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 3000, mailboxes: 6));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var page = await agency.GetPageAsync("/dashboard");

        Assert.Contains("Why mail is bouncing", page);
        Assert.Contains("data-kind=\"ProviderThrottling\"", page);
        Assert.DoesNotContain("diagnosis-empty", page);
    }

    private async Task<IReadOnlyList<DiagnosisWithUpload>> List(Guid tenantId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DiagnosisListService>().ListAsync(tenantId, CancellationToken.None);
    }
}
