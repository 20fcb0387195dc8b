namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Passes text through from another reader and fails on the first physical line longer than
/// the limit, naming that line. It guards readers, such as a CSV reader, that would otherwise
/// buffer a line without end.
/// </summary>
internal sealed class LineLimitingReader(TextReader inner, string source, int maxLineLength) : TextReader
{
    private long completedLines;
    private long currentLineLength;

    /// <summary>Characters passed through so far.</summary>
    public long CharsRead { get; private set; }

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        var c = inner.Read();
        if (c >= 0)
        {
            Count([(char)c]);
        }

        return c;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var read = inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

    private void Count(ReadOnlySpan<char> text)
    {
        CharsRead += text.Length;
        while (true)
        {
            var newline = text.IndexOf('\n');
            var length = newline < 0 ? text.Length : newline;
            currentLineLength += length;

            // A CR before the LF belongs to the line end, not to the line.
            var limit = maxLineLength + (newline >= 0 ? 1L : 0L);
            if (currentLineLength > limit)
            {
                throw new LogFormatException(
                    source,
                    completedLines + 1,
                    $"the line is longer than {maxLineLength:N0} characters; a log record is a few kilobytes at most, so check that this is a text file with one record per line");
            }

            if (newline < 0)
            {
                return;
            }

            completedLines++;
            currentLineLength = 0;
            text = text[(newline + 1)..];
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
