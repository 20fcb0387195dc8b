using System.IO.Compression;

namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// The first bytes of a file's content, which format detection and the column-mapping preview read.
/// </summary>
public static class FileHead
{
    /// <summary>
    /// Reads the first <see cref="FormatDetector.HeadSize"/> bytes of the file at <paramref name="path"/>,
    /// decompressed when it is gzip. Throws <see cref="LogFormatException"/> naming
    /// <paramref name="fileName"/> when the gzip data is corrupt.
    /// </summary>
    public static byte[] Read(string path, string fileName)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var magic = new byte[2];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        using Stream content = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;

        var head = new byte[FormatDetector.HeadSize];
        try
        {
            var length = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return head[..length];
        }
        catch (InvalidDataException)
        {
            // The decompressor's own message speaks of an archive entry's compression method, which misleads for a gzip file.
            throw new LogFormatException(fileName, null, "the gzip data is corrupt: the compressed bytes cannot be decompressed; compress the file again");
        }
    }
}
