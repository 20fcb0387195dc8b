using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Streams Sendmail syslog lines into delivery attempts: one per recipient of each <c>to=</c>
/// line, with the verdict from <c>stat=</c> and the sender joined from the queue id's
/// <c>from=</c> line. A failure's reply is the remote server's full reply from the line
/// <c>&lt;RCPT&gt;... CODE TEXT</c> that precedes the <c>to=</c> line, where the <c>stat=</c> text
/// carries no reply code of its own ("Service unavailable", "User unknown").
/// </summary>
/// <remarks>
/// NOTE: Sendmail logs no line when a message leaves the queue, so the parser keeps one sender
/// per queue id until the parse ends. A reply line waits for its recipient's next <c>to=</c> line,
/// so one whose <c>to=</c> line is missing also stays until the parse ends.
/// </remarks>
public sealed partial class SendmailLogParser : IAttemptLogParser
{
    /// <summary>The longest line accepted, in characters (1 MiB).</summary>
    public const int MaxLineLength = 1024 * 1024;

    private readonly Dictionary<string, string?> senders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?>.AlternateLookup<ReadOnlySpan<char>> sendersBySpan;
    private readonly DateTime latestSyslogTime;
    private readonly FormatRecognition recognition;

    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received: syslog timestamps carry no year, so the year is inferred from it.</param>
    public SendmailLogParser(string source, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        UploadedAt = uploadedAt;

        // One day of slack absorbs clocks and zones ahead of the upload time. A syslog date
        // later than that must be from the year before.
        latestSyslogTime = uploadedAt.UtcDateTime.AddDays(1);
        sendersBySpan = senders.GetAlternateLookup<ReadOnlySpan<char>>();
        pendingRepliesBySpan = pendingReplies.GetAlternateLookup<ReadOnlySpan<char>>();
        recognition = new FormatRecognition(
            source,
            "a Sendmail log",
            "A Sendmail line starts with a syslog prefix and a sendmail or sm-mta program, for example "
            + "'Jun 11 10:02:11 relay3 sm-mta[8812]: 4BBA2f0x008812: to=<sales@example.com>, delay=00:00:02, mailer=esmtp, relay=mx.example.com. [192.0.2.80], dsn=5.1.1, stat=User unknown'; "
            + "use the mail log (often /var/log/maillog or /var/log/mail.log)");
    }

    /// <summary>The file's name, used in attempts and error messages.</summary>
    public string Source { get; }

    /// <summary>The reference time for the year of syslog timestamps.</summary>
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
        LineAttempts.Read(
            reader,
            Source,
            MaxLineLength,
            Report,
            (lines, found) => ReadLine(lines.Current, lines.LineNumber, found),
            recognition.ThrowIfNeverFit);

    private void ReadLine(ReadOnlySpan<char> line, long number, List<DeliveryAttempt> found)
    {
        if (line.IsWhiteSpace())
        {
            Report.Skip(SkipReasons.EmptyLine);
            return;
        }

        if (!SyslogHeader.TryRead(line, latestSyslogTime, out var timestamp, out var program, out var message)
            || !IsSendmailProgram(program))
        {
            recognition.Misfit();
            Report.Skip(MtaSkipReasons.NotThisFormat);
            return;
        }

        recognition.Fit();
        if (!TrySplitQueueId(message, out var queueId, out var body))
        {
            Report.Skip(MtaSkipReasons.SendmailNoQueueId);
            return;
        }

        if (body.StartsWith("to=", StringComparison.Ordinal))
        {
            ReadDelivery(number, timestamp, queueId, body, found);
        }
        else if (body.StartsWith("from=", StringComparison.Ordinal))
        {
            ReadSender(queueId, body);
        }
        else if (TryReadRecipientReply(body, out var recipient, out var reply))
        {
            StoreReply(queueId, recipient, reply);
            Report.Skip(MtaSkipReasons.SendmailReply);
        }
        else
        {
            Report.Skip(MtaSkipReasons.SendmailNoStatus);
        }
    }

    /// <summary>True for the program names Sendmail logs under: sendmail, sm-mta, sm-msp-queue.</summary>
    private static bool IsSendmailProgram(ReadOnlySpan<char> program) =>
        program.StartsWith("sendmail", StringComparison.Ordinal) || program.StartsWith("sm-", StringComparison.Ordinal);

    /// <summary>
    /// Splits "QUEUEID: rest". Sendmail 8 queue ids are 14 letters and digits
    /// (<c>4BBA2f0x008812</c>); 8 to 20 are accepted for other builds and settings.
    /// </summary>
    private static bool TrySplitQueueId(ReadOnlySpan<char> message, out ReadOnlySpan<char> queueId, out ReadOnlySpan<char> body)
    {
        queueId = default;
        body = default;
        var colon = message[..Math.Min(message.Length, 22)].IndexOf(':');
        if (colon < 8 || colon > 20 || colon + 1 >= message.Length || message[colon + 1] != ' ')
        {
            return false;
        }

        foreach (var c in message[..colon])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        queueId = message[..colon];
        body = message[(colon + 2)..];
        return true;
    }

    /// <summary>Reads "from=&lt;SENDER&gt;, size=N, ..." and remembers the sender; <c>&lt;&gt;</c> is the null sender.</summary>
    private void ReadSender(ReadOnlySpan<char> queueId, ReadOnlySpan<char> body)
    {
        var value = body["from=".Length..];
        var end = value.IndexOf(", ");
        var sender = (end < 0 ? value : value[..end]).Trim("<>");
        sendersBySpan[queueId] = sender.IsEmpty ? null : sender.ToString();
        Report.Skip(MtaSkipReasons.SendmailSender);
    }
}
