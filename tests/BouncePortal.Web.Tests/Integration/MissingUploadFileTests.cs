using BouncePortal.Domain.Parsing.Sequencer;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// An upload whose stored file is gone from the data folder, as when several portal instances do
/// not share that folder: the Uploads page still loads, names the file and lets staff delete it.
/// </summary>
public sealed class MissingUploadFileTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string UnmappedCsv = """
        contact,smtp_response
        first@example.com,550 5.1.1 no such user
        """;

    [Fact]
    public async Task UploadsPage_StoredFileMissing_LoadsWithError()
    {
        var agency = await AgencySession.CreateAsync(factory, "Missing File Page Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "export.csv", UnmappedCsv);
        Assert.Equal(UploadStatus.AwaitingMapping, upload.Status);
        File.Delete(Storage.GetPath(agency.TenantId, upload.Id));

        var page = await agency.GetPageAsync("/uploads");

        Assert.Contains("data-testid=\"mapping-file-missing\"", page);
        Assert.Contains("The stored copy of export.csv is missing", page);
        Assert.Contains("Delete this upload, then upload export.csv again.", page);
        Assert.Contains("data-testid=\"delete-upload\"", page);
    }

    [Fact]
    public async Task Proposal_StoredFileMissing_ThrowsAndLogsIds()
    {
        var agency = await AgencySession.CreateAsync(factory, "Missing File Log Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "export.csv", UnmappedCsv);
        File.Delete(Storage.GetPath(agency.TenantId, upload.Id));

        var error = await Assert.ThrowsAsync<StoredUploadMissingException>(
            () => Uploads().GetMappingProposalAsync(agency.TenantId, upload.Id, CancellationToken.None));

        Assert.Equal("export.csv", error.FileName);
        var logged = Assert.Single(factory.Logs.Entries, entry => entry.EventId.Id == 1101 && entry.Message.Contains(upload.Id.ToString()));
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains(agency.TenantId.ToString(), logged.Message);
    }

    [Fact]
    public async Task Confirm_StoredFileMissing_ReturnsProblem()
    {
        var agency = await AgencySession.CreateAsync(factory, "Missing File Confirm Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "export.csv", UnmappedCsv);
        File.Delete(Storage.GetPath(agency.TenantId, upload.Id));

        var problem = await Uploads().ConfirmMappingAsync(agency.TenantId, upload.Id, new CsvColumnMapping { RecipientColumn = "contact" }, CancellationToken.None);

        Assert.NotNull(problem);
        Assert.Contains("The stored copy of export.csv is missing", problem);
        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.AwaitingMapping, stored.Status);
        Assert.Null(stored.JobId);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.False(await db.CsvMappingPresets.AnyAsync());
    }

    [Fact]
    public async Task Delete_AgencyFolderMissing_RemovesUpload()
    {
        var agency = await AgencySession.CreateAsync(factory, "Missing Folder Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "export.csv", UnmappedCsv);
        Directory.Delete(Path.GetDirectoryName(Storage.GetPath(agency.TenantId, upload.Id))!, recursive: true);

        var deleted = await Uploads().DeleteAsync(agency.TenantId, upload.Id, CancellationToken.None);

        Assert.True(deleted);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.False(await db.Uploads.AnyAsync(u => u.Id == upload.Id));
    }

    [Fact]
    public async Task OtherAgency_StoredFileMissing_LearnsNothing()
    {
        var owner = await AgencySession.CreateAsync(factory, "Missing File Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Missing File Other Agency");
        var upload = await factory.UploadAsync(owner.TenantId, "secret-export.csv", UnmappedCsv);
        File.Delete(Storage.GetPath(owner.TenantId, upload.Id));

        var proposal = await Uploads().GetMappingProposalAsync(other.TenantId, upload.Id, CancellationToken.None);
        var problem = await Uploads().ConfirmMappingAsync(other.TenantId, upload.Id, new CsvColumnMapping { RecipientColumn = "contact" }, CancellationToken.None);
        var page = await other.GetPageAsync("/uploads");

        Assert.Null(proposal);
        Assert.NotNull(problem);
        Assert.DoesNotContain("secret-export.csv", problem);
        Assert.DoesNotContain("secret-export.csv", page);
        Assert.DoesNotContain("data-testid=\"mapping-file-missing\"", page);
    }

    private UploadStorage Storage => factory.Services.GetRequiredService<UploadStorage>();

    private UploadService Uploads() => factory.Services.CreateScope().ServiceProvider.GetRequiredService<UploadService>();
}
