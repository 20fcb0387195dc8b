using System.IO.Compression;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Looks at the start of a stored upload: its format and, for a CSV, its header row and first rows.
/// </summary>
public static class UploadInspector
{
    /// <summary>Rows shown in the column-mapping preview.</summary>
    public const int PreviewRows = 5;

    /// <summary>
    /// Detects the format from the file's first bytes (decompressed when gzip), unless
    /// <paramref name="requested"/> names it. Throws <see cref="LogFormatException"/> when no format fits.
    /// </summary>
    public static FormatDetection DetectFormat(string path, string fileName, InputFormat? requested)
    {
        if (requested is { } format)
        {
            return new FormatDetection(format, 1, "chosen at upload");
        }

        return FormatDetector.Detect(ReadHead(path, fileName), fileName);
    }

    /// <summary>Reads the header row and the first rows of a CSV upload for the mapping step.</summary>
    public static CsvPreview PreviewCsv(string path, string fileName) =>
        CsvPreview.ReadHead(ReadHead(path, fileName), PreviewRows, fileName);

    /// <summary>Returns the header row lower-cased and joined with commas: the key of a saved mapping.</summary>
    public static string HeaderSignature(IEnumerable<string> headers) =>
        string.Join(',', headers.Select(h => h.Trim().ToLowerInvariant()));

    /// <summary>Reads the stored file's first bytes. Errors name <paramref name="fileName"/>, the name staff uploaded.</summary>
    private static byte[] ReadHead(string path, string fileName)
    {
        using var file = File.OpenRead(path);
        var magic = new byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
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
        catch (InvalidDataException corrupt)
        {
            throw new LogFormatException(fileName, null, $"the gzip data is corrupt ({corrupt.Message}); compress the file again");
        }
    }
}
