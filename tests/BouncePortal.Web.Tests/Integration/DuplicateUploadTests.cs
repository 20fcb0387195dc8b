using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using BouncePortal.Domain.Analytics;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class DuplicateUploadTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Upload_Plain_StoresSha256OfBytes()
    {
        var agency = await AgencySession.CreateAsync(factory, "Hash Agency");

        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(Sha256(SampleLogs.TwoMailboxes), stored.ContentSha256);
    }

    [Fact]
    public async Task Upload_Gzip_StoresSha256OfContent()
    {
        var agency = await AgencySession.CreateAsync(factory, "Gzip Hash Agency");

        var upload = await factory.UploadAsync(agency.TenantId, "maillog.gz", Gzip(SampleLogs.TwoMailboxes));

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(Sha256(SampleLogs.TwoMailboxes), stored.ContentSha256);
    }

    [Fact]
    public async Task Upload_CorruptGzip_StoresSha256OfBytes()
    {
        var agency = await AgencySession.CreateAsync(factory, "Corrupt Gzip Hash Agency");
        var compressed = Gzip(SampleLogs.TwoMailboxes);
        var cut = compressed[..(compressed.Length / 2)];

        var upload = await factory.UploadAsync(agency.TenantId, "cut.log.gz", cut);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(cut)), stored.ContentSha256);
    }

    [Fact]
    public async Task Upload_IdenticalBytes_IsRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Duplicate Agency");
        var first = await factory.UploadAsync(agency.TenantId, "maillog-june.log", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, first.Id);

        var rejected = await Assert.ThrowsAsync<DuplicateUploadException>(
            () => factory.UploadAsync(agency.TenantId, "maillog-copy.log", SampleLogs.TwoMailboxes));

        Assert.Equal(first.Id, rejected.EarlierUploadId);
        Assert.Contains("maillog-june.log", rejected.Message);
        Assert.Contains(first.UploadedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), rejected.Message);
        Assert.Contains("delete that upload first", rejected.Message);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal([first.Id], await db.Uploads.Select(u => u.Id).ToListAsync());
        var folder = Path.GetDirectoryName(factory.Services.GetRequiredService<UploadStorage>().GetPath(agency.TenantId, first.Id))!;
        Assert.Single(Directory.GetFiles(folder));
        Assert.Equal(new BounceRates(6, 3, 1), (await GetDashboardAsync(agency.TenantId)).Agency);
    }

    [Fact]
    public async Task Upload_IdenticalAtOnce_OneIsRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Concurrent Duplicate Agency");
        var bytes = Encoding.UTF8.GetBytes(SampleLogs.TwoMailboxes);

        var attempts = Enumerable.Range(0, 4)
            .Select(i => Task.Run(() => factory.UploadAsync(agency.TenantId, $"maillog-{i}", bytes)))
            .ToList();
        var settled = await Task.WhenAll(attempts.Select(async attempt =>
        {
            try
            {
                return (Upload: await attempt, Error: (Exception?)null);
            }
            catch (Exception error)
            {
                return (Upload: (Upload?)null, Error: error);
            }
        }));

        Assert.Single(settled, result => result.Upload is not null);
        Assert.All(settled.Where(result => result.Upload is null), result => Assert.IsType<DuplicateUploadException>(result.Error));
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(1, await db.Uploads.CountAsync());
        var accepted = settled.Single(result => result.Upload is not null).Upload!;
        var folder = Path.GetDirectoryName(factory.Services.GetRequiredService<UploadStorage>().GetPath(agency.TenantId, accepted.Id))!;
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Upload_IdenticalToAwaitingMapping_IsRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Duplicate Mapping Agency");
        const string Csv = "contact,outcome\nfirst@example.com,BOUNCE\n";
        var first = await factory.UploadAsync(agency.TenantId, "contacts.csv", Csv);
        Assert.Equal(UploadStatus.AwaitingMapping, first.Status);

        var rejected = await Assert.ThrowsAsync<DuplicateUploadException>(() => factory.UploadAsync(agency.TenantId, "contacts.csv", Csv));

        Assert.Equal(first.Id, rejected.EarlierUploadId);
    }

    [Fact]
    public async Task Upload_AfterDeletingEarlier_IsAccepted()
    {
        var agency = await AgencySession.CreateAsync(factory, "Reimport Agency");
        var first = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, first.Id);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<UploadService>().DeleteAsync(agency.TenantId, first.Id, CancellationToken.None));
        }

        var again = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, again.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, again.Id);
        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        Assert.Equal(new BounceRates(6, 3, 1), (await GetDashboardAsync(agency.TenantId)).Agency);
    }

    [Fact]
    public async Task Upload_IdenticalToFailed_ReplacesIt()
    {
        var agency = await AgencySession.CreateAsync(factory, "Failed Reimport Agency");
        const string notes = "call the client on Monday\nsend the report\n";
        var failed = await factory.UploadAsync(agency.TenantId, "notes.txt", notes);
        Assert.Equal(UploadStatus.Failed, (await factory.ReloadAsync(agency.TenantId, failed.Id)).Status);

        var again = await factory.UploadAsync(agency.TenantId, "notes.txt", notes);

        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal([again.Id], await db.Uploads.Select(u => u.Id).ToListAsync());
        Assert.False(File.Exists(factory.Services.GetRequiredService<UploadStorage>().GetPath(agency.TenantId, failed.Id)));
    }

    [Fact]
    public async Task Upload_SameBytesOtherAgency_IsAccepted()
    {
        var owner = await AgencySession.CreateAsync(factory, "First Duplicate Agency");
        var other = await AgencySession.CreateAsync(factory, "Second Duplicate Agency");
        var first = await factory.UploadAsync(owner.TenantId, "maillog", SampleLogs.TwoMailboxes);

        var second = await factory.UploadAsync(other.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(other.TenantId, second.Id);

        Assert.Equal(first.ContentSha256, second.ContentSha256);
        var stored = await factory.ReloadAsync(other.TenantId, second.Id);
        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        Assert.Equal(new BounceRates(6, 3, 1), (await GetDashboardAsync(other.TenantId)).Agency);
        await using var db = factory.OpenDatabase(other.TenantId);
        Assert.False(await db.Uploads.AnyAsync(u => u.Id == first.Id));
    }

    [Fact]
    public async Task Upload_GzipOfEarlierLog_IsRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Container Agency");
        var plain = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);

        var rejected = await Assert.ThrowsAsync<DuplicateUploadException>(
            () => factory.UploadAsync(agency.TenantId, "maillog.gz", Gzip(SampleLogs.TwoMailboxes)));

        Assert.Equal(plain.Id, rejected.EarlierUploadId);
        Assert.Contains("same content as maillog", rejected.Message);
    }

    [Fact]
    public async Task Upload_LogOfEarlierGzip_IsRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Reverse Container Agency");
        var compressed = await factory.UploadAsync(agency.TenantId, "maillog.gz", Gzip(SampleLogs.TwoMailboxes, CompressionLevel.SmallestSize));

        var rejected = await Assert.ThrowsAsync<DuplicateUploadException>(
            () => factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes));
        var regzipped = await Assert.ThrowsAsync<DuplicateUploadException>(
            () => factory.UploadAsync(agency.TenantId, "maillog-fast.gz", Gzip(SampleLogs.TwoMailboxes)));

        Assert.Equal(compressed.Id, rejected.EarlierUploadId);
        Assert.Equal(compressed.Id, regzipped.EarlierUploadId);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal([compressed.Id], await db.Uploads.Select(u => u.Id).ToListAsync());
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static byte[] Gzip(string text, CompressionLevel level = CompressionLevel.Fastest)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, level, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private async Task<BounceDashboard> GetDashboardAsync(Guid tenantId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BounceDashboardService>().GetAsync(tenantId, CancellationToken.None);
    }
}
