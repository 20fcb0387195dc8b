namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// The decompression limits of one zip archive: the total expanded size and the ratio of expanded
/// to compressed bytes, checked against the declared sizes first and the bytes actually read after.
/// </summary>
internal sealed class ExpansionBudget(string source, long maxExpandedBytes, double maxExpansionRatio)
{
    /// <summary>Bytes decompressed so far over all entries.</summary>
    public long ExpandedBytes { get; private set; }

    public void CheckDeclared(long declaredExpandedBytes, long compressedBytes)
    {
        if (declaredExpandedBytes > maxExpandedBytes)
        {
            throw TooLarge($"its entries declare {declaredExpandedBytes:N0} bytes uncompressed");
        }

        if (declaredExpandedBytes > maxExpansionRatio * Math.Max(compressedBytes, 1))
        {
            throw TooCompressed($"its entries declare {declaredExpandedBytes:N0} bytes uncompressed from {compressedBytes:N0} bytes");
        }
    }

    /// <summary>Counts <paramref name="count"/> more decompressed bytes and throws once a limit is passed.</summary>
    public void Add(long count, long compressedBytes)
    {
        ExpandedBytes += count;
        if (ExpandedBytes > maxExpandedBytes)
        {
            throw TooLarge($"its entries expand to more than {maxExpandedBytes:N0} bytes");
        }

        if (ExpandedBytes > maxExpansionRatio * Math.Max(compressedBytes, 1))
        {
            throw TooCompressed($"its entries expand to more than {ExpandedBytes:N0} bytes from {compressedBytes:N0} bytes");
        }
    }

    private LogFormatException TooLarge(string detail) =>
        new(source, null, $"the zip archive is too large to read: {detail}, over the limit of {maxExpandedBytes:N0} bytes; split it into smaller archives");

    private LogFormatException TooCompressed(string detail) =>
        new(
            source,
            null,
            $"the zip archive looks like a decompression bomb: {detail}, more than {maxExpansionRatio} times its compressed size; use the emails themselves or a normally compressed archive");
}
