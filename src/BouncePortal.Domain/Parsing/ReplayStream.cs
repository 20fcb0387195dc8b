namespace BouncePortal.Domain.Parsing;

/// <summary>
/// A read-only stream that returns bytes already read from <c>inner</c> before continuing with
/// <c>inner</c>, so a file's first bytes can be inspected without seeking.
/// </summary>
internal sealed class ReplayStream(byte[] prefix, Stream inner) : ReadOnlyStreamWrapper(inner)
{
    private int prefixPosition;

    public override int Read(Span<byte> buffer)
    {
        if (prefixPosition < prefix.Length)
        {
            var count = Math.Min(buffer.Length, prefix.Length - prefixPosition);
            prefix.AsSpan(prefixPosition, count).CopyTo(buffer);
            prefixPosition += count;
            return count;
        }

        return Inner.Read(buffer);
    }
}
