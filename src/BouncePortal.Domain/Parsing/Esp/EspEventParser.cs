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

    /// <summary>
    /// How many records without the format's event type field a file may start with before it is
    /// rejected as another format.
    /// </summary>
    public const int DetectionRecordCount = 1000;

    /// <summary>The format's name in error messages, such as "SendGrid".</summary>
    protected abstract string FormatName { get; }

    /// <summary>The field that names a record's event type, for error messages, such as <c>an "event" field</c>.</summary>
    protected abstract string EventTypeField { get; }

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
            if (Report.LinesRead == DetectionRecordCount && NoRecordHasEventType())
            {
                throw NotThisFormat(FormattableString.Invariant($"the first {DetectionRecordCount:N0} records read, none with {EventTypeField}"));
            }
        }

        Report.BytesRead = records.BytesConsumed;
        if (Report.LinesRead > 0 && NoRecordHasEventType())
        {
            throw NotThisFormat($"{ReadCounts.Describe(Report.LinesRead, "record")} read, none with {EventTypeField}");
        }
    }

    /// <summary>
    /// Returns true when no attempt came from the records read so far and each of them was skipped
    /// for lack of the format's event type field, as in an export of another ESP read in this format.
    /// </summary>
    private bool NoRecordHasEventType()
    {
        if (Report.AttemptsFound > 0)
        {
            return false;
        }

        var withoutType = Report.SkippedByReason.GetValueOrDefault(EspSkipReasons.NoEventType)
            + Report.SkippedByReason.GetValueOrDefault(EspSkipReasons.NotAnObject);
        return withoutType > 0 && withoutType == Report.LinesSkipped;
    }

    private LogFormatException NotThisFormat(string finding) =>
        new(Source, null, $"not an export of {FormatName} events: {finding}. Choose the format that matches the file, or let detection choose it");

    /// <summary>
    /// Adds the attempts of one JSON object, starting on line <paramref name="line"/>, to
    /// <paramref name="found"/>, or counts it as skipped in <see cref="Report"/>.
    /// </summary>
    private protected abstract void ReadRecord(JsonElement record, long line, List<DeliveryAttempt> found);
}
