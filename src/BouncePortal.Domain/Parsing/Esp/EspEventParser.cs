using System.Text.Json;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Esp;

/// <summary>
/// Common streaming of ESP event exports: reads each JSON record in turn and lets the
/// format's parser turn it into attempts.
/// </summary>
public abstract class EspEventParser : IAttemptLogParser
{
    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received.</param>
    protected EspEventParser(string source, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        UploadedAt = uploadedAt;
    }

    /// <summary>The file's name.</summary>
    public string Source { get; }

    /// <summary>When the file was received.</summary>
    public DateTimeOffset UploadedAt { get; }

    /// <inheritdoc />
    public ParseReport Report { get; } = new();

    /// <summary>The format's name in error messages, such as "SendGrid".</summary>
    protected abstract string FormatName { get; }

    /// <inheritdoc />
    public IEnumerable<DeliveryAttempt> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ParseRecords(reader);
    }

    private IEnumerable<DeliveryAttempt> ParseRecords(TextReader reader)
    {
        var records = new JsonRecordReader(reader, Source, FormatName);
        var found = new List<DeliveryAttempt>();
        foreach (var record in records.Read())
        {
            Report.BytesRead = records.BytesConsumed;
            Report.SetPosition(Source, record.Line);
            if (record.Root.ValueKind != JsonValueKind.Object)
            {
                Report.Skip(EspSkipReasons.NotAnObject);
            }
            else
            {
                ReadRecord(record.Root, record.Line, found);
            }

            // The record counts as read only after it was handled,
            // so a record that raises an error is not among the records read before it.
            Report.LinesRead++;
            Report.AttemptsFound += found.Count;
            foreach (var attempt in found)
            {
                yield return attempt;
            }

            found.Clear();
        }

        Report.BytesRead = records.BytesConsumed;
    }

    /// <summary>
    /// Adds the attempts of one JSON object, starting on line <paramref name="line"/>, to
    /// <paramref name="found"/>, or counts it as skipped in <see cref="Report"/>.
    /// </summary>
    private protected abstract void ReadRecord(JsonElement record, long line, List<DeliveryAttempt> found);
}
