namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Decides whether a file is of the expected format: it fails as soon as the first
/// <see cref="DetectionLineCount"/> non-empty lines contain none of that format,
/// and at the end when no line fit at all.
/// </summary>
/// <param name="source">The file's name for error messages.</param>
/// <param name="formatName">The format with its article, such as "an Exim mainlog".</param>
/// <param name="lineShape">A sentence saying what a line of the format looks like and what file to use.</param>
internal sealed class FormatRecognition(string source, string formatName, string lineShape)
{
    /// <summary>How many non-empty lines may come before the first line of the format.</summary>
    public const int DetectionLineCount = 1000;

    private long linesBeforeFirstFit;

    /// <summary>True once a line of the format was seen.</summary>
    public bool SawFormat { get; private set; }

    /// <summary>Records a line of the format.</summary>
    public void Fit() => SawFormat = true;

    /// <summary>Records a non-empty line that is not of the format; throws at the detection limit.</summary>
    public void Misfit()
    {
        if (SawFormat)
        {
            return;
        }

        linesBeforeFirstFit++;
        if (linesBeforeFirstFit >= DetectionLineCount)
        {
            throw NotThisFormat($"none of its first {DetectionLineCount:N0} non-empty lines fits that format");
        }
    }

    /// <summary>Throws at the end of the input when no line of the format was seen.</summary>
    public void ThrowIfNeverFit()
    {
        if (SawFormat)
        {
            return;
        }

        throw NotThisFormat(linesBeforeFirstFit == 0
            ? "the file contains only empty lines"
            : $"none of its {linesBeforeFirstFit:N0} non-empty lines fits that format");
    }

    /// <summary>Creates the error for a file of another format, with what a line of this one looks like.</summary>
    public LogFormatException NotThisFormat(string finding) =>
        new(source, null, $"not {formatName}: {finding}. {lineShape}");
}
