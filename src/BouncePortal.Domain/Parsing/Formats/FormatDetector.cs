namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// Recognises the format of a file from its name and first bytes (decompressed).
/// </summary>
public static class FormatDetector
{
    /// <summary>Bytes of content the detector looks at.</summary>
    public const int HeadSize = 64 * 1024;

    /// <summary>
    /// Detects the format; throws <see cref="LogFormatException"/> naming the file when no
    /// format fits, with what the file looks like and which formats are supported.
    /// </summary>
    public static FormatDetection Detect(ReadOnlySpan<byte> head, string fileName) => throw new NotImplementedException();
}
