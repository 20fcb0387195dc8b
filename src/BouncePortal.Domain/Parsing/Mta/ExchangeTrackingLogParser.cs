using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Streams a Microsoft Exchange message tracking log, mapped by its <c>#Fields:</c> line, into
/// delivery attempts: SEND and DELIVER events are deliveries, FAIL bounces and DEFER deferrals.
/// An event for several recipients yields one attempt per recipient, each with its own status.
/// </summary>
public sealed class ExchangeTrackingLogParser : IAttemptLogParser
{
    /// <summary>The longest line accepted, in characters (1 MiB).</summary>
    public const int MaxLineLength = 1024 * 1024;

    private const string FieldsPrefix = "#Fields:";

    private readonly FormatRecognition recognition;

    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received.</param>
    public ExchangeTrackingLogParser(string source, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        UploadedAt = uploadedAt;
        recognition = new FormatRecognition(
            source,
            "an Exchange message tracking log",
            "A message tracking log starts with '#' header lines, among them a '#Fields: date-time,client-ip,...,event-id,...,recipient-address,recipient-status,...' line, "
            + "followed by comma-separated events; use the MSGTRK*.LOG files from the transport server's MessageTracking folder");
    }

    /// <summary>The file's name, used in attempts and error messages.</summary>
    public string Source { get; }

    /// <summary>When the file was received.</summary>
    public DateTimeOffset UploadedAt { get; }

    /// <inheritdoc />
    public ParseReport Report { get; } = new();

