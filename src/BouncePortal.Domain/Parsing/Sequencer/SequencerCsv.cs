using CsvHelper;

namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>CSV reading settings shared by the sequencer parser and the preview.</summary>
internal static class SequencerCsv
{
    /// <summary>The largest record accepted, in bytes; a record this long means a quote was never closed.</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    private static readonly CsvReaderOptions Options = new()
    {
        // The separator is detected from the first lines: comma, semicolon, tab or pipe.
        HasHeader = true,
        TrimWhitespace = true,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        MaxRecordSize = MaxRecordBytes,
    };

    /// <summary>Creates a reader over <paramref name="reader"/>, which stays open.</summary>
    public static CsvReader Open(TextReader reader) => CsvReader.Create(reader, Options, leaveOpen: true);

    /// <summary>
    /// Runs <paramref name="read"/>, turning CsvHelper's quoting errors into a
    /// <see cref="LogFormatException"/> naming <paramref name="source"/> and the physical line.
    /// </summary>
    public static T Guard<T>(string source, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CsvFormatException e)
        {
            throw new LogFormatException(
                source,
                e.LineNumber > 0 ? e.LineNumber : null,
                "a quoted field is not closed or a quote appears inside an unquoted field; fix the quoting (a quote inside a field is written as two quotes, \"\") or export the CSV again");
        }
    }
}
