using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Streams an Exim mainlog into delivery attempts: <c>=&gt;</c>, <c>-&gt;</c> and <c>&gt;&gt;</c>
/// lines are deliveries, <c>**</c> failures and <c>==</c> deferrals. The sender comes from
/// <c>F=</c> on the line, else from the message's <c>&lt;=</c> arrival line, and a
/// <c>retry timeout exceeded</c> failure repeats the recipient's last deferral as an expiry.
/// </summary>
/// <remarks>
/// The parser keeps state only for message ids seen since their <c>Completed</c> line, so its
/// memory grows with the messages in flight, not with the file.
/// NOTE: a mainlog filtered to delivery lines (no <c>Completed</c> lines) keeps one entry per
/// message until the parse ends.
/// </remarks>
public sealed partial class EximLogParser : IAttemptLogParser
{
    /// <summary>The longest line accepted, in characters (1 MiB).</summary>
    public const int MaxLineLength = 1024 * 1024;

    private readonly Dictionary<string, MessageState> messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageState>.AlternateLookup<ReadOnlySpan<char>> messagesBySpan;
    private readonly FormatRecognition recognition;

    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received.</param>
    public EximLogParser(string source, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        UploadedAt = uploadedAt;
        messagesBySpan = messages.GetAlternateLookup<ReadOnlySpan<char>>();
        recognition = new FormatRecognition(
            source,
            "an Exim mainlog",
            "An Exim line starts with a date, a time and a message id, for example "
            + "'2024-06-11 09:17:45 1sGxZc-000AbB-9P == info@example.net R=dnslookup T=remote_smtp defer (110): Connection timed out'; "
            + "use Exim's mainlog (often /var/log/exim4/mainlog or /var/log/exim/main.log)");
    }

    /// <summary>The file's name, used in attempts and error messages.</summary>
    public string Source { get; }

    /// <summary>When the file was received.</summary>
    public DateTimeOffset UploadedAt { get; }

    /// <inheritdoc />
    public ParseReport Report { get; } = new();

    /// <summary>Message ids whose state the parser currently keeps.</summary>
    internal int MessagesInFlight => messages.Count;

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
        if (line.IsWhiteSpace())
        {
            Report.Skip(SkipReasons.EmptyLine);
            return null;
        }

        if (!EximTimestamp.TryRead(line, out var timestamp, out var consumed))
        {
            recognition.Misfit();
            Report.Skip(MtaSkipReasons.NotThisFormat);
            return null;
        }

        recognition.Fit();
        var rest = SkipProcessId(line[consumed..]);
        if (!TrySplitMessageId(rest, out var messageId, out var body))
        {
            Report.Skip(MtaSkipReasons.EximNoDelivery);
            return null;
        }

        if (body.SequenceEqual("Completed") || body.StartsWith("Completed ", StringComparison.Ordinal))
        {
            messagesBySpan.Remove(messageId);
            Report.Skip(MtaSkipReasons.EximCompleted);
            Report.CompleteMessage(messageId);
            return null;
        }

        if (body.Length < 4 || body[2] != ' ')
        {
            Report.Skip(MtaSkipReasons.EximOtherFlag);
            return null;
        }

        var context = new LineContext(number, timestamp);
        return body[..2] switch
        {
            "<=" => ReadArrival(messageId, body[3..]),
            "=>" or "->" or ">>" => ReadDelivery(context, messageId, body[3..], EximFlag.Delivered),
            "**" => ReadDelivery(context, messageId, body[3..], EximFlag.Failed),
            "==" => ReadDelivery(context, messageId, body[3..], EximFlag.Deferred),
            _ => SkipOtherFlag(),
        };
    }

    private DeliveryAttempt? SkipOtherFlag()
    {
        Report.Skip(MtaSkipReasons.EximOtherFlag);
        return null;
    }

    /// <summary>Reads "SENDER H=... P=..." after <c>&lt;=</c>, remembering the sender; <c>&lt;&gt;</c> is the null sender.</summary>
    private DeliveryAttempt? ReadArrival(ReadOnlySpan<char> messageId, ReadOnlySpan<char> rest)
    {
        var senderEnd = rest.IndexOf(' ');
        var sender = senderEnd < 0 ? rest : rest[..senderEnd];
        var state = StateOf(messageId);
        state.Sender = sender.IsEmpty || sender.SequenceEqual("<>") ? null : sender.ToString();
        Report.Skip(MtaSkipReasons.EximArrival);
        return null;
    }

    /// <summary>Skips the "[PID] " that Exim's <c>+pid</c> log selector puts before the message id.</summary>
    private static ReadOnlySpan<char> SkipProcessId(ReadOnlySpan<char> rest)
    {
        if (rest.Length > 2 && rest[0] == '[')
        {
            var close = rest.IndexOf("] ");
            if (close > 1 && !rest[1..close].ContainsAnyExceptInRange('0', '9'))
            {
                return rest[(close + 2)..];
            }
        }

        return rest;
    }

    /// <summary>
    /// Splits "MSGID rest". Exim up to 4.96 writes ids of 6-6-2 base-62 characters
    /// (<c>1rXyZq-000AbC-1x</c>); 4.97 and later write 6-11-4 (<c>1x6mUB-00000006Pya-498Q</c>).
    /// </summary>
    internal static bool TrySplitMessageId(ReadOnlySpan<char> text, out ReadOnlySpan<char> messageId, out ReadOnlySpan<char> body)
    {
        messageId = default;
        body = default;
        int length;
        if (IsIdShape(text, 6, 2))
        {
            length = 16;
        }
        else if (IsIdShape(text, 11, 4))
        {
            length = 23;
        }
        else
        {
            return false;
        }

        messageId = text[..length];
        body = text[(length + 1)..];
        return true;
    }

    private static bool IsIdShape(ReadOnlySpan<char> text, int middle, int last)
    {
        var length = 6 + 1 + middle + 1 + last;
        if (text.Length <= length || text[length] != ' ' || text[6] != '-' || text[7 + middle] != '-')
        {
            return false;
        }

        return IsBase62(text[..6]) && IsBase62(text.Slice(7, middle)) && IsBase62(text.Slice(8 + middle, last));
    }

    private static bool IsBase62(ReadOnlySpan<char> part)
    {
        foreach (var c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private MessageState StateOf(ReadOnlySpan<char> messageId)
    {
        if (!messagesBySpan.TryGetValue(messageId, out var state))
        {
            state = new MessageState(messageId.ToString());
            messages.Add(state.MessageId, state);
        }

        return state;
    }

    /// <summary>Where a line sits in the file and when it was logged.</summary>
    private readonly record struct LineContext(long Number, DateTimeOffset Timestamp);

    private enum EximFlag
    {
        Delivered,
        Failed,
        Deferred,
    }

    /// <summary>What the parser remembers about one message.</summary>
    private sealed class MessageState(string messageId)
    {
        public string MessageId { get; } = messageId;

        /// <summary>The envelope sender from the arrival line, or null when unknown or the null sender.</summary>
        public string? Sender { get; set; }

        /// <summary>Each recipient's last deferral, removed once the recipient is delivered or failed.</summary>
        public Dictionary<string, DeliveryAttempt>? LastDeferrals { get; set; }
    }
}
