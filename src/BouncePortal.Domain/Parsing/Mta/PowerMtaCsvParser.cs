using System.Globalization;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Streams a PowerMTA accounting CSV, mapped by its header row, into delivery attempts:
/// records of type <c>d</c> are deliveries, <c>b</c> bounces and <c>t</c> transient failures.
/// PowerMTA's own <c>bounceCat</c> goes to <see cref="DeliveryAttempt.SourceVerdict"/> as
/// evidence; the outcome comes from the record type alone.
/// </summary>
/// <remarks>
/// The message id that ties a message's retries together is <c>envId</c>, else a logged
/// <c>header_Message-Id</c>, else the queue time and envelope sender (see <see cref="QueuedMessageKey"/>),
/// because PowerMTA leaves <c>envId</c> empty unless the submitting client set an ENVID.
/// </remarks>
public sealed class PowerMtaCsvParser : IAttemptLogParser
{
    /// <summary>The longest line accepted, in characters (1 MiB).</summary>
    public const int MaxLineLength = 1024 * 1024;

    private const string ExampleHeader =
        "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool";

    private readonly FormatRecognition recognition;

    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received.</param>
    public PowerMtaCsvParser(string source, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        UploadedAt = uploadedAt;
        recognition = new FormatRecognition(
            source,
            "a PowerMTA accounting CSV",
            $"A PowerMTA accounting file starts with a header row such as '{ExampleHeader}'; use the acct-*.csv file that PowerMTA writes");
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
        // PowerMTA writes one record per line, so a quote still open at a line's end is an error on that line.
        using var records = new CsvRecordReader(reader, Source, MaxLineLength, allowLineBreaksInQuotes: false);
        PowerMtaColumns? columns = null;
        while (records.Read())
        {
            Report.BytesRead = records.CharsRead;
            Report.SetPosition(Source, records.LineNumber);
            var attempt = ReadLine(records, ref columns);

            // The line counts as read only after it was handled,
            // so a line that raises an error is not among the lines read before it.
            Report.LinesRead = records.LinesRead;
            if (attempt is not null)
            {
                Report.AttemptsFound++;
                yield return attempt;
            }
        }

        recognition.ThrowIfNeverFit();
    }

    /// <summary>
    /// Reads the current line: returns its attempt, or counts it as skipped and returns null. A header
    /// row replaces <paramref name="columns"/>.
    /// </summary>
    private DeliveryAttempt? ReadLine(CsvRecordReader records, ref PowerMtaColumns? columns)
    {
        if (records.IsEmptyLine)
        {
            Report.Skip(SkipReasons.EmptyLine);
            return null;
        }

        if (columns is null || IsHeaderRow(records, columns))
        {
            // Concatenated accounting files repeat the header row, which may differ between them.
            columns = ReadHeader(records);
            recognition.Fit();
            Report.Skip(MtaSkipReasons.HeaderRow);
            return null;
        }

        return ReadRecord(records, columns);
    }

    private static bool IsHeaderRow(CsvRecordReader records, PowerMtaColumns columns) =>
        string.Equals(records[columns.Type], "type", StringComparison.OrdinalIgnoreCase);

    private PowerMtaColumns ReadHeader(CsvRecordReader records)
    {
        var names = new string[records.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = records[i];
        }

        var columns = PowerMtaColumns.TryCreate(names, out var missing);
        if (columns is null)
        {
            var found = string.Join(", ", names.Take(30));
            throw new LogFormatException(
                Source,
                records.LineNumber,
                $"the header row lacks the required column(s) {string.Join(", ", missing)}: it has {names.Length} column(s) ({found}); "
                + $"a PowerMTA accounting file starts with a header row that names at least {string.Join(" and ", PowerMtaColumns.Required)}, such as '{ExampleHeader}'");
        }

        return columns;
    }

    private DeliveryAttempt? ReadRecord(CsvRecordReader records, PowerMtaColumns columns)
    {
        if (records.FieldCount != columns.Names.Count)
        {
            throw new LogFormatException(
                Source,
                records.LineNumber,
                $"the record has {records.FieldCount} field(s) but the header row has {columns.Names.Count}; a comma inside an unquoted field or a broken quote usually causes this, so fix the quoting on this line");
        }

        if (!TryReadOutcome(records[columns.Type], out var outcome))
        {
            return null;
        }

        var recipient = records[columns.Recipient].Trim();
        if (recipient.Length == 0)
        {
            Report.Skip(MtaSkipReasons.NoRecipient);
            return null;
        }

        if (!TryReadTimestamp(records, columns, out var timestamp))
        {
            Report.Skip(MtaSkipReasons.InvalidTimestamp);
            return null;
        }

        ReadRemoteMta(Field(records, columns.DsnMta), out var remoteHost, out var remoteIp);
        var destinationIp = PostfixStatusText.IpOrNull(Field(records, columns.DestinationIp));
        var bounceCategory = Field(records, columns.BounceCategory);
        var campaign = Field(records, columns.CampaignHeader) ?? Field(records, columns.JobId);
        return new DeliveryAttempt(
            Source,
            records.LineNumber,
            timestamp,
            Field(records, columns.EnvelopeId) ?? Field(records, columns.MessageIdHeader) ?? QueuedMessageKey(records, columns),
            Field(records, columns.Sender),
            recipient,
            outcome,
            ReadDiagnostic(Field(records, columns.DsnDiagnostic)),
            ReadEnhancedCode(Field(records, columns.DsnStatus)),
            remoteHost,
            destinationIp ?? remoteIp,
            outcome == DeliveryOutcome.Delivered ? SmtpStage.Data : SmtpStage.Unknown,
            campaign,
            PostfixStatusText.IpOrNull(Field(records, columns.SourceIp)),
            bounceCategory is null ? null : $"bounceCat={bounceCategory}");
    }

