using System.Text;
using System.Text.RegularExpressions;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// Recognises the format of a file from its name and first bytes (decompressed).
/// </summary>
/// <remarks>
/// Each check looks for a marker that only its format writes, such as a <c>postfix/</c>
/// program name or a <c>sg_event_id</c> key. Formats with weaker markers (CSV headers, bare
/// replies) are tried last and get a lower confidence.
/// </remarks>
public static partial class FormatDetector
{
    /// <summary>Bytes of content the detector looks at.</summary>
    public const int HeadSize = 64 * 1024;

    /// <summary>
    /// Detection at or above this confidence questions a format chosen by hand. The portal warns on
    /// the upload and the console tool on standard error, and both still read the chosen format.
    /// </summary>
    public const double DisagreementConfidence = 0.8;

    /// <summary>Non-empty lines of the head that the line-based checks look at.</summary>
    private const int LinesExamined = 50;

    /// <summary>The names of the supported formats, for error messages.</summary>
    public const string SupportedFormats =
        "Postfix, Exim or Sendmail logs, PowerMTA accounting CSV, KumoMTA JSON, Exchange message tracking logs, "
        + "bounce emails (.eml, mbox or .zip), sequencer CSV exports (Smartlead, Instantly, lemlist or any CSV with an email column), "
        + "SendGrid, Mailgun, Amazon SES or Postmark event JSON, and plain SMTP replies one per line";

    /// <summary>
    /// Detects the format; throws <see cref="LogFormatException"/> naming the file when no
    /// format fits, with what the file looks like and which formats are supported.
    /// </summary>
    public static FormatDetection Detect(ReadOnlySpan<byte> head, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);

        if (head.IsEmpty)
        {
            throw new LogFormatException(fileName, null, "the file is empty; use a file with content");
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return new FormatDetection(InputFormat.BounceEmail, 0.95, "the file is a zip archive (PK signature); its entries are read as bounce emails");
        }

        if (head.Contains((byte)0))
        {
            throw new LogFormatException(fileName, null, $"the file contains binary data (NUL bytes) and is not one of the supported formats: {SupportedFormats}");
        }

        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF');
        var lines = text.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Take(LinesExamined)
            .ToList();
        if (lines.Count == 0)
        {
            throw new LogFormatException(fileName, null, "the file contains only empty lines; use a file with content");
        }

