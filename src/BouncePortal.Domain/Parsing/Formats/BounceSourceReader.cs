namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// Opens any supported bounce source: decompresses gzip, detects the format unless one is
/// given, and hands the content to that format's parser. Nothing is buffered whole.
/// </summary>
public static class BounceSourceReader
{
    /// <summary>
    /// Opens <paramref name="stream"/>, named <paramref name="source"/> in attempts and errors.
    /// Throws <see cref="LogFormatException"/> for empty, binary, corrupt or unrecognised input.
    /// </summary>
    public static BounceSourceReading Open(Stream stream, string source, BounceSourceOptions options) => throw new NotImplementedException();
}
