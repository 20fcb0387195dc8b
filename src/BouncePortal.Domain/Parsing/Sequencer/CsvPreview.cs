using System.Text;

namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>
/// The header row and first rows of a CSV file, for a column-mapping screen.
/// </summary>
/// <param name="Headers">The column names in file order.</param>
/// <param name="Rows">Up to the requested number of rows after the header, each with its fields in column order.</param>
public sealed record CsvPreview(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
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

    /// <summary>Reads the header row and up to <paramref name="rows"/> rows from <paramref name="reader"/>.</summary>
    /// <exception cref="LogFormatException">The file is empty or its quoting is broken.</exception>
    public static CsvPreview Read(TextReader reader, int rows, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);

        using var csv = SequencerCsv.Open(reader);
        var headers = SequencerCsv.Guard(source, () => csv.Headers);
        if (headers.Count == 0)
        {
            throw new LogFormatException(source, null, "the file is empty; export the CSV with its header row");
        }

        var found = new List<IReadOnlyList<string>>();
        while (found.Count < rows && SequencerCsv.Guard(source, csv.Read))
        {
            found.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToList());
        }

        return new CsvPreview(headers, found);
    }
}
