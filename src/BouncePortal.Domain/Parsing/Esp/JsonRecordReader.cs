using System.Text;
using System.Text.Json;

namespace BouncePortal.Domain.Parsing.Esp;

/// <summary>
/// One top-level JSON value of an event export and the line it starts on.
/// </summary>
/// <param name="Root">The parsed value; valid until the next record is read.</param>
/// <param name="Line">The 1-based line where the value starts.</param>
internal readonly record struct JsonRecord(JsonElement Root, long Line);

/// <summary>
/// Streams the records of an event export that is either a JSON array of objects or one JSON
/// object per line (JSON Lines). Each record is parsed on its own, so memory grows with the
/// largest record, not with the file.
/// </summary>
internal sealed class JsonRecordReader
{
    /// <summary>The largest record accepted, in UTF-8 bytes (4 MiB); an ESP event is a few kilobytes.</summary>
    internal const int MaxRecordBytes = 4 * 1024 * 1024;

    private const int CharBlockSize = 16 * 1024;

    private readonly TextReader reader;
    private readonly string source;
    private readonly string formatName;
    private readonly Encoder encoder = new UTF8Encoding(false).GetEncoder();
    private readonly char[] charBlock = new char[CharBlockSize];
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private bool endOfInput;
    private long newlinesBeforeStart;

    public JsonRecordReader(TextReader reader, string source, string formatName)
    {
        this.reader = reader;
        this.source = source;
        this.formatName = formatName;
    }

    /// <summary>UTF-8 bytes consumed so far.</summary>
    public long BytesConsumed { get; private set; }

    /// <summary>Reads the records in input order.</summary>
    /// <exception cref="LogFormatException">The input is not a JSON array or JSON Lines, or a record is invalid JSON.</exception>
    public IEnumerable<JsonRecord> Read()
    {
        var first = SkipWhitespace();
        if (first < 0)
        {
            throw new LogFormatException(source, null, $"the file contains no JSON; save the {formatName} events as a JSON array or one JSON object per line");
        }

        if (first != '[' && first != '{')
        {
            throw Invalid(
                newlinesBeforeStart + 1,
                $"expected a JSON array '[' or a JSON object '{{' but found '{(char)first}'; save the {formatName} events as a JSON array or one JSON object per line");
        }

        var isArray = first == '[';
        if (isArray)
        {
            Advance(1);
        }

        var expectComma = false;
        while (true)
        {
            var next = SkipWhitespace();
            if (isArray && next == ']')
            {
                Advance(1);
                RequireEndAfterArray();
                yield break;
            }

            if (next < 0)
            {
                if (isArray)
                {
                    throw Invalid(newlinesBeforeStart + 1, $"the JSON array ends without its closing ']'; the file may be cut off, so export the {formatName} events again");
                }

                yield break;
            }

            if (isArray && expectComma)
            {
                if (next != ',')
                {
                    throw Invalid(newlinesBeforeStart + 1, $"expected ',' or ']' between array elements but found '{(char)next}'; fix the JSON or export the events again");
                }

                Advance(1);
                next = SkipWhitespace();
                if (next < 0)
                {
                    throw Invalid(newlinesBeforeStart + 1, $"the JSON array ends without its closing ']'; the file may be cut off, so export the {formatName} events again");
                }
            }

            var line = newlinesBeforeStart + 1;
            var length = MeasureValue();
            using (var document = ParseRecord(length, line))
            {
                Advance(length);
                yield return new JsonRecord(document.RootElement, line);
            }

            expectComma = true;
        }
    }

    private JsonDocument ParseRecord(int length, long line)
    {
        try
        {
            return JsonDocument.Parse(buffer.AsMemory(start, length));
        }
        catch (JsonException e)
        {
            throw Invalid(line + (e.LineNumber ?? 0), $"invalid JSON ({Describe(e)}); fix the record or export the {formatName} events again");
        }
    }

    /// <summary>Returns the UTF-8 length of the JSON value at the read position, reading more input as needed.</summary>
    private int MeasureValue()
    {
        while (true)
        {
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            // Not a final block even at the end of the input, so a cut-off record reads as
            // incomplete rather than as a syntax error.
            var json = new Utf8JsonReader(buffer.AsSpan(start, end - start), isFinalBlock: false, state);
            try
            {
                if (json.Read() && json.TrySkip())
                {
                    return CheckLength((int)json.BytesConsumed);
                }
            }
            catch (JsonException e)
            {
                throw Invalid(
                    newlinesBeforeStart + 1 + (e.LineNumber ?? 0),
                    $"invalid JSON ({Describe(e)}); fix the record or export the {formatName} events again");
            }

            if (endOfInput)
            {
                throw Invalid(newlinesBeforeStart + 1, $"the JSON value starting here is incomplete; the file may be cut off, so export the {formatName} events again");
            }

            CheckLength(end - start);
            ReadMore();
        }
    }

    private int CheckLength(int length)
    {
        if (length > MaxRecordBytes)
        {
            throw Invalid(
                newlinesBeforeStart + 1,
                $"a JSON record is longer than {MaxRecordBytes:N0} bytes; an event is a few kilobytes, so check that this is a {formatName} event export");
        }

        return length;
    }

    private void RequireEndAfterArray()
    {
        var next = SkipWhitespace();
        if (next >= 0)
        {
            throw Invalid(newlinesBeforeStart + 1, $"unexpected '{(char)next}' after the closing ']' of the JSON array; put one JSON array in each file");
        }
    }

    /// <summary>Skips whitespace and returns the next byte without consuming it, or -1 at the end.</summary>
    private int SkipWhitespace()
    {
        while (true)
        {
            while (start < end)
            {
                var b = buffer[start];
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return b;
                }

                Advance(1);
            }

            if (endOfInput)
            {
                return -1;
            }

            ReadMore();
        }
    }

    private void Advance(int count)
    {
        newlinesBeforeStart += buffer.AsSpan(start, count).Count((byte)'\n');
        start += count;
        BytesConsumed += count;
    }

    private void ReadMore()
    {
        if (start > 0)
        {
            Array.Copy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        var read = reader.Read(charBlock, 0, charBlock.Length);
        if (read == 0)
        {
            endOfInput = true;
        }

        var needed = encoder.GetByteCount(charBlock, 0, read, flush: endOfInput);
        if (buffer.Length - end < needed)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, end + needed));
        }

        end += encoder.GetBytes(charBlock, 0, read, buffer, end, flush: endOfInput);
    }

    private LogFormatException Invalid(long line, string problem) => new(source, line, problem);

    /// <summary>
    /// Returns the parser's message without the position that System.Text.Json appends to it
    /// ("LineNumber: 0 | BytePositionInLine: 70."). That position counts from the start of the
    /// record, not of the file, and the error already names the file's line.
    /// </summary>
    private static string Describe(JsonException exception)
    {
        var message = exception.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return position > 0 ? message[..position].TrimEnd() : message;
    }
}