        // A head shorter than HeadSize is the whole file, so a quote still open at its end is never closed.
        var headIsWhole = head.Length < HeadSize;
        return DetectText(text, lines, fileName, headIsWhole)
            ?? throw new LogFormatException(
                fileName,
                null,
                $"the format is not recognised: the first line reads '{Preview(lines[0])}'. Supported formats: {SupportedFormats}; choose the format by hand if the file is one of them");
    }

    private static FormatDetection? DetectText(string text, List<string> lines, string fileName, bool headIsWhole)
    {
        var first = lines[0].TrimStart();
        if (first.StartsWith('[') || first.StartsWith('{'))
        {
            return DetectJson(text);
        }

        var detection = DetectExchange(lines)
            ?? DetectEmail(text, lines, fileName)
            ?? DetectMtaLog(lines);
        if (detection is not null)
        {
            return detection;
        }

        detection = DetectCsv(text, lines, fileName, headIsWhole, out var brokenQuote) ?? DetectReplies(lines);

        // A CSV header row with unknown names whose first rows break the quoting rules matches no
        // format. Naming the broken line helps the user more than "not recognised" does.
        if (detection is null && brokenQuote is not null)
        {
            throw brokenQuote;
        }

        return detection;
    }

    private static FormatDetection? DetectJson(string text)
    {
        if (HasKey(text, "sg_event_id"))
        {
            return new(InputFormat.SendGrid, 0.95, "JSON with 'sg_event_id' keys of the SendGrid event webhook");
        }

        if (HasKey(text, "event-data") || HasKey(text, "delivery-status"))
        {
            return new(InputFormat.Mailgun, 0.95, "JSON with 'event-data' or 'delivery-status' keys of Mailgun events");
        }

        if ((HasKey(text, "notificationType") || HasKey(text, "eventType")) && (HasKey(text, "bounce") || HasKey(text, "mail")))
        {
            return new(InputFormat.AmazonSes, 0.95, "JSON with 'notificationType' or 'eventType' and 'mail' keys of Amazon SES notifications");
        }

        if (HasKey(text, "RecordType") || HasKey(text, "BouncedAt"))
        {
            return new(InputFormat.Postmark, 0.9, "JSON with 'RecordType' or 'BouncedAt' keys of Postmark webhooks");
        }

        if (HasKey(text, "type") && HasKey(text, "response"))
        {
            return new(InputFormat.KumoMta, 0.9, "JSON lines with 'type' and 'response' keys of a KumoMTA log");
        }

        if (HasKey(text, "event") && HasKey(text, "email") && HasKey(text, "smtp-id"))
        {
            return new(InputFormat.SendGrid, 0.75, "JSON with 'event', 'email' and 'smtp-id' keys of SendGrid events");
        }

        return null;
    }

    private static FormatDetection? DetectExchange(List<string> lines)
    {
        if (lines[0].StartsWith("#Software: Microsoft Exchange", StringComparison.Ordinal))
        {
            return new(InputFormat.ExchangeTracking, 0.98, "first line is '#Software: Microsoft Exchange' of a message tracking log");
        }

        return lines.Any(line => line.StartsWith("#Fields: date-time", StringComparison.Ordinal))
            ? new(InputFormat.ExchangeTracking, 0.95, "a '#Fields: date-time,...' line of an Exchange message tracking log")
            : null;
    }

    private static FormatDetection? DetectEmail(string text, List<string> lines, string fileName)
    {
        if (lines[0].StartsWith("From ", StringComparison.Ordinal) && lines.Skip(1).Any(IsHeaderLine))
        {
            return new(InputFormat.BounceEmail, 0.9, "first line is an mbox 'From ' separator followed by email headers");
        }

        if (!IsHeaderLine(lines[0]))
        {
            return null;
        }

        if (text.Contains("multipart/report", StringComparison.OrdinalIgnoreCase)
            || text.Contains("mailer-daemon", StringComparison.OrdinalIgnoreCase)
            || text.Contains("X-Failed-Recipients:", StringComparison.OrdinalIgnoreCase))
        {
            return new(InputFormat.BounceEmail, 0.9, "email headers with multipart/report, MAILER-DAEMON or X-Failed-Recipients of a bounce email");
        }

        var extension = Path.GetExtension(fileName);
        return extension.Equals(".eml", StringComparison.OrdinalIgnoreCase) && lines.Take(5).Count(IsHeaderLine) >= 2
            ? new(InputFormat.BounceEmail, 0.6, "a .eml file starting with email headers")
            : null;
    }

    private static FormatDetection? DetectMtaLog(List<string> lines)
    {
        if (lines.Any(line => line.Contains(" postfix/", StringComparison.Ordinal) || line.Contains(" postfix-", StringComparison.Ordinal)))
        {
            return new(InputFormat.Postfix, 0.95, "lines from a postfix/ program of a Postfix maillog");
        }

        if (lines.Any(line => (line.Contains("sm-mta[", StringComparison.Ordinal) || line.Contains("sendmail[", StringComparison.Ordinal))
                && line.Contains("stat=", StringComparison.Ordinal)))
        {
            return new(InputFormat.Sendmail, 0.95, "sm-mta or sendmail lines with stat= of a Sendmail log");
        }

        if (lines.Any(line => EximLine().IsMatch(line)))
        {
            return new(InputFormat.Exim, 0.9, "lines with Exim message ids and delivery flags (<=, =>, **, ==)");
        }

        return null;
    }

    private static FormatDetection? DetectCsv(
        string text, List<string> lines, string fileName, bool headIsWhole, out LogFormatException? brokenQuote)
    {
        brokenQuote = null;
        var header = lines[0];
        if (header.StartsWith("type,timeLogged", StringComparison.Ordinal))
        {
            return new(InputFormat.PowerMta, 0.98, "header row 'type,timeLogged,...' of a PowerMTA accounting file");
        }

        var headers = ReadHeaders(header);
        if (headers.Count < 2)
        {
            return null;
        }

        if (headers.Contains("dsnDiag", StringComparer.Ordinal) && headers.Contains("rcpt", StringComparer.Ordinal))
        {
            return new(InputFormat.PowerMta, 0.85, "header row with 'rcpt' and 'dsnDiag' columns of a PowerMTA accounting file");
        }

        if (SequencerPresets.Match(headers) is { } preset)
        {
            return new(InputFormat.SequencerCsv, 0.95, $"header row of the {preset.Name}");
        }

        if (CsvHeaderSynonyms.Suggest(headers) is { } mapping)
        {
            return new(InputFormat.SequencerCsv, 0.7, $"CSV header row with the recipient column '{mapping.RecipientColumn}'; confirm the column mapping");
        }

        return FindAddressColumn(text, fileName, headIsWhole, out brokenQuote) is { } column
            ? new(InputFormat.SequencerCsv, 0.6, $"CSV whose column '{column}' contains email addresses; confirm the column mapping")
            : null;
    }

    /// <summary>
    /// Returns the first column whose values in the first rows of the head <paramref name="text"/>
    /// are email addresses, or null. Null too when the quoting is broken before the end of the head.
    /// </summary>
    internal static string? FindAddressColumn(string text, string fileName) =>
        FindAddressColumn(text, fileName, headIsWhole: false, out _);

    /// <summary>
    /// Returns the first address column as <see cref="FindAddressColumn(string, string)"/> does, or
    /// null with the error as <paramref name="brokenQuote"/> when the quoting is broken before the
    /// end of the head (<see cref="CsvPreview.ReadHead(string, bool, int, string, out LogFormatException?)"/>).
    /// </summary>
    private static string? FindAddressColumn(string text, string fileName, bool headIsWhole, out LogFormatException? brokenQuote)
    {
        var preview = CsvPreview.ReadHead(text, headIsWhole, LinesExamined, fileName, out brokenQuote);
        return CsvAddressColumns.FindRecipientColumn(preview);
    }

    private static FormatDetection? DetectReplies(List<string> lines)
    {
        // Copied replies often include a line of local failure text without a code, such as
        // "Connection timed out", so half the lines are enough once the first one has a code.
        var replies = lines.Count(line => ReplyLine().IsMatch(line));
        if (!ReplyLine().IsMatch(lines[0]) || replies * 2 < lines.Count)
        {
            return null;
        }

        return replies == lines.Count
            ? new(InputFormat.Replies, 0.8, "every line starts with an SMTP reply code (2xx, 4xx or 5xx)")
            : new(InputFormat.Replies, 0.6, $"{replies} of the first {lines.Count} non-empty lines start with an SMTP reply code");
    }

    /// <summary>Splits a CSV header row with the separator it uses most (comma, semicolon, tab or pipe).</summary>
    private static List<string> ReadHeaders(string line)
    {
        var separator = new[] { ',', ';', '\t', '|' }.MaxBy(c => line.Count(x => x == c));
        return line.Split(separator).Select(h => h.Trim().Trim('"').Trim()).ToList();
    }

    /// <summary>True for "Name: value" with an RFC 5322 field name.</summary>
    private static bool IsHeaderLine(string line) => HeaderLine().IsMatch(line);

    /// <summary>True when <paramref name="text"/> has <paramref name="key"/> as a JSON key, also inside an escaped JSON string.</summary>
    private static bool HasKey(string text, string key) =>
        text.Contains($"\"{key}\"", StringComparison.Ordinal) || text.Contains($"\\\"{key}\\\"", StringComparison.Ordinal);

    /// <summary>Returns the start of a line, safe to show in a message: control characters replaced, at most 80 characters.</summary>
    internal static string Preview(string line)
    {
        const int MaxLength = 80;
        var shown = new string(line.Take(MaxLength).Select(c => char.IsControl(c) || c == '\uFFFD' ? '?' : c).ToArray());
        return line.Length > MaxLength ? shown + "..." : shown;
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? ([+-]\d{4} )?(\[\d+\] )?[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} (<=|=>|->|>>|\*\*|==|Completed)")]
    private static partial Regex EximLine();

    [GeneratedRegex(@"^\s*[245]\d\d([ -]|$)")]
    private static partial Regex ReplyLine();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]*: ")]
    private static partial Regex HeaderLine();
}
