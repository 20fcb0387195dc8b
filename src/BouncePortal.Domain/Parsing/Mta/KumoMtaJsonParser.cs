using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Streams KumoMTA JSON lines log records into delivery attempts: Delivery records are
/// deliveries, Bounce and AdminBounce bounces, TransientFailure deferrals and Expiration
/// expiries. Reception, Feedback and OOB records are skipped.
/// </summary>
public sealed class KumoMtaJsonParser : IAttemptLogParser
{
    /// <summary>The longest line accepted, in characters (1 MiB).</summary>
    public const int MaxLineLength = 1024 * 1024;

    private readonly FormatRecognition recognition;
    private byte[] utf8 = new byte[16 * 1024];

    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received.</param>
    public KumoMtaJsonParser(string source, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        UploadedAt = uploadedAt;
        recognition = new FormatRecognition(
            source,
            "a KumoMTA JSON log",
            "A KumoMTA log holds one JSON object per line, for example "
            + "'{\"type\":\"Bounce\",\"id\":\"1d98076abbbc11ed\",\"sender\":\"anna@outreach-example.com\",\"recipient\":\"sales@example.com\",\"response\":{\"code\":550,...},\"timestamp\":1718097330}'; "
            + "use the local log files, decompressed first because KumoMTA writes them zstd-compressed");
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
        return ParseLines(reader);
    }

    private IEnumerable<DeliveryAttempt> ParseLines(TextReader reader) =>
        LineAttempts.Read(reader, Source, MaxLineLength, Report, ReadLine, recognition.ThrowIfNeverFit);

    private void ReadLine(LineReader lines, List<DeliveryAttempt> found)
    {
        if (ReadLine(lines.Current, lines.LineNumber) is { } attempt)
        {
            found.Add(attempt);
        }
    }

    private DeliveryAttempt? ReadLine(ReadOnlySpan<char> line, long number)
    {
        var trimmed = line.Trim();
        if (trimmed.IsEmpty)
        {
            Report.Skip(SkipReasons.EmptyLine);
            return null;
        }

        // Before the first record, a line that is no JSON object counts against the format
        // rather than failing, so that a file of another format gets the format error.
        if (!recognition.SawFormat && trimmed[0] != '{')
        {
            recognition.Misfit();
            Report.Skip(MtaSkipReasons.NotThisFormat);
            return null;
        }

        var record = Deserialize(trimmed, number);
        if (record?.Type is null)
        {
            recognition.Misfit();
            Report.Skip(MtaSkipReasons.NotThisFormat);
            return null;
        }

        recognition.Fit();
        if (!TryReadOutcome(record.Type, out var outcome))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(record.Recipient))
        {
            Report.Skip(MtaSkipReasons.NoRecipient);
            return null;
        }

        if (record.Timestamp is not { } timestamp)
        {
            Report.Skip(MtaSkipReasons.InvalidTimestamp);
            return null;
        }

