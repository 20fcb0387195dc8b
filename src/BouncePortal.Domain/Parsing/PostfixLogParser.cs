using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Streams a Postfix maillog into delivery attempts, joining the sender from the qmgr
/// <c>from=</c> line by queue id and carrying qmgr <c>status=expired</c> to the recipients
/// still deferred, with their last deferral's reply.
/// </summary>
/// <remarks>
/// The parser keeps state only for queue ids seen since their last <c>removed</c> line, so its
/// memory grows with the messages in flight, not with the file.
/// NOTE: a log filtered to delivery lines (no <c>removed</c> lines) keeps one entry per message
/// until the parse ends.
/// </remarks>
public sealed partial class PostfixLogParser : Formats.IAttemptLogParser
{
    /// <summary>The longest line accepted, in characters (1 MiB).</summary>
    public const int MaxLineLength = 1024 * 1024;

    /// <summary>How many non-empty lines may come before the first Postfix line.</summary>
    public const int DetectionLineCount = 1000;

    private readonly Dictionary<string, MessageState> messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageState>.AlternateLookup<ReadOnlySpan<char>> messagesBySpan;
    private readonly DateTime latestSyslogTime;
    private bool sawPostfixLine;
    private long nonEmptyLinesBeforePostfix;

    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received: syslog timestamps carry no year, so the year is inferred from it.</param>
    public PostfixLogParser(string source, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        UploadedAt = uploadedAt;

        // One day of slack absorbs clocks and zones ahead of the upload time. A syslog date
        // later than that must be from the year before.
        latestSyslogTime = uploadedAt.UtcDateTime.AddDays(1);
        messagesBySpan = messages.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The file's name.</summary>
    public string Source { get; }

    /// <summary>The reference time for the year of syslog timestamps.</summary>
    public DateTimeOffset UploadedAt { get; }

    /// <summary>Counts for the parse so far.</summary>
    public ParseReport Report { get; } = new();

    /// <summary>Queue ids whose state the parser currently keeps.</summary>
    internal int MessagesInFlight => messages.Count;

    /// <summary>
    /// Reads <paramref name="reader"/> to the end, yielding attempts in log order.
    /// Throws <see cref="LogFormatException"/> when the input is not a Postfix log or is truncated.
    /// </summary>
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
            (lines, found) => ReadLine(lines.Current, lines.LineNumber, lines.IsUnterminated, found),
            ThrowIfNeverPostfix);

    private void ThrowIfNeverPostfix()
    {
        if (!sawPostfixLine)
        {
            throw NotPostfix(nonEmptyLinesBeforePostfix == 0 ? "the file contains only empty lines" : $"none of its {nonEmptyLinesBeforePostfix:N0} non-empty lines is a Postfix line");
        }
    }

    private void ReadLine(ReadOnlySpan<char> line, long number, bool unterminated, List<DeliveryAttempt> found)
    {
        if (line.IsWhiteSpace())
        {
            Report.Skip(SkipReasons.EmptyLine);
            return;
        }

        if (!SyslogHeader.TryRead(line, latestSyslogTime, out var timestamp, out var program, out var message)
            || !program.StartsWith("postfix", StringComparison.Ordinal))
        {
            CountLineBeforePostfix();
            Report.Skip(SkipReasons.NotPostfix);
            return;
        }

        sawPostfixLine = true;
        if (!TrySplitQueueId(message, out var queueId, out var body))
        {
            Report.Skip(SkipReasons.NoDeliveryStatus);
            return;
        }

        if (body.StartsWith("to=<", StringComparison.Ordinal))
        {
            ReadDelivery(new LineContext(number, timestamp, unterminated), queueId, body, found);
        }
        else if (body.StartsWith("from=<", StringComparison.Ordinal))
        {
            ReadSender(new LineContext(number, timestamp, unterminated), queueId, body, found);
        }
        else if (body.SequenceEqual("removed"))
        {
            messagesBySpan.Remove(queueId);
            Report.Skip(SkipReasons.Removed);
            Report.CompleteMessage(queueId);
        }
        else if (IsIntermediateFailure(body))
        {
            Report.Skip(SkipReasons.IntermediateReply);
        }
        else
        {
            Report.Skip(SkipReasons.NoDeliveryStatus);
        }
    }

    private void CountLineBeforePostfix()
    {
        if (sawPostfixLine)
        {
            return;
        }

        nonEmptyLinesBeforePostfix++;
        if (nonEmptyLinesBeforePostfix >= DetectionLineCount)
        {
            throw NotPostfix($"none of its first {DetectionLineCount:N0} non-empty lines is a Postfix line");
        }
    }

    private LogFormatException NotPostfix(string finding) => new(
        Source,
        null,
        $"not a Postfix maillog: {finding}. A Postfix line starts with a syslog prefix and a postfix/ program, for example "
        + "'Jun 11 14:05:30 mta1 postfix/smtp[4420]: B7E29D0A11: to=<info@example.net>, relay=..., dsn=4.4.1, status=deferred (...)'; "
        + "use the MTA's mail log (often /var/log/mail.log or /var/log/maillog)");

    private static bool IsIntermediateFailure(ReadOnlySpan<char> body) =>
        body.StartsWith("host ", StringComparison.Ordinal)
        || body.StartsWith("lost connection with ", StringComparison.Ordinal)
        || body.StartsWith("conversation with ", StringComparison.Ordinal)
        || body.StartsWith("connect to ", StringComparison.Ordinal);

    /// <summary>
    /// Splits "QUEUEID: rest". Short queue ids are upper-case hex (Postfix's default, 6 to 12
    /// characters). Long ids (<c>enable_long_queue_ids</c>) are 12 to 16 letters and digits.
    /// </summary>
    internal static bool TrySplitQueueId(ReadOnlySpan<char> message, out ReadOnlySpan<char> queueId, out ReadOnlySpan<char> body)
    {
        queueId = default;
        body = default;
        var colon = message[..Math.Min(message.Length, 18)].IndexOf(':');
        if (colon < 6 || colon + 1 >= message.Length || message[colon + 1] != ' ')
        {
            return false;
        }

        var candidate = message[..colon];
        var isShort = candidate.Length <= 12 && !candidate.ContainsAnyExcept(UpperHexDigits);
        var isLong = candidate.Length >= 12 && !candidate.ContainsAnyExcept(AsciiLettersAndDigits);
        if (!isShort && !isLong)
        {
            return false;
        }

        queueId = candidate;
        body = message[(colon + 2)..];
        return true;
    }

    private MessageState StateOf(ReadOnlySpan<char> queueId)
    {
        if (!messagesBySpan.TryGetValue(queueId, out var state))
        {
            state = new MessageState(queueId.ToString());
            messages.Add(state.QueueId, state);
        }

        return state;
    }

    /// <summary>Where a line sits in the file and when it was logged.</summary>
    private readonly record struct LineContext(long Number, DateTimeOffset Timestamp, bool Unterminated);

    /// <summary>What the parser remembers about one queued message.</summary>
    private sealed class MessageState(string queueId)
    {
        public string QueueId { get; } = queueId;

        /// <summary>The envelope sender from qmgr, or null when unknown or the null sender.</summary>
        public string? Sender { get; set; }

        /// <summary>The message's recipient count from qmgr's <c>nrcpt=</c>, or null when not logged.</summary>
        public int? Recipients { get; set; }

        /// <summary>Each recipient's last attempt while that attempt is a deferral, or null once sent or bounced.</summary>
        public Dictionary<string, DeliveryAttempt?>? LastDeferrals { get; set; }
    }
}
