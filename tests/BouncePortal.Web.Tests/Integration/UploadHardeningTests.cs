using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>A portal whose agencies may store 1 MB each unless an agency has its own quota.</summary>
public sealed class SmallQuotaPortalFactory : PortalFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["BouncePortal:StorageQuotaMegabytes"] = "1",
    };
}

public sealed class UploadHardeningTests(SmallQuotaPortalFactory factory) : IClassFixture<SmallQuotaPortalFactory>
{
    private static readonly byte[] SixHundredKilobytes = Filler(600 * 1024);

    [Fact]
    public async Task Upload_BeyondQuota()
    {
        var session = await AgencySession.CreateAsync(factory, "Full Agency");
        await factory.UploadAsync(session.TenantId, "first.log", SixHundredKilobytes);

        var refused = await Assert.ThrowsAsync<StorageQuotaExceededException>(() => factory.UploadAsync(session.TenantId, "second.log", SixHundredKilobytes));

        Assert.Contains("600.0 KB of 1.0 MB are used", refused.Message);
        Assert.Contains("Delete old uploads", refused.Message);
        await using var db = factory.OpenDatabase(session.TenantId);
        Assert.Single(await db.Uploads.ToListAsync());
        Assert.Single(Directory.GetFiles(AgencyFolder(session.TenantId)));
    }

    [Fact]
    public async Task Upload_QuotaReached()
    {
        var session = await AgencySession.CreateAsync(factory, "Brim Agency");
        await factory.UploadAsync(session.TenantId, "exact.log", Filler(1024 * 1024));

        var refused = await Assert.ThrowsAsync<StorageQuotaExceededException>(() => factory.UploadAsync(session.TenantId, "tiny.log", "x"));

        Assert.Contains("1.0 MB of 1.0 MB are used", refused.Message);
    }

    [Fact]
    public async Task Upload_AgencyOwnQuota()
    {
        var large = await AgencySession.CreateAsync(factory, "Large Quota Agency");
        var other = await AgencySession.CreateAsync(factory, "Default Quota Agency");
        await using (var db = factory.OpenDatabase(large.TenantId))
        {
            var agency = await db.Agencies.SingleAsync(a => a.Id == large.TenantId);
            agency.StorageQuotaMegabytes = 3;
            await db.SaveChangesAsync();
        }

        await factory.UploadAsync(large.TenantId, "one.log", SixHundredKilobytes);
        // Identical bytes would be rejected as a duplicate upload, so the second file differs in one byte.
        var secondFile = SixHundredKilobytes.ToArray();
        secondFile[^1] = (byte)'y';
        await factory.UploadAsync(large.TenantId, "two.log", secondFile);
        await factory.UploadAsync(other.TenantId, "one.log", SixHundredKilobytes);
        await Assert.ThrowsAsync<StorageQuotaExceededException>(() => factory.UploadAsync(other.TenantId, "two.log", SixHundredKilobytes));

        await using var scope = factory.Services.CreateAsyncScope();
        var usage = await scope.ServiceProvider.GetRequiredService<UploadService>().GetStorageUsageAsync(large.TenantId, CancellationToken.None);
        Assert.Equal(2 * 600 * 1024, usage.UsedBytes);
        Assert.Equal(3 * 1024 * 1024, usage.AllowedBytes);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("a/b.log", "b.log")]
    [InlineData("..\\..\\windows\\win.ini", "..\\..\\windows\\win.ini")]
    [InlineData("/etc/shadow", "shadow")]
    public async Task Upload_ClientFileNameWithPath(string clientName, string shown)
    {
        var session = await AgencySession.CreateAsync(factory, "Path Agency");
        var dataRoot = factory.Services.GetRequiredService<DataDirectory>().RootPath;
        var before = Directory.GetFiles(dataRoot, "*", SearchOption.AllDirectories).ToHashSet();

        var upload = await factory.UploadAsync(session.TenantId, clientName, SampleBounces.PostfixBouncedLine + "\n");

        var created = Directory.GetFiles(dataRoot, "*", SearchOption.AllDirectories).Where(path => !before.Contains(path) && !path.EndsWith("-wal", StringComparison.Ordinal) && !path.EndsWith("-shm", StringComparison.Ordinal)).ToList();
        var stored = Assert.Single(created);
        Assert.Equal(Path.Combine(AgencyFolder(session.TenantId), upload.Id.ToString("N") + ".upload"), stored);
        Assert.Equal(shown, upload.FileName);
        if (!Path.IsPathRooted(clientName))
        {
            Assert.False(File.Exists(Path.Combine(AgencyFolder(session.TenantId), clientName)));
        }
    }

    [Fact]
    public async Task Ingest_RecipientAddressesInLogs()
    {
        var session = await AgencySession.CreateAsync(factory, "Quiet Agency");
        var upload = await factory.UploadAsync(session.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(session.TenantId, upload.Id);
        var rejected = await factory.UploadAsync(session.TenantId, "broken.log.gz", "to=<j.doe@example.com> not gzip at all");
        await factory.RunUploadJobAsync(session.TenantId, rejected.Id);

        string[] recipients = ["j.doe@example.com", "sales@example.com", "cfo@example.org", "ops@gmail.com", "lead@example.net", "info@example.net"];
        var entries = factory.Logs.Entries;

        // The capture works: the job's completion line is there.
        Assert.Contains(entries, e => e.Message.Contains(upload.Id.ToString(), StringComparison.Ordinal) && e.Message.Contains("completed", StringComparison.Ordinal));
        foreach (var entry in entries)
        {
            foreach (var recipient in recipients)
            {
                Assert.False(entry.FullText.Contains(recipient, StringComparison.OrdinalIgnoreCase), $"A log message names the recipient {recipient}: {entry.Category}: {entry.FullText}");
            }
        }
    }

    [Fact]
    public async Task CorruptGzip_ErrorNamesUploadedFile()
    {
        var session = await AgencySession.CreateAsync(factory, "Corrupt Gzip Agency");
        // A valid gzip header whose first deflate block has the reserved block type 3, so the format
        // detection at upload fails on the first bytes it decompresses and no job runs.
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(SampleLogs.TwoMailboxes, 200))));
        }

        var corrupt = compressed.ToArray();
        corrupt[10] = 0b111;

        var upload = await factory.UploadAsync(session.TenantId, "corrupt.log.gz", corrupt);

        var failed = await factory.ReloadAsync(session.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, failed.Status);
        Assert.StartsWith("corrupt.log.gz: the gzip data is corrupt", failed.Error);
        Assert.DoesNotContain(".upload", failed.Error);
    }

    private string AgencyFolder(Guid tenantId) =>
        Path.Combine(factory.Services.GetRequiredService<DataDirectory>().UploadsPath, tenantId.ToString("N"));

    /// <summary>
    /// Returns <paramref name="size"/> bytes of Postfix log lines, cut at the size. A valid log is kept
    /// and counts against the quota, where a file in no known format is deleted with its failure.
    /// </summary>
    private static byte[] Filler(int size)
    {
        var line = System.Text.Encoding.UTF8.GetBytes(SampleBounces.PostfixBouncedLine + "\n");
        return Enumerable.Range(0, size).Select(i => line[i % line.Length]).ToArray();
    }
}
