using System.Buffers;
using System.Text.Unicode;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Decodes a UTF-8 stream into text and raises a <see cref="LogFormatException"/> naming the
/// line of the first invalid byte sequence, instead of replacing it with U+FFFD. A leading
/// byte order mark is dropped.
/// </summary>
internal sealed class StrictUtf8Reader : TextReader
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream stream;
    private readonly string source;
    private readonly byte[] bytes = new byte[BufferSize];
    private readonly char[] chars = new char[BufferSize];
    private int byteStart;
    private int byteEnd;
    private int charStart;
    private int charEnd;
    private bool endOfStream;
    private bool checkedByteOrderMark;
    private long newlinesDecoded;

    public StrictUtf8Reader(Stream stream, string source)
    {
        this.stream = stream;
        this.source = source;
    }

    public override int Peek() => charStart < charEnd || Fill() ? chars[charStart] : -1;

    public override int Read() => charStart < charEnd || Fill() ? chars[charStart++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty || (charStart == charEnd && !Fill()))
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, charEnd - charStart);
        chars.AsSpan(charStart, count).CopyTo(buffer);
        charStart += count;
        return count;
    }

    private bool Fill()
    {
        while (true)
        {
            ReadMoreBytes();
            SkipByteOrderMark();

            var pending = bytes.AsSpan(byteStart, byteEnd - byteStart);
            var status = Utf8.ToUtf16(pending, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false, isFinalBlock: endOfStream);
            newlinesDecoded += pending[..bytesRead].Count((byte)'\n');
            byteStart += bytesRead;

            // The valid text before invalid bytes is handed out first, so the lines before the
            // error count as read. The next fill starts at the invalid bytes and throws.
            if (status == OperationStatus.InvalidData && charsWritten == 0)
            {
                throw new LogFormatException(
                    source,
                    newlinesDecoded + 1,
                    "the line contains bytes that are not valid UTF-8; save the file as UTF-8 (for example with iconv -f latin1 -t utf-8) and try again");
            }

            if (charsWritten > 0)
            {
                charStart = 0;
                charEnd = charsWritten;
                return true;
            }

            if (endOfStream && byteStart == byteEnd)
            {
                return false;
            }
        }
    }

    private void ReadMoreBytes()
    {
        if (endOfStream)
        {
            return;
        }

        if (byteStart > 0)
        {
            Array.Copy(bytes, byteStart, bytes, 0, byteEnd - byteStart);
            byteEnd -= byteStart;
            byteStart = 0;
        }

        var read = stream.Read(bytes, byteEnd, bytes.Length - byteEnd);
        if (read == 0)
        {
            endOfStream = true;
        }

        byteEnd += read;
    }

    private void SkipByteOrderMark()
    {
        if (checkedByteOrderMark || (byteEnd - byteStart < 3 && !endOfStream))
        {
            return;
        }

        checkedByteOrderMark = true;
        if (bytes.AsSpan(byteStart, byteEnd - byteStart).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            byteStart += 3;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