        return CreateAttempt(record, number, timestamp, outcome);
    }

    private KumoMtaRecord? Deserialize(ReadOnlySpan<char> line, long number)
    {
        var byteCount = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (utf8.Length < byteCount)
        {
            utf8 = new byte[Math.Max(byteCount, utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(line, utf8);
        try
        {
            return JsonSerializer.Deserialize(utf8.AsSpan(0, length), KumoMtaJsonContext.Default.KumoMtaRecord);
        }
        catch (JsonException exception)
        {
            var position = exception.BytePositionInLine is { } bytes ? $" at byte {bytes + 1}" : string.Empty;
            throw new LogFormatException(
                Source,
                number,
                $"invalid JSON{position}: {WithoutPosition(exception.Message)} Each line of a KumoMTA log must be one complete JSON object; fix or remove this line");
        }
    }

    /// <summary>Cuts the "Path: ... | LineNumber: ..." suffix that System.Text.Json appends, since the message names the position itself.</summary>
    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (at < 0)
        {
            at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return at < 0 ? message : message[..at];
    }

    private DeliveryAttempt CreateAttempt(KumoMtaRecord record, long number, DateTimeOffset timestamp, DeliveryOutcome outcome)
    {
        var response = record.Response;
        var enhancedCode = response?.EnhancedCode is { } code ? $"{code.Class}.{code.Subject}.{code.Detail}" : null;
        var stage = StageOf(response?.Command);
        if (stage == SmtpStage.Unknown && outcome == DeliveryOutcome.Delivered)
        {
            stage = SmtpStage.Data;
        }

        return new DeliveryAttempt(
            Source,
            number,
            timestamp,
            NullIfEmpty(record.Id),
            NullIfEmpty(record.Sender),
            record.Recipient!.Trim(),
            outcome,
            ComposeReply(response, enhancedCode),
            enhancedCode,
            NullIfEmpty(record.PeerAddress?.Name?.TrimEnd('.')),
            AddressOf(record.PeerAddress?.Address),
            stage,
            CampaignOf(record.Queue),
            AddressOf(record.SourceAddress?.Address) ?? AddressOf(record.EgressSource),
            VerdictOf(record.BounceClassification));
    }

    private bool TryReadOutcome(string type, out DeliveryOutcome outcome)
    {
        outcome = default;
        switch (type)
        {
            case "Delivery":
                outcome = DeliveryOutcome.Delivered;
                return true;
            case "Bounce":
            case "AdminBounce":
                outcome = DeliveryOutcome.Bounced;
                return true;
            case "TransientFailure":
                outcome = DeliveryOutcome.Deferred;
                return true;
            case "Expiration":
                outcome = DeliveryOutcome.Expired;
                return true;
            case "Reception":
                Report.Skip(MtaSkipReasons.KumoReception);
                return false;
            case "Feedback":
                Report.Skip(MtaSkipReasons.KumoFeedback);
                return false;
            case "OOB":
                Report.Skip(MtaSkipReasons.KumoOutOfBand);
                return false;
            default:
                Report.Skip(MtaSkipReasons.KumoOtherType);
                return false;
        }
    }

    /// <summary>Rebuilds the reply as an MTA logs it, "CODE X.Y.Z TEXT", since KumoMTA stores the parts apart.</summary>
    private static string? ComposeReply(KumoMtaResponse? response, string? enhancedCode)
    {
        if (response is null)
        {
            return null;
        }

        var reply = new StringBuilder();
        if (response.Code is > 0 and var code)
        {
            reply.Append(code.ToString(CultureInfo.InvariantCulture));
        }

        if (enhancedCode is not null)
        {
            reply.Append(reply.Length > 0 ? " " : string.Empty).Append(enhancedCode);
        }

        if (!string.IsNullOrWhiteSpace(response.Content))
        {
            reply.Append(reply.Length > 0 ? " " : string.Empty).Append(response.Content.Trim());
        }

        return reply.Length == 0 ? null : reply.ToString();
    }

    private static SmtpStage StageOf(string? command)
    {
        var verb = command?.Trim();
        if (string.IsNullOrEmpty(verb))
        {
            return SmtpStage.Unknown;
        }

        // KumoMTA logs "." for the reply to the end of the message data.
        return verb == "." ? SmtpStage.Data : PostfixStatusText.StageOf(verb);
    }

    /// <summary>Reads the campaign from a queue name of the form <c>campaign:tenant@domain</c>.</summary>
    private static string? CampaignOf(string? queue)
    {
        var colon = queue?.IndexOf(':') ?? -1;
        return colon > 0 ? queue![..colon] : null;
    }

    /// <summary>Returns the IP address in "IP", "IP:PORT" or "[IPv6]:PORT", or null for anything else, such as a source name.</summary>
    private static string? AddressOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address.ToString();
        }

        return IPEndPoint.TryParse(text, out var endPoint) ? endPoint.Address.ToString() : null;
    }

    /// <summary>
    /// Returns the classifier's verdict as evidence. "Uncategorized" means the classifier matched
    /// nothing or is not configured, so it is dropped.
    /// </summary>
    private static string? VerdictOf(string? classification) =>
        string.IsNullOrWhiteSpace(classification) || classification == "Uncategorized" ? null : $"bounce_classification={classification}";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
