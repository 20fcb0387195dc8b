using System.Globalization;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Formats;
using CsvHelper;

namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>
/// Streams a sequencer CSV export into delivery attempts through a <see cref="CsvColumnMapping"/>:
/// rows whose status is a bounced value become final failures, rows whose status is a delivered
/// value deliveries, and other rows are skipped. Without a status column every row counts as a
/// bounce, because such an export lists bounces only.
/// </summary>
public sealed class SequencerCsvParser : IAttemptLogParser
{
    /// <summary>Reason for rows whose recipient is missing or not an email address.</summary>
    public const string InvalidRecipient = "row without a valid recipient address";

    /// <summary>Reason for rows whose status is neither a bounced nor a delivered value.</summary>
    public const string OtherStatus = "row whose status is neither bounced nor delivered";

    /// <summary>Reason for rows whose time cannot be read.</summary>
    public const string InvalidTimestamp = "row with an unreadable time";

    /// <summary>Reason for rows whose numeric date is invalid day first but valid month first, such as 11/30/2026.</summary>
    public const string NotDayFirst = "row whose date does not fit the day-first date order (DD/MM/YYYY) of the column mapping";

    /// <summary>Reason for rows whose numeric date is invalid month first but valid day first, such as 30/11/2026.</summary>
    public const string NotMonthFirst = "row whose date does not fit the month-first date order (MM/DD/YYYY) of the column mapping";

    private readonly CsvColumnMapping mapping;

    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received: rows without a time get this one.</param>
    /// <param name="mapping">Which columns hold which facts.</param>
    public SequencerCsvParser(string source, DateTimeOffset uploadedAt, CsvColumnMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(mapping);
        Source = source;
        UploadedAt = uploadedAt;
        this.mapping = mapping;
    }

    /// <summary>The file's name.</summary>
    public string Source { get; }

    /// <summary>When the file was received.</summary>
    public DateTimeOffset UploadedAt { get; }

    /// <inheritdoc />
    public ParseReport Report { get; } = new();

    /// <inheritdoc />
    public IEnumerable<DeliveryAttempt> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ParseRows(reader);
    }

    private IEnumerable<DeliveryAttempt> ParseRows(TextReader reader)
    {
        using var csv = SequencerCsv.Open(reader);
        var headers = SequencerCsv.Guard(Source, () => csv.Headers);
        if (headers.Count == 0)
        {
            throw new LogFormatException(Source, null, "the file is empty; export the CSV with its header row");
        }

        var columns = ResolveColumns(headers);
        while (SequencerCsv.Guard(Source, csv.Read))
        {
            Report.LinesRead++;
            Report.BytesRead += csv.RawRecord.Length;
            Report.SetPosition(Source, csv.LineNumber);
            if (ReadRow(csv, columns) is { } attempt)
            {
                Report.AttemptsFound++;
                yield return attempt;
            }
        }
    }

    private DeliveryAttempt? ReadRow(CsvReader csv, Columns columns)
    {
        var recipient = Field(csv, columns.Recipient);
        if (!IsAddress(recipient))
        {
            Report.Skip(InvalidRecipient);
            return null;
        }

        var status = Field(csv, columns.Status);
        DeliveryOutcome outcome;
        if (columns.Status is null || mapping.BouncedValues.Contains(status ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            outcome = DeliveryOutcome.Bounced;
        }
        else if (mapping.DeliveredValues.Contains(status ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            outcome = DeliveryOutcome.Delivered;
        }
        else
        {
            Report.Skip(OtherStatus);
            return null;
        }

        var time = Field(csv, columns.PreferredTimestamp) ?? Field(csv, columns.Timestamp);
        var timestamp = UploadedAt;
        var timeRead = time is null ? CsvTimeResult.Read : CsvTime.TryRead(time, mapping.DateOrder, out timestamp);
        if (timeRead != CsvTimeResult.Read)
        {
            Report.Skip(timeRead == CsvTimeResult.Unreadable ? InvalidTimestamp : WrongDateOrder(mapping.DateOrder));
            return null;
        }

        return new DeliveryAttempt(
            Source,
            csv.LineNumber,
            timestamp,
            QueueId: null,
            Field(csv, columns.Sender),
            recipient!,
            outcome,
            Field(csv, columns.Reason),
            LogEnhancedCode: null,
            RemoteHost: null,
            RemoteIp: null,
            SmtpStage.Unknown,
            Campaign: Field(csv, columns.Campaign),
            SourceVerdict: status is null ? null : $"{mapping.StatusColumn}={status}",
            // A sequencer sends each email to one lead.
            MessageRecipients: 1);
    }

    private Columns ResolveColumns(IReadOnlyList<string> headers)
    {
        int? Index(string? column, string role)
        {
            if (column is null)
            {
                return null;
            }

            var index = headers.ToList().FindIndex(h => string.Equals(h.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new LogFormatException(
                    Source,
                    1,
                    $"the header row has no column '{column}' for the {role}; its columns are {string.Join(", ", headers.Select(h => $"'{h}'"))}, so map the columns again");
            }

            return index;
        }

        return new Columns(
            Index(mapping.RecipientColumn, "recipient address")!.Value,
            Index(mapping.SenderColumn, "sending mailbox"),
            Index(mapping.CampaignColumn, "campaign"),
            Index(mapping.StatusColumn, "status"),
            Index(mapping.ReasonColumn, "bounce reason"),
            Index(mapping.TimestampColumn, "time"),
            IndexIfPresent(headers, mapping.PreferredTimestampColumn));
    }

    private static int? IndexIfPresent(IReadOnlyList<string> headers, string? column)
    {
        if (column is null)
        {
            return null;
        }

        var index = headers.ToList().FindIndex(h => string.Equals(h.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index;
    }

    private static string? Field(CsvReader csv, int? index)
    {
        if (index is not { } i || i >= csv.FieldCount)
        {
            return null;
        }

        var value = csv.GetString(i);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static bool IsAddress(string? value)
    {
        if (value is null || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = value.LastIndexOf('@');
        return at > 0 && at < value.Length - 1 && value.IndexOf('@') == at;
    }

    private static string WrongDateOrder(DateOrder order) => order == DateOrder.DayFirst ? NotDayFirst : NotMonthFirst;

    /// <summary>The column index of each mapped fact.</summary>
    private readonly record struct Columns(int Recipient, int? Sender, int? Campaign, int? Status, int? Reason, int? Timestamp, int? PreferredTimestamp);
}
