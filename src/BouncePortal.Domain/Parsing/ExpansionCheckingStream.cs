namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Passes decompressed bytes through and raises a <see cref="LogFormatException"/> as soon as
/// their total passes the size limit, or passes the ratio limit times the compressed size.
/// </summary>
/// <remarks>
/// The compressed size is the whole input when its length is known up front. Otherwise it is
/// the compressed bytes read so far, which run ahead of the decompressed output because the
/// decompressor reads its input in blocks.
/// </remarks>
internal sealed class ExpansionCheckingStream : Stream
{
    /// <summary>
    /// Decompressed bytes below which the ratio is not checked: a small, repetitive log can
    /// legitimately compress more than 20 times, and a few mebibytes cost nothing to read.
    /// </summary>
    internal const long RatioCheckThreshold = 1024 * 1024;

    private readonly Stream decompressed;
    private readonly CountingStream compressed;
    private readonly long? compressedTotal;
    private readonly long maxExpandedBytes;
    private readonly double maxExpansionRatio;
    private readonly string source;
    private long expandedBytes;

    public ExpansionCheckingStream(Stream decompressed, CountingStream compressed, long? compressedTotal, long maxExpandedBytes, double maxExpansionRatio, string source)
    {
        this.decompressed = decompressed;
        this.compressed = compressed;
        this.compressedTotal = compressedTotal;
        this.maxExpandedBytes = maxExpandedBytes;
        this.maxExpansionRatio = maxExpansionRatio;
        this.source = source;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = decompressed.Read(buffer);
        expandedBytes += count;
        if (expandedBytes > maxExpandedBytes)
        {
            throw new LogFormatException(
                source,
                null,
                $"the gzip file expands to more than {maxExpandedBytes:N0} bytes, the size limit; split the log into smaller files and upload them one by one");
        }

        var compressedBytes = Math.Max(1, compressedTotal ?? compressed.BytesRead);
        if (expandedBytes > RatioCheckThreshold && expandedBytes > maxExpansionRatio * compressedBytes)
        {
            throw new LogFormatException(
                source,
                null,
                $"the gzip file expands more than {maxExpansionRatio:0.#} times its compressed size of {compressedBytes:N0} bytes, which is how a decompression bomb looks, not a log; upload the file uncompressed");
        }

        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decompressed.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A pass-through read-only stream that counts the bytes read.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = inner.Read(buffer);
        BytesRead += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