    /// <summary>Reads the record type: d delivered, b bounced, t deferred. Other types are skipped with their reason.</summary>
    private bool TryReadOutcome(string type, out DeliveryOutcome outcome)
    {
        outcome = default;
        switch (type.Trim().ToLowerInvariant())
        {
            case "d":
                outcome = DeliveryOutcome.Delivered;
                return true;
            case "b":
                outcome = DeliveryOutcome.Bounced;
                return true;
            case "t":
                outcome = DeliveryOutcome.Deferred;
                return true;
            case "tq":
                Report.Skip(MtaSkipReasons.PowerMtaTransientQueue);
                return false;
            case "f":
                Report.Skip(MtaSkipReasons.PowerMtaFeedback);
                return false;
            case "rb":
            case "rs":
                Report.Skip(MtaSkipReasons.PowerMtaRemoteStatus);
                return false;
            default:
                Report.Skip(MtaSkipReasons.PowerMtaUnknownType);
                return false;
        }
    }

    /// <summary>Reads <c>timeLogged</c>, else <c>timeQueued</c>, else uses the upload time when the file has neither column.</summary>
    private bool TryReadTimestamp(CsvRecordReader records, PowerMtaColumns columns, out DateTimeOffset timestamp)
    {
        var column = columns.TimeLogged >= 0 ? columns.TimeLogged : columns.TimeQueued;
        if (column < 0)
        {
            // NOTE: an accounting file without time columns gets the upload time on every attempt.
            timestamp = UploadedAt;
            return true;
        }

        return IsoTimestamp.TryRead(records[column], out timestamp);
    }

    /// <summary>
    /// Builds a message id from <c>timeQueued</c> (in UTC) and <c>orig</c>, such as
    /// <c>2026-12-02T09:01:58Z tia@example.net</c>. Every record of one message repeats both, so the
    /// <c>t</c> retries and the final <c>d</c> or <c>b</c> record of a recipient share it. Two
    /// messages from one sender queued in the same second to the same recipient would merge.
    /// Returns null when the file has no <c>timeQueued</c> value, and each attempt is then its own message.
    /// </summary>
    private static string? QueuedMessageKey(CsvRecordReader records, PowerMtaColumns columns)
    {
        var queued = Field(records, columns.TimeQueued);
        if (queued is null)
        {
            return null;
        }

        var time = IsoTimestamp.TryRead(queued, out var timestamp)
            ? timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : queued;
        return Field(records, columns.Sender) is { } sender ? $"{time} {sender}" : time;
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

    /// <summary>Strips the diagnostic type before the first ';' (<c>smtp;550 5.1.1 ...</c>), keeping the reply.</summary>
    private static string? ReadDiagnostic(string? diagnostic)
    {
        if (diagnostic is null)
        {
            return null;
        }

        var semicolon = diagnostic.IndexOf(';');
        if (semicolon > 0 && semicolon <= 20 && !diagnostic.AsSpan(0, semicolon).ContainsAny(' ', '\t'))
        {
            var reply = diagnostic[(semicolon + 1)..].Trim();
            return reply.Length == 0 ? null : reply;
        }

        return diagnostic;
    }

    /// <summary>Reads "5.1.1" from <c>dsnStatus</c>, written bare or as "5.1.1 (bad destination mailbox address)".</summary>
    private static string? ReadEnhancedCode(string? status)
    {
        if (status is null)
        {
            return null;
        }

        var end = status.IndexOf(' ');
        var code = end < 0 ? status : status[..end];
        return code.Length >= 5 && code[0] is '2' or '4' or '5' && code[1] == '.' ? code : null;
    }

    /// <summary>Reads "HOST (IP)" from <c>dsnMta</c>.</summary>
    private static void ReadRemoteMta(string? mta, out string? host, out string? ip)
    {
        host = null;
        ip = null;
        if (mta is null)
        {
            return;
        }

        var open = mta.IndexOf(" (", StringComparison.Ordinal);
        var close = mta.LastIndexOf(')');
        if (open > 0 && close > open)
        {
            host = mta[..open];
            ip = PostfixStatusText.IpOrNull(mta.AsSpan((open + 2)..close));
            return;
        }

        host = PostfixStatusText.IpOrNull(mta) is null ? mta : null;
        ip = host is null ? mta : null;
    }
}
