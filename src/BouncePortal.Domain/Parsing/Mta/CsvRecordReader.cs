using CsvHelper;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Reads comma-separated records with CsvHelper, without a header of its own (the parsers map
/// columns themselves), and turns malformed quoting and over-long lines into
/// <see cref="LogFormatException"/> naming the physical line.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private readonly string source;
    private readonly LineLimitingReader text;
    private readonly CsvReader csv;
    private CsvMalformedRecord? malformed;

    /// <param name="reader">The text to read; it is disposed with this reader.</param>
    /// <param name="source">The file's name for error messages.</param>
    /// <param name="maxLineLength">The longest physical line accepted, in characters.</param>
    /// <param name="allowLineBreaksInQuotes">
    /// Whether a quoted field may span lines (RFC 4180). When false, a quote left open at the end
    /// of a line is an error on that line instead of swallowing the lines after it.
    /// </param>
    public CsvRecordReader(TextReader reader, string source, int maxLineLength, bool allowLineBreaksInQuotes)
    {
        this.source = source;
        text = new LineLimitingReader(reader, source, maxLineLength);
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = allowLineBreaksInQuotes,
            SkipEmptyLines = false,
            TrackLineNumbers = true,
            DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,

            // The bound, in UTF-8 bytes, leaves room for a few maximum-length lines and stops an
            // unclosed quote from buffering the rest of a large file.
            MaxRecordSize = 4 * maxLineLength,
            OnMalformedRecord = record => malformed ??= record,
        };
        csv = CsvReader.Create(text, options, leaveOpen: false);
    }

    /// <summary>The 1-based physical line where the current record starts.</summary>
    public long LineNumber => csv.LineNumber;

    /// <summary>The physical lines read up to the end of the current record.</summary>
    public long LinesRead => csv.LineNumber + System.MemoryExtensions.Count(csv.RawRecord, (byte)'\n');

    /// <summary>Characters taken from the input so far, including those buffered ahead of the current record.</summary>
    public long CharsRead => text.CharsRead;

    /// <summary>The number of fields in the current record.</summary>
    public int FieldCount => csv.FieldCount;

    /// <summary>True when the current record is an empty line.</summary>
    public bool IsEmptyLine => csv.FieldCount == 1 && csv.IsEmpty(0);

    /// <summary>Returns field <paramref name="index"/> of the current record, unquoted, or empty when the record is shorter.</summary>
    public string this[int index] => index < csv.FieldCount ? csv[index].ToString() : string.Empty;

    /// <summary>Advances to the next record; returns false at the end of the input.</summary>
    /// <exception cref="LogFormatException">The record has malformed quoting, or a line is too long.</exception>
    public bool Read()
    {
        bool more;
        try
        {
            more = csv.Read();
        }
        catch (CsvFormatException exception)
        {
            throw new LogFormatException(
                source,
                exception.LineNumber > 0 ? exception.LineNumber : null,
                $"the CSV cannot be read ({exception.Message}); check the quoting of this record and try again");
        }

        if (malformed is { } record)
        {
            throw new LogFormatException(
                source,
                record.LineNumber > 0 ? record.LineNumber : null,
                $"invalid CSV quoting: {Describe(record.Reason)}. A quoted field must start and end with a quote, with any quote inside it written twice (\"\"); fix the quoting on this line and try again");
        }

        return more;
    }

    public void Dispose() => csv.Dispose();

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a quoted field",
        CsvMalformedReason.UnterminatedQuote => "a quoted field that is never closed",
        CsvMalformedReason.LineBreakInQuotes => "a quoted field that is not closed on its line",
        _ => reason.ToString(),
    };
}
