using System.IO.Compression;
using System.Text;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Tests.Parsing;

public sealed class LogFileReaderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bounceportal-reader-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A log large enough that the gzip stream ends well after the first block.</summary>
    private static string LargeLog()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            builder.Append(PostfixSamples.All[i % PostfixSamples.All.Length]).Append('\n');
        }

        return builder.ToString();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string ReadAll(Stream stream, string source)
    {
        using var reader = LogFileReader.Open(stream, source);
        return reader.ReadToEnd();
    }

    [Fact]
    public void Plain_IsReadAsUtf8()
    {
        var text = "Jun 11 14:05:30 mta2 postfix/smtp[1]: note: Grüße\n";

        var read = ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text)), "mail.log");

        Assert.Equal(text, read);
    }

    [Fact]
    public void Gzip_EqualsPlain()
    {
        var text = LargeLog();
        var path = WriteFile("mail.log.gz", Gzip(Encoding.UTF8.GetBytes(text)));

        using var stream = File.OpenRead(path);
        var read = ReadAll(stream, "mail.log.gz");

        Assert.Equal(text, read);
    }

    [Fact]
    public void Gzip_ParsesLikePlain()
    {
        var text = LargeLog();
        var plainPath = WriteFile("mail.log", Encoding.UTF8.GetBytes(text));
        var gzipPath = WriteFile("mail.log.gz", Gzip(Encoding.UTF8.GetBytes(text)));

        var plain = ParseFile(plainPath);
        var gzip = ParseFile(gzipPath);

        Assert.Equal(plain.Count, gzip.Count);
        Assert.Equal(plain, gzip);
    }

    private static List<DeliveryAttempt> ParseFile(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = LogFileReader.Open(stream, "mail.log");
        return new PostfixLogParser("mail.log", PostfixSamples.UploadedAt).Parse(reader).ToList();
    }

    [Fact]
    public void Empty_Throws()
    {
        var error = Assert.Throws<LogFormatException>(() => LogFileReader.Open(new MemoryStream(), "empty.log"));

        Assert.Equal("empty.log", error.Source);
        Assert.Null(error.Line);
        Assert.Contains("empty", error.Problem);
    }

    [Fact]
    public void EmptyGzip_Throws()
    {
        // A complete gzip member around zero bytes of content.
        byte[] emptyGzip = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

        var error = Assert.Throws<LogFormatException>(() => LogFileReader.Open(new MemoryStream(emptyGzip), "empty.log.gz"));

        Assert.Contains("no data", error.Problem);
    }

    [Fact]
    public void Binary_Throws()
    {
        var bytes = new byte[] { 0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00 };

        var error = Assert.Throws<LogFormatException>(() => LogFileReader.Open(new MemoryStream(bytes), "logs.zip"));

        Assert.Equal("logs.zip", error.Source);
        Assert.Contains("binary", error.Problem);
    }

    [Fact]
    public void BinaryInsideGzip_Throws()
    {
        var bytes = Gzip(new byte[] { 0x41, 0x00, 0x42 });

        var error = Assert.Throws<LogFormatException>(() => LogFileReader.Open(new MemoryStream(bytes), "dump.gz"));

        Assert.Contains("binary", error.Problem);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(5000)]
    public void TruncatedGzip_Throws(int bytesCut)
    {
        var full = Gzip(Encoding.UTF8.GetBytes(LargeLog()));
        var path = WriteFile("mail.log.gz", full[..^bytesCut]);

        using var stream = File.OpenRead(path);
        var error = Assert.Throws<LogFormatException>(() => ReadAll(stream, "mail.log.gz"));

        Assert.Equal("mail.log.gz", error.Source);
        Assert.Contains("truncated", error.Problem);
        Assert.DoesNotContain("several", error.Problem);
    }

    [Fact]
    public void TwoGzipMembers_ThrowsNamingBothCauses()
    {
        var first = Gzip(Encoding.UTF8.GetBytes(LargeLog()));
        var second = Gzip(Encoding.UTF8.GetBytes(PostfixSamples.Sent + "\n"));

        var error = Assert.Throws<LogFormatException>(() => ReadAll(new MemoryStream([.. first, .. second]), "joined.log.gz"));

        Assert.Equal("joined.log.gz", error.Source);
        Assert.Contains("truncated", error.Problem);
        Assert.Contains("joins several gzip files", error.Problem);
    }

    [Fact]
    public void TruncatedSmallGzip_ThrowsOnOpen()
    {
        var full = Gzip(Encoding.UTF8.GetBytes(PostfixSamples.Sent + "\n"));

        var error = Assert.Throws<LogFormatException>(() => LogFileReader.Open(new MemoryStream(full[..^3]), "small.gz"));

        Assert.Contains("truncated", error.Problem);
    }

    [Fact]
    public void CorruptGzipChecksum_Throws()
    {
        var bytes = Gzip(Encoding.UTF8.GetBytes(LargeLog()));
        bytes[^6] ^= 0xff;

        var error = Assert.Throws<LogFormatException>(() => ReadAll(new MemoryStream(bytes), "mail.log.gz"));

        Assert.Contains("corrupt", error.Problem);
    }

    [Fact]
    public void TruncatedGzip_ThrowsThroughParser()
    {
        var full = Gzip(Encoding.UTF8.GetBytes(LargeLog()));
        using var reader = LogFileReader.Open(new MemoryStream(full[..^100]), "mail.log.gz");
        var parser = new PostfixLogParser("mail.log.gz", PostfixSamples.UploadedAt);

        var error = Assert.Throws<LogFormatException>(() => parser.Parse(reader).ToList());

        Assert.Contains("truncated", error.Problem);
    }

    [Fact]
    public void NonSeekableStream_IsRead()
    {
        var text = LargeLog();
        using var pipe = new NonSeekableStream(Gzip(Encoding.UTF8.GetBytes(text)));

        var read = ReadAll(pipe, "stdin");

        Assert.Equal(text, read);
    }

    [Fact]
    public void OneByteFile_IsRead()
    {
        var read = ReadAll(new MemoryStream([0x41]), "a.log");

        Assert.Equal("A", read);
    }

    /// <summary>A stream that cannot seek or report its length and returns few bytes per read, like a pipe.</summary>
    private sealed class NonSeekableStream(byte[] content) : Stream
    {
        private readonly MemoryStream inner = new(content);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
