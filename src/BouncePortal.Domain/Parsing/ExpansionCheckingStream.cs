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
internal sealed class ExpansionCheckingStream(
    Stream decompressed, CountingStream compressed, long? compressedTotal, long maxExpandedBytes, double maxExpansionRatio, string source)
    : ReadOnlyStreamWrapper(decompressed)
{
    /// <summary>
    /// Decompressed bytes below which the ratio is not checked: a small, repetitive log can
    /// legitimately compress more than 20 times, and a few mebibytes cost nothing to read.
    /// </summary>
    internal const long RatioCheckThreshold = 1024 * 1024;

    private long expandedBytes;

    public override int Read(Span<byte> buffer)
    {
        var count = Inner.Read(buffer);
        expandedBytes += count;
        if (expandedBytes > maxExpandedBytes)
        {
            throw new LogFormatException(
                source,
                null,
                $"the gzip file expands to more than {maxExpandedBytes:N0} bytes, the size limit; split the log into smaller files");
        }

        var compressedBytes = Math.Max(1, compressedTotal ?? compressed.BytesRead);
        if (expandedBytes > RatioCheckThreshold && expandedBytes > maxExpansionRatio * compressedBytes)
        {
            throw new LogFormatException(
                source,
                null,
                $"the gzip file expands more than {maxExpansionRatio:0.#} times its compressed size of {compressedBytes:N0} bytes, which is how a decompression bomb looks, not a log; use the file uncompressed");
        }

        return count;
    }
}

/// <summary>A pass-through read-only stream that counts the bytes read.</summary>
internal sealed class CountingStream(Stream inner) : ReadOnlyStreamWrapper(inner)
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var count = Inner.Read(buffer);
        BytesRead += count;
        return count;
    }
}
