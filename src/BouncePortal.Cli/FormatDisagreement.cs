using System.Globalization;
using System.IO.Compression;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Cli;

/// <summary>
/// Warns when automatic detection contradicts the format chosen with <c>--format</c>, as the
/// portal warns on an upload whose format was chosen by hand. The chosen format is still read.
/// </summary>
internal static class FormatDisagreement
{
    /// <summary>
    /// Writes one warning to <paramref name="warnings"/> for each file that detection reads as
    /// another format than <paramref name="chosen"/> with at least
    /// <see cref="FormatDetector.DisagreementConfidence"/>. Files that cannot be read or detected
    /// get no warning here, because reading them reports what is wrong.
    /// </summary>
    public static void Warn(IEnumerable<string> paths, InputFormat? chosen, TextWriter warnings)
    {
        if (chosen is not { } format)
        {
            return;
        }

        foreach (var path in paths)
        {
            var detected = TryDetect(path);
            if (detected is null || detected.Format == format || detected.Confidence < FormatDetector.DisagreementConfidence)
            {
                continue;
            }

            var confidence = (detected.Confidence * 100).ToString("0", CultureInfo.InvariantCulture);
            warnings.WriteLine(
                $"bounceportal: warning: {path}: read as {InputFormats.NameOf(format)} as --format requests, but automatic detection reads "
                + $"the content as {InputFormats.NameOf(detected.Format)} at {confidence}% confidence ({detected.Reason}); "
                + $"run with --format {InputFormats.NameOf(detected.Format)} or without --format if the detection is right");
        }
    }

    private static FormatDetection? TryDetect(string path)
    {
        try
        {
            return FormatDetector.Detect(ReadHead(path), path);
        }
        catch (Exception e) when (e is LogFormatException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Reads the first <see cref="FormatDetector.HeadSize"/> bytes of the file's content, decompressed when it is gzip.</summary>
    private static byte[] ReadHead(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var magic = new byte[2];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        using Stream content = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;

        var head = new byte[FormatDetector.HeadSize];
        var length = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..length];
    }
}
