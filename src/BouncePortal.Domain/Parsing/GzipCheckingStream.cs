using System.Buffers.Binary;
using System.IO.Compression;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Decompresses gzip and checks at the end that the input ended with a complete trailer.
/// </summary>
/// <remarks>
/// <see cref="GZipStream"/> verifies the CRC-32 and size of a trailer that is present, but it
/// ends without an error when the input stops early (seen on .NET 10). This stream therefore
/// compares the trailer's ISIZE field, the last four bytes of the input, with the number of
/// bytes decompressed modulo 2^32.
/// NOTE: a file of several concatenated gzip members is rejected too, because ISIZE only
/// covers the last member. The error distinguishes the two cases only by size: a last member
/// cannot be larger than all the data, so an ISIZE above the decompressed length means the
/// file is truncated, while a smaller ISIZE may come from either case.
/// </remarks>
internal sealed class GzipCheckingStream : ReadOnlyStreamWrapper
{
    private readonly TailRecordingStream compressed;
    private readonly string source;
    private uint decompressedLength;
    private bool checkedTrailer;

    public GzipCheckingStream(Stream compressedInput, string source)
        : this(new TailRecordingStream(compressedInput), source)
    {
    }

    private GzipCheckingStream(TailRecordingStream compressed, string source)
        : base(new GZipStream(compressed, CompressionMode.Decompress))
    {
        this.compressed = compressed;
        this.source = source;
    }

    public override int Read(Span<byte> buffer)
    {
        int count;
        try
        {
            count = Inner.Read(buffer);
        }
        catch (InvalidDataException)
        {
            // GZipStream reports a bad header, CRC or size with a misleading "unsupported compression
            // method" about an archive entry, so its message is left out.
            throw new LogFormatException(
                source,
                null,
                "the gzip data is corrupt: the compressed bytes cannot be decompressed; compress the maillog again or use it uncompressed");
        }

        decompressedLength = unchecked(decompressedLength + (uint)count);
        if (count == 0 && buffer.Length > 0 && !checkedTrailer)
        {
            checkedTrailer = true;
            CheckTrailer();
        }

        return count;
    }

    private void CheckTrailer()
    {
        compressed.DrainToEnd();
        const int TrailerLength = 8;
        const int MinimumGzipLength = 18;
        if (compressed.TotalLength < MinimumGzipLength)
        {
            throw Truncated();
        }

        var trailerLength = BinaryPrimitives.ReadUInt32LittleEndian(compressed.Tail[(TrailerLength - 4)..]);
        if (trailerLength == decompressedLength)
        {
            return;
        }

        // The decompressed length wraps at 4 GiB like ISIZE, so this test can misjudge only larger files.
        if (trailerLength > decompressedLength)
        {
            throw Truncated();
        }

        throw new LogFormatException(
            source,
            null,
            "the gzip file's trailer does not match its data, so either the file is truncated or it joins several gzip files into one " +
            "(as 'cat a.gz b.gz' makes), which BouncePortal does not accept; copy the whole file again, or compress the uncompressed log " +
            "into a single gzip file, or use it uncompressed");
    }

    private LogFormatException Truncated() => new(
        source,
        null,
        "the gzip file is truncated: it ends before its gzip trailer; copy the whole file again, or use it uncompressed");

    /// <summary>A pass-through stream that keeps the last eight bytes read and the total length.</summary>
    private sealed class TailRecordingStream(Stream inner) : ReadOnlyStreamWrapper(inner)
    {
        private readonly byte[] tail = new byte[8];

        public long TotalLength { get; private set; }

        /// <summary>The last eight bytes read, oldest first. Only meaningful when at least eight were read.</summary>
        public ReadOnlySpan<byte> Tail => tail;

        public void DrainToEnd()
        {
            Span<byte> scratch = stackalloc byte[4096];
            while (Read(scratch) > 0)
            {
            }
        }

        public override int Read(Span<byte> buffer)
        {
            var count = Inner.Read(buffer);
            Record(buffer[..count]);
            return count;
        }

        private void Record(ReadOnlySpan<byte> read)
        {
            TotalLength += read.Length;
            if (read.Length >= tail.Length)
            {
                read[^tail.Length..].CopyTo(tail);
                return;
            }

            // Shift the kept bytes left and append the new ones.
            tail.AsSpan(read.Length).CopyTo(tail);
            read.CopyTo(tail.AsSpan(tail.Length - read.Length));
        }
    }
}
