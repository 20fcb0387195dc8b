using System.Text;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>
/// The header row and first rows of a CSV file, for a column-mapping screen.
/// </summary>
/// <param name="Headers">The column names in file order.</param>
/// <param name="Rows">Up to the requested number of rows after the header, each with its fields in column order.</param>
public sealed record CsvPreview(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>
    /// Returns the non-empty values, trimmed, of the column named <paramref name="column"/>
    /// (matched ignoring case and surrounding spaces) in the preview's rows, or none when the
    /// column is null or not in the header row.
    /// </summary>
    public IReadOnlyList<string> ColumnValues(string? column)
    {
        var index = column is null ? -1 : Headers.ToList().FindIndex(h => string.Equals(h.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return [];
        }

        return Rows
            .Select(row => index < row.Count ? row[index].Trim() : string.Empty)
            .Where(value => value.Length > 0)
            .ToList();
    }

    /// <summary>Returns what the preview's values of <paramref name="timeColumn"/> show about the order of day and month.</summary>
    public DateOrderEvidence DetectDateOrder(string? timeColumn) => CsvTime.DetectOrder(ColumnValues(timeColumn));

    /// <summary>
    /// Reads the header row and up to <paramref name="rows"/> rows of UTF-8 CSV from
    /// <paramref name="stream"/>, which stays open. <paramref name="source"/> names the file in errors.
    /// </summary>
    /// <exception cref="LogFormatException">The file is empty or its quoting is broken.</exception>
    public static CsvPreview Read(Stream stream, int rows, string source = "the CSV file")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);

        using var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Read(text, rows, source);
    }

    /// <summary>
    /// Reads the header row and up to <paramref name="rows"/> rows from <paramref name="head"/>, the
    /// first <see cref="FormatDetector.HeadSize"/> bytes of a UTF-8 file, or the whole file when it is
    /// shorter. A partial head may end inside a long quoted field: that record ends the rows read
    /// and is no error.
    /// </summary>
    /// <exception cref="LogFormatException">The file is empty or its quoting is broken before the end of the head.</exception>
    public static CsvPreview ReadHead(ReadOnlySpan<byte> head, int rows, string source)
    {
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF');
        var preview = ReadHead(text, head.Length < FormatDetector.HeadSize, rows, source, out var brokenQuote);
        return Checked(preview, brokenQuote, source);
    }

    /// <summary>
    /// Reads like <see cref="ReadHead(ReadOnlySpan{byte}, int, string)"/> from decoded text, but returns a
    /// broken quote as <paramref name="brokenQuote"/> instead of throwing, with no rows.
    /// <paramref name="headIsWhole"/> is false when the file goes on past <paramref name="text"/>.
    /// </summary>
    internal static CsvPreview ReadHead(string text, bool headIsWhole, int rows, string source, out LogFormatException? brokenQuote)
    {
        var preview = ReadUntilBroken(new StringReader(text), rows, source, out brokenQuote);
        if (brokenQuote is not null && (headIsWhole || !IsCutShort(text, rows, source)))
        {
            return new CsvPreview(preview.Headers, []);
        }

        brokenQuote = null;
        return preview;
    }

    /// <summary>Reads the header row and up to <paramref name="rows"/> rows from <paramref name="reader"/>.</summary>
    /// <exception cref="LogFormatException">The file is empty or its quoting is broken.</exception>
    public static CsvPreview Read(TextReader reader, int rows, string source)
    {
        var preview = ReadUntilBroken(reader, rows, source, out var brokenQuote);
        return Checked(preview, brokenQuote, source);
    }

    /// <summary>
    /// Reads like <see cref="Read(TextReader, int, string)"/>, but stops at the first record whose
    /// quoting is broken instead of throwing. The preview then contains the rows before that record,
    /// and <paramref name="brokenQuote"/> the error that names its line. An empty file gives no headers.
    /// </summary>
    internal static CsvPreview ReadUntilBroken(TextReader reader, int rows, string source, out LogFormatException? brokenQuote)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);

        using var csv = SequencerCsv.Open(reader);
        IReadOnlyList<string> headers = [];
        var found = new List<IReadOnlyList<string>>();
        brokenQuote = null;
        try
        {
            headers = SequencerCsv.Guard(source, () => csv.Headers);
            while (headers.Count > 0 && found.Count < rows && SequencerCsv.Guard(source, csv.Read))
            {
                found.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToList());
            }
        }
        catch (LogFormatException broken)
        {
            brokenQuote = broken;
        }

        return new CsvPreview(headers, found);
    }

    /// <summary>Returns <paramref name="preview"/>, or throws for a broken quote or a file without a header row.</summary>
    private static CsvPreview Checked(CsvPreview preview, LogFormatException? brokenQuote, string source)
    {
        if (brokenQuote is not null)
        {
            throw brokenQuote;
        }

        if (preview.Headers.Count == 0)
        {
            throw new LogFormatException(source, null, "the file is empty; export the CSV with its header row");
        }

        return preview;
    }

    /// <summary>
    /// True when the quoting of <paramref name="text"/> breaks only because its last quoted field is
    /// still open: closing it with one quote makes every record read.
    /// </summary>
    /// <remarks>
    /// NOTE: in a partial head, a quote that is never closed looks the same as a long quoted field, so
    /// it is not reported here. The parser reports it once it reads the whole file. A first data row
    /// longer than the head leaves no complete row to detect from, so a file with unknown column
    /// names is then not recognised until its format is chosen by hand.
    /// </remarks>
    private static bool IsCutShort(string text, int rows, string source)
    {
        ReadUntilBroken(new StringReader(text + "\""), rows, source, out var brokenQuote);
        return brokenQuote is null;
    }
}
