using System.Globalization;
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

    /// <summary>Detection at or above this confidence questions a format chosen by hand.</summary>
    public const double DisagreementConfidence = FormatDetector.DisagreementConfidence;

    private const string ChosenAtUpload = "chosen at upload";
    private const string Disagreement = ", but automatic detection reads the content as ";

    /// <summary>
    /// Detects the format from the file's first bytes (decompressed when gzip), unless
    /// <paramref name="requested"/> names it. A requested format that confident detection
    /// contradicts is kept, and the reason names the detected one. Throws
    /// <see cref="LogFormatException"/> when no format fits.
    /// </summary>
    public static FormatDetection DetectFormat(string path, string fileName, InputFormat? requested)
    {
        if (requested is not { } format)
        {
            return FormatDetector.Detect(FileHead.Read(path, fileName), fileName);
        }

        var detected = TryDetect(path, fileName);
        if (detected is null || detected.Format == format || detected.Confidence < DisagreementConfidence)
        {
            return new FormatDetection(format, 1, ChosenAtUpload);
        }

        var confidence = (detected.Confidence * 100).ToString("0", CultureInfo.InvariantCulture);
        return new FormatDetection(format, 1, $"{ChosenAtUpload}{Disagreement}{FormatNames.Of(detected.Format)} at {confidence}% confidence");
    }

    /// <summary>Returns true when <paramref name="formatReason"/> records a format chosen at upload rather than detected.</summary>
    public static bool ChosenByHand(string? formatReason) =>
        formatReason is not null && formatReason.StartsWith(ChosenAtUpload, StringComparison.Ordinal);

    /// <summary>Returns true when <paramref name="formatReason"/> records that detection contradicts the format chosen at upload.</summary>
    public static bool DisagreesWithDetection(string? formatReason) =>
        formatReason is not null && formatReason.StartsWith(ChosenAtUpload + Disagreement, StringComparison.Ordinal);

    /// <summary>Reads the header row and the first rows of a CSV upload for the mapping step.</summary>
    public static CsvPreview PreviewCsv(string path, string fileName) =>
        CsvPreview.ReadHead(FileHead.Read(path, fileName), PreviewRows, fileName);

    /// <summary>Returns the header row lower-cased and joined with commas: the key of a saved mapping.</summary>
    public static string HeaderSignature(IEnumerable<string> headers) =>
        string.Join(',', headers.Select(h => h.Trim().ToLowerInvariant()));

    /// <summary>Detects the format, or returns null when detection finds none or cannot read the file.</summary>
    private static FormatDetection? TryDetect(string path, string fileName)
    {
        try
        {
            return FormatDetector.Detect(FileHead.Read(path, fileName), fileName);
        }
        catch (LogFormatException)
        {
            // The parser of the chosen format reports what is wrong with the file.
            return null;
        }
    }
}
