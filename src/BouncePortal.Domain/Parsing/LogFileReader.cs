using System.Text;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Opens a log file for streaming: detects gzip by its magic bytes, rejects binary input
/// and reports a truncated gzip stream as a <see cref="LogFormatException"/>.
/// </summary>
public static class LogFileReader
{
    /// <summary>Bytes of decompressed content checked for NUL bytes before any line is read.</summary>
    internal const int FirstBlockSize = 8192;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Opens <paramref name="stream"/> as text (UTF-8), decompressing gzip. The reader never
    /// buffers the whole file. <paramref name="source"/> names the file in error messages.
    /// </summary>
    /// <exception cref="LogFormatException">The file is empty, binary, or a corrupt or truncated gzip file.</exception>
    public static TextReader Open(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);

        var magic = new byte[2];
        var magicLength = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (magicLength == 0)
        {
            throw new LogFormatException(source, null, "the file is empty; use the maillog with its content");
        }

        Stream raw = new ReplayStream(magic.AsSpan(0, magicLength).ToArray(), stream);
        var isGzip = magicLength == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        Stream content = isGzip ? new GzipCheckingStream(raw, source) : raw;

        var firstBlock = new byte[FirstBlockSize];
        var firstLength = content.ReadAtLeast(firstBlock, firstBlock.Length, throwOnEndOfStream: false);
        if (firstLength == 0)
        {
            throw new LogFormatException(source, null, "the gzip file contains no data; compress the maillog itself, not an empty file");
        }

        if (firstBlock.AsSpan(0, firstLength).Contains((byte)0))
        {
            throw new LogFormatException(
                source,
                null,
                "the file contains binary data (NUL bytes), not a text log; use the plain or gzip-compressed maillog as UTF-8 text");
        }

        var text = new ReplayStream(firstBlock.AsSpan(0, firstLength).ToArray(), content);
        return new StreamReader(text, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
    }
}
