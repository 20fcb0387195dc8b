namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Splits a <see cref="TextReader"/> into lines exposed as spans over one reused buffer, so
/// reading a line allocates nothing. Accepts LF and CRLF line ends.
/// </summary>
internal sealed class LineReader
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly TextReader reader;
    private readonly string source;
    private readonly int maxLineLength;
    private readonly string formatName;
    private char[] buffer = new char[InitialBufferSize];
    private int start;
    private int end;
    private bool endOfInput;
    private int lineStart;
    private int lineLength;

    /// <param name="reader">The text to split.</param>
    /// <param name="source">The file's name in error messages.</param>
    /// <param name="maxLineLength">The longest line accepted, in characters.</param>
    /// <param name="formatName">What kind of file this is, in the too-long message, such as "maillog".</param>
    public LineReader(TextReader reader, string source, int maxLineLength, string formatName = "maillog")
    {
        this.reader = reader;
        this.source = source;
        this.maxLineLength = maxLineLength;
        this.formatName = formatName;
    }

    /// <summary>The 1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current line without its line end.</summary>
    public ReadOnlySpan<char> Current => buffer.AsSpan(lineStart, lineLength);

    /// <summary>Characters of the current line end: 0 for the unterminated last line, 1 for LF, 2 for CRLF.</summary>
    public int TerminatorLength { get; private set; }

    /// <summary>True when the current line is the last one and no line end follows it.</summary>
    public bool IsUnterminated => TerminatorLength == 0;

    /// <summary>Advances to the next line, or returns false at the end of the input.</summary>
    /// <exception cref="LogFormatException">A line is longer than the maximum length.</exception>
    public bool ReadLine()
    {
        var searchFrom = start;
        while (true)
        {
            var newline = buffer.AsSpan(searchFrom, end - searchFrom).IndexOf('\n');
            if (newline >= 0)
            {
                var lineEnd = searchFrom + newline;
                SetCurrent(start, lineEnd - start, terminated: true);
                start = lineEnd + 1;
                return true;
            }

            if (endOfInput)
            {
                if (start == end)
                {
                    return false;
                }

                SetCurrent(start, end - start, terminated: false);
                start = end;
                return true;
            }

            if (end - start > maxLineLength)
            {
                throw TooLong(LineNumber + 1);
            }

            searchFrom = end;
            MakeRoom(ref searchFrom);
            var read = reader.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                endOfInput = true;
            }

            end += read;
        }
    }

    private void MakeRoom(ref int searchFrom)
    {
        if (start > 0)
        {
            Array.Copy(buffer, start, buffer, 0, end - start);
            searchFrom -= start;
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            // Room for the longest allowed line plus CRLF. Anything longer fails the check above.
            var newSize = (int)Math.Min((long)buffer.Length * 2, maxLineLength + 3L);
            Array.Resize(ref buffer, Math.Max(newSize, buffer.Length + 1));
        }
    }

    private void SetCurrent(int startIndex, int length, bool terminated)
    {
        LineNumber++;
        TerminatorLength = terminated ? 1 : 0;
        if (terminated && length > 0 && buffer[startIndex + length - 1] == '\r')
        {
            length--;
            TerminatorLength = 2;
        }

        if (length > maxLineLength)
        {
            throw TooLong(LineNumber);
        }

        lineStart = startIndex;
        lineLength = length;
    }

    private LogFormatException TooLong(long lineNumber) => new(
        source,
        lineNumber,
        $"the line is longer than {maxLineLength:N0} characters; a {formatName} line is a few kilobytes at most, so check that this is a text file with one entry per line");
}