    /// <inheritdoc />
    public IEnumerable<DeliveryAttempt> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ParseRecords(reader);
    }

    private IEnumerable<DeliveryAttempt> ParseRecords(TextReader reader)
    {
        using var records = new CsvRecordReader(reader, Source, MaxLineLength, allowLineBreaksInQuotes: true);
        ExchangeColumns? columns = null;
        var found = new List<DeliveryAttempt>();
        while (records.Read())
        {
            Report.BytesRead = records.CharsRead;
            Report.SetPosition(Source, records.LineNumber);
            ReadRecord(records, ref columns, found);

            // A quoted field may contain line breaks. The record counts once, under its reason or
            // with its attempts, and its further lines count as continuation lines.
            var continuationLines = records.LinesRead - Report.LinesRead - 1;
            if (continuationLines > 0)
            {
                Report.Skip(SkipReasons.ContinuationLine, continuationLines);
            }

            // The record counts as read only after it was handled,
            // so a record that raises an error is not among the lines read before it.
            Report.LinesRead = records.LinesRead;
            Report.AttemptsFound += found.Count;
            foreach (var attempt in found)
            {
                yield return attempt;
            }

            found.Clear();
        }

        recognition.ThrowIfNeverFit();
    }

    /// <summary>
    /// Adds the attempts of the current record to <paramref name="found"/>, or counts it as skipped. A
    /// <c>#Fields:</c> line replaces <paramref name="columns"/>.
    /// </summary>
    private void ReadRecord(CsvRecordReader records, ref ExchangeColumns? columns, List<DeliveryAttempt> found)
    {
        if (records.IsEmptyLine)
        {
            Report.Skip(SkipReasons.EmptyLine);
            return;
        }

        var first = records[0].TrimStart('\uFEFF');
        if (first.StartsWith('#'))
        {
            columns = ReadHeaderLine(records, first) ?? columns;
            return;
        }

        if (columns is null)
        {
            recognition.Misfit();
            Report.Skip(MtaSkipReasons.NotThisFormat);
            return;
        }

        ReadEvent(records, columns, found);
    }

    /// <summary>Reads a '#' line: a <c>#Fields:</c> line returns the new column map, any other is a comment.</summary>
    private ExchangeColumns? ReadHeaderLine(CsvRecordReader records, string first)
    {
        if (!first.StartsWith(FieldsPrefix, StringComparison.OrdinalIgnoreCase))
        {
            Report.Skip(MtaSkipReasons.ExchangeComment);
            return null;
        }

        var fields = new string[records.FieldCount];
        fields[0] = first;
        for (var i = 1; i < fields.Length; i++)
        {
            fields[i] = records[i];
        }

        var columns = ExchangeColumns.TryCreate(fields, out var missing);
        if (columns is null)
        {
            throw new LogFormatException(
                Source,
                records.LineNumber,
                $"the #Fields: line lacks the required field(s) {string.Join(", ", missing)}: it names {string.Join(",", fields).Substring(FieldsPrefix.Length).Trim()}; "
                + $"a message tracking log names at least {string.Join(", ", ExchangeColumns.Required)}");
        }

        recognition.Fit();
        Report.Skip(MtaSkipReasons.ExchangeFields);
        return columns;
    }

    private void ReadEvent(CsvRecordReader records, ExchangeColumns columns, List<DeliveryAttempt> found)
    {
        if (records.FieldCount != columns.Count)
        {
            throw new LogFormatException(
                Source,
                records.LineNumber,
                $"the event has {records.FieldCount} field(s) but the #Fields: line names {columns.Count}; a comma inside an unquoted field or a broken quote usually causes this, so fix the quoting on this line");
        }

        if (!TryReadOutcome(records[columns.EventId].Trim(), out var outcome))
        {
            Report.Skip(MtaSkipReasons.ExchangeOtherEvent);
            return;
        }

        if (!IsoTimestamp.TryRead(records[columns.DateTime], out var timestamp))
        {
            Report.Skip(MtaSkipReasons.InvalidTimestamp);
            return;
        }

        var recipients = records[columns.RecipientAddress].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (recipients.Length == 0)
        {
            Report.Skip(MtaSkipReasons.NoRecipient);
            return;
        }

        var statuses = ExchangeRecipientStatus.Split(Field(records, columns.RecipientStatus) ?? string.Empty);
        var parts = new EventParts(
            records.LineNumber,
            timestamp,
            Field(records, columns.MessageId) ?? Field(records, columns.InternalMessageId),
            Field(records, columns.SenderAddress) ?? Field(records, columns.ReturnPath),
            outcome,
            Field(records, columns.ServerHostname),
            PostfixStatusText.IpOrNull(Field(records, columns.ServerIp)) ?? PostfixStatusText.IpOrNull(Field(records, columns.OriginalServerIp)),
            PostfixStatusText.IpOrNull(Field(records, columns.ClientIp)));
        for (var i = 0; i < recipients.Length; i++)
        {
            // NOTE: when the statuses do not pair up with the recipients, each recipient gets the whole status text.
            var status = statuses.Count == recipients.Length ? statuses[i] : string.Join(";", statuses);
            found.Add(CreateAttempt(parts, recipients[i], status));
        }
    }

    private DeliveryAttempt CreateAttempt(EventParts parts, string recipient, string status)
    {
        var reply = ExchangeRecipientStatus.Read(status, out var ledHost, out var ledIp);
        return new DeliveryAttempt(
            Source,
            parts.Line,
            parts.Timestamp,
            parts.MessageId,
            parts.Sender,
            recipient,
            parts.Outcome,
            reply.Length == 0 ? null : reply,
            LogEnhancedCode: null,
            ledHost ?? parts.ServerHostname,
            PostfixStatusText.IpOrNull(ledIp) ?? parts.ServerIp,
            parts.Outcome == DeliveryOutcome.Delivered ? SmtpStage.Data : SmtpStage.Unknown,
            SendingIp: parts.ClientIp);
    }

    private static bool TryReadOutcome(string eventId, out DeliveryOutcome outcome)
    {
        switch (eventId.ToUpperInvariant())
        {
            case "SEND":
            case "DELIVER":
                outcome = DeliveryOutcome.Delivered;
                return true;
            case "FAIL":
                outcome = DeliveryOutcome.Bounced;
                return true;
            case "DEFER":
                outcome = DeliveryOutcome.Deferred;
                return true;
            default:
                outcome = default;
                return false;
        }
    }

    /// <summary>Returns the trimmed field, or null when the column is absent or the field empty.</summary>
    private static string? Field(CsvRecordReader records, int column)
    {
        if (column < 0)
        {
            return null;
        }

        var value = records[column].Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>The parts shared by the attempts of one event.</summary>
    private readonly record struct EventParts(
        long Line,
        DateTimeOffset Timestamp,
        string? MessageId,
        string? Sender,
        DeliveryOutcome Outcome,
        string? ServerHostname,
        string? ServerIp,
        string? ClientIp);
}
