using System.IO.Compression;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// Reads one zip entry and counts the decompressed bytes, so that an entry whose header
/// understates its size is stopped at the archive's limits instead of filling memory.
/// </summary>
internal sealed class CountingEntryStream(
    Stream inner, ExpansionBudget budget, ZipArchiveEntry entry, string name, long archiveCompressedLength) : Stream
{
    private long entryBytes;

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
        entryBytes += count;

        if (entryBytes > entry.Length)
        {
            throw new LogFormatException(
                name,
                null,
                $"the zip entry expands to more than the {entry.Length} bytes its header declares; create the archive again");
        }

        budget.Add(count, archiveCompressedLength);
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
