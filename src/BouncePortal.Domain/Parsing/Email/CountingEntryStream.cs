using System.IO.Compression;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// Reads one zip entry, counts the decompressed bytes against the archive's limits and, at the end,
/// checks the size and CRC-32 that the entry's header declares.
/// </summary>
/// <remarks>
/// System.IO.Compression (.NET 10) stops an entry silently at its declared size. A header that
/// understates the size therefore shows up only as a checksum mismatch. The count still stops any
/// reader that returns more bytes than declared.
/// </remarks>
internal sealed class CountingEntryStream(
    Stream inner, ExpansionBudget budget, ZipArchiveEntry entry, string name, long archiveCompressedLength) : ReadOnlyStreamWrapper(inner)
{
    private long entryBytes;
    private uint crc = uint.MaxValue;
    private bool verified;

    public override int Read(Span<byte> buffer)
    {
        var count = Inner.Read(buffer);
        entryBytes += count;

        if (entryBytes > entry.Length)
        {
            throw new LogFormatException(
                name,
                null,
                $"the zip entry expands to more than the {entry.Length:N0} bytes its header declares; create the archive again");
        }

        budget.Add(count, archiveCompressedLength);
        crc = Crc32.Append(crc, buffer[..count]);
        if (count == 0 && buffer.Length > 0)
        {
            VerifyEnd();
        }

        return count;
    }

    private void VerifyEnd()
    {
        if (verified)
        {
            return;
        }

        verified = true;
        if (entryBytes != entry.Length || ~crc != entry.Crc32)
        {
            throw new LogFormatException(
                name,
                null,
                "the zip entry's content does not match the size or checksum its header declares; the archive is damaged or forged, so create it again");
        }
    }
}
