using System.Text;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// What an upload records about its format after the job, and what the job logs when it rejects one.
/// </summary>
public sealed class UploadFormatReasonTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string CustomCsv = """
        Recipient,Sender Email,Result,Bounce Reason,Sent At
        sales@example.com,anna@outreach.example.com,bounced,550 5.1.1 The email account that you tried to reach does not exist.,2024-06-11 09:15:31
        raj@example.net,anna@outreach.example.com,delivered,,2024-06-11 09:14:00
        """;

    [Fact]
    public async Task ConfirmedMapping_KeepsDetectedConfidence()
    {
        var agency = await AgencySession.CreateAsync(factory, "Reason Mapping Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "export.csv", CustomCsv);
        Assert.Equal(UploadStatus.AwaitingMapping, upload.Status);
        var detectedConfidence = upload.FormatConfidence;
        var detectedReason = upload.FormatReason;
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        var proposal = await uploads.GetMappingProposalAsync(agency.TenantId, upload.Id, CancellationToken.None);
        Assert.NotNull(proposal);

        Assert.Null(await uploads.ConfirmMappingAsync(agency.TenantId, upload.Id, proposal.Suggested, CancellationToken.None));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        Assert.NotNull(detectedConfidence);
        Assert.True(detectedConfidence < 1, $"detected confidence {detectedConfidence}");
        Assert.Equal(detectedConfidence, stored.FormatConfidence);
        Assert.Equal(detectedReason!.Replace("; confirm the column mapping", string.Empty) + "; the user confirmed the column mapping", stored.FormatReason);
        Assert.DoesNotContain("confirm the column mapping;", stored.FormatReason);
        Assert.DoesNotContain("chosen by the user", stored.FormatReason);
    }

    [Fact]
    public async Task SavedMapping_ReasonSurvivesTheJob()
    {
        var agency = await AgencySession.CreateAsync(factory, "Reason Saved Mapping Agency");
        var first = await factory.UploadAsync(agency.TenantId, "export.csv", CustomCsv);
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        var proposal = await uploads.GetMappingProposalAsync(agency.TenantId, first.Id, CancellationToken.None);
        Assert.NotNull(proposal);
        Assert.Null(await uploads.ConfirmMappingAsync(agency.TenantId, first.Id, proposal.Suggested, CancellationToken.None));

        // A later export with the same columns; identical bytes would be rejected as a duplicate.
        var second = await factory.UploadAsync(agency.TenantId, "export-2.csv", CustomCsv + "\nmia@example.org,anna@outreach.example.com,delivered,,2024-06-12 10:00:00");
        await factory.RunUploadJobAsync(agency.TenantId, second.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, second.Id);
        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        Assert.Equal(second.FormatConfidence, stored.FormatConfidence);
        Assert.EndsWith("; columns mapped as confirmed for an earlier upload", stored.FormatReason);
        Assert.DoesNotContain("confirm the column mapping", stored.FormatReason);
    }

    [Fact]
    public async Task Rejected_WithoutLine_LogsNoLine()
    {
        var agency = await AgencySession.CreateAsync(factory, "Reason Binary Agency");
        // A gzip file cut short after the head that format detection reads at upload, so the job
        // finds the damage, which has no line.
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            var lines = string.Concat(Enumerable.Repeat(SampleBounces.PostfixBouncedLine + "\n", 8 * FormatDetector.HeadSize / SampleBounces.PostfixBouncedLine.Length));
            gzip.Write(Encoding.UTF8.GetBytes(lines));
        }

        var upload = await factory.UploadAsync(agency.TenantId, "maillog.gz", compressed.ToArray()[..(int)(compressed.Length * 3 / 4)]);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        var logged = Assert.Single(factory.Logs.Entries, entry => entry.Message.Contains(upload.Id.ToString(), StringComparison.Ordinal) && entry.Message.Contains("rejected", StringComparison.Ordinal));
        Assert.Equal($"Upload {upload.Id} of agency {agency.TenantId} was rejected; the reason is stored with the upload", logged.Message);
    }

    [Fact]
    public async Task Rejected_AtLine_LogsTheLine()
    {
        var agency = await AgencySession.CreateAsync(factory, "Reason Line Agency");
        var content = Encoding.UTF8.GetBytes(SampleBounces.PostfixBouncedLine + "\n").Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).ToArray();
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", content);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.Contains("line 2", stored.Error);
        var logged = Assert.Single(factory.Logs.Entries, entry => entry.Message.Contains(upload.Id.ToString(), StringComparison.Ordinal) && entry.Message.Contains("rejected", StringComparison.Ordinal));
        Assert.Equal($"Upload {upload.Id} of agency {agency.TenantId} was rejected at line 2; the reason is stored with the upload", logged.Message);
    }
}
