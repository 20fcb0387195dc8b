namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Opens a log file for streaming: detects gzip by its magic bytes, rejects binary input
/// and reports a truncated gzip stream as a <see cref="LogFormatException"/>.
/// </summary>
public static class LogFileReader
{
    /// <summary>
    /// Opens <paramref name="stream"/> as text (UTF-8), decompressing gzip. The reader never
    /// buffers the whole file. <paramref name="source"/> names the file in error messages.
    /// </summary>
    public static TextReader Open(Stream stream, string source) => throw new NotImplementedException();
}
