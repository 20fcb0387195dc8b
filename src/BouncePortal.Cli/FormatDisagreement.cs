using System.Globalization;
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
            return FormatDetector.Detect(FileHead.Read(path, path), path);
        }
        catch (Exception e) when (e is LogFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
