using System.Text.RegularExpressions;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>A recipient that the human-readable text of a bounce names, with the reply found near it.</summary>
internal sealed record PlainRecipient(string Address, string? Reply, SmtpStage Stage, string? RemoteHost);

/// <summary>
/// Reads the human-readable text of a bounce that has no usable delivery status report: qmail,
/// Exim, Sendmail, Exchange and Exchange Online, Gmail, Yahoo, Postfix variants, Lotus Notes and
/// Domino, and the many relays that copy one of these shapes.
/// </summary>
/// <remarks>
/// The text is cut where the copy of the original message starts. Recipients are the lines that
/// start with an address (qmail's <c>&lt;ADDR&gt;:</c>, Exim's indented address, Sendmail's
/// <c>550 &lt;ADDR&gt;... reason</c>), else every address left in the text. Each recipient's block runs
/// to the next recipient, and its reply is the first SMTP reply in the block, else in the whole
/// text, else the block's own words.
/// </remarks>
internal static partial class PlainBounceBody
{
    private const int MaxReplyLength = 2000;

    private const string Address = @"[A-Za-z0-9._%+\-=/!#$&'*?^`{|}~]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+";

    // Phrases of the line that introduces the copy of the original message, lower-cased.
    private static readonly string[] OriginalMessageMarkers =
    [
        "below this line is a copy of the message",
        "this is a copy of the message",
        "original message follows",
        "original message headers",
        "unsent message follows",
        "copy of the original message",
        "----- original message",
        "--- original message",
        "original message:",
        "included is a copy of the message",
        "message header follows",
        "headers of the original message",
        "the original message below",
        "below is a copy of the original message",
        "returned message follows",
        "original message header",
        "original mail as follows",
        "- returned message -",
    ];

    // Wording of a delay notice, lower-cased. A final failure never uses these.
    private static readonly string[] DelayPhrases =
    [
        "delivery has been delayed",
        "has been delayed",
        "delivery is delayed",
        "will retry",
        "will be retried",
        "still being retried",
        "has not yet been delivered",
        "not been delivered yet",
        "will continue trying",
        "will keep trying",
        "will continue to try",
        "could not send message for past",
        "delivery status notification (delay)",
        "delayed mail",
        "warning: message still undelivered",
    ];

    // Localized reasons of MTAs that print a fixed text per language, with the English text the
    // same MTA prints, so that the classifier's English phrases apply. Lotus Notes (Japanese):
    // "not in the directory list" is its "User not listed in public Name & Address Book".
    private static readonly (string Localized, string English)[] LocalizedReasons =
    [
        ("ディレクトリのリストにありません", "User not listed in public Name & Address Book"),
    ];

    [GeneratedRegex(@"^\s*(?:[*\-]\s+)?""?<?(?<address>" + Address + @")>?""?(?:\s*:\s*(?<reply>.*)|\s+(?<rest>.*))?$")]
    private static partial Regex RecipientLinePattern();

    [GeneratedRegex(@"^\s*(?<code>[245]\d\d)[ -]+<(?<address>" + Address + @")>\.\.\.\s*(?<rest>.*)$")]
    private static partial Regex SendmailRecipientLine();

    [GeneratedRegex(@"^\s*(?:>>>\s*)?RCPT\s+TO\s*:\s*<?(?<address>" + Address + @")>?", RegexOptions.IgnoreCase)]
    private static partial Regex RcptCommandLine();

    [GeneratedRegex(Address)]
    private static partial Regex AnyAddress();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9\-]*:\s*\S")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^\s*[245]\d\d[ \-]")]
    private static partial Regex ReplyCodeLine();

    [GeneratedRegex(@"^[.\s]*\(#[245]\.\d{1,3}\.\d{1,3}\)$")]
    private static partial Regex QmailCodeLine();

    [GeneratedRegex(@"\bhost\s+(?<host>[A-Za-z0-9.\-]+)\s*\[[^\]]*\]")]
    private static partial Regex HostBeforeAddress();

    // m-FILTER prints the failed command under its own "SMTP command" heading.
    // Besides the usual "in reply to RCPT TO command", qmail writes "does not like recipient." for a
    // rejected RCPT TO and "does not like sender." for MAIL FROM, and Yahoo tags a reply "[RCPT_TO]".
    [GeneratedRegex(@"(?:(?:after|in reply to|error following|most progress was|>>>|SMTP command:?)\s*(?<command>RCPT|MAIL|DATA|end of data|EHLO|HELO|STARTTLS)|does not like (?<command>recipient|sender)\.|\[(?<command>RCPT)_TO\])", RegexOptions.IgnoreCase)]
    private static partial Regex StageMention();

    /// <summary>Returns the part of <paramref name="text"/> before the copy of the original message.</summary>
    public static string[] BounceLines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsOriginalMessageStart(lines, i))
            {
                return lines[..i].Select(Unquote).Select(WithEnglishReason).ToArray();
            }
        }

        return lines.Select(Unquote).Select(WithEnglishReason).ToArray();
    }

    /// <summary>Appends the English text in brackets to a line that carries a known localized reason.</summary>
    private static string WithEnglishReason(string line)
    {
        foreach (var (localized, english) in LocalizedReasons)
        {
            if (line.Contains(localized, StringComparison.Ordinal))
            {
                return $"{line} ({english})";
            }
        }

        return line;
    }

    /// <summary>True when the text reads as a delay notice rather than a final failure.</summary>
    public static bool IsDelayNotice(string bounceText, string? subject)
    {
        var subjectText = subject?.ToLowerInvariant() ?? string.Empty;
        var lower = bounceText.ToLowerInvariant();
        return DelayPhrases.Any(phrase => lower.Contains(phrase) || subjectText.Contains(phrase));
    }

    /// <summary>
    /// Finds the recipients and their replies. <paramref name="knownRecipients"/> (X-Failed-Recipients)
    /// decides the list when present; <paramref name="excluded"/> contains the sender's and the bounce's own addresses.
    /// </summary>
    public static IReadOnlyList<PlainRecipient> Read(
        string[] lines, IReadOnlyList<string> knownRecipients, ISet<string> excluded)
    {
        var found = FindRecipientLines(lines, excluded);
        if (knownRecipients.Count > 0)
        {
            found = knownRecipients
                .Select(address => found.FirstOrDefault(line => Same(line.Address, address)) is { Address: not null } line
                    ? line
                    : new RecipientLine(address, FirstLineWith(lines, address), null, null))
                .ToList();
        }

        var result = new List<PlainRecipient>();
        for (var i = 0; i < found.Count; i++)
        {
            var current = found[i];
            var blockEnd = found.Skip(i + 1).Select(next => next.Index).Where(index => index > current.Index).DefaultIfEmpty(lines.Length).Min();
            result.Add(ReadBlock(lines, current, blockEnd, i == 0 ? 0 : found[i - 1].Index + 1));
        }

        return result;
    }

    private static PlainRecipient ReadBlock(string[] lines, RecipientLine recipient, int blockEnd, int previousEnd)
    {
        var start = Math.Max(recipient.Index, 0);
        var blockStart = Math.Min(start + 1, blockEnd);
        var block = lines[blockStart..blockEnd];

        var reply = recipient.SendmailCode is not null
            ? LastTranscriptReply(lines[previousEnd..start]) ?? SendmailReply(recipient.SendmailCode, recipient.Rest)
            : InlineReply(recipient.Reply)
                ?? FindReply(block)
                ?? (recipient.Reply is null ? null : WithContinuation([recipient.Reply, .. block], 0, recipient.Reply))
                ?? EnclosedReason(recipient.Rest)
                ?? FindReply(lines)
                ?? JoinWords(block)
                ?? recipient.Rest
                ?? JoinWords(lines);

        var context = string.Join('\n', lines[Math.Max(previousEnd, 0)..blockEnd]);
        var host = HostBeforeAddress().Match(context) is { Success: true } hostMatch ? hostMatch.Groups["host"].Value : null;

        return new PlainRecipient(
            recipient.Address, Limit(reply is null ? null : EmbeddedReply.Shape(reply)), RecipientStageOf(context, recipient.Address), host);
    }

    /// <summary>
    /// Reads the stage of one recipient's failure. Sendmail writes its own "550 5.1.1 &lt;ADDR&gt;... reason"
    /// line right after the reply to the command that failed, so when RCPT TO is the last command
    /// before that line, the reply to a later "&gt;&gt;&gt; DATA" (refused for lack of a valid recipient)
    /// is not this recipient's failure.
    /// </summary>
    private static SmtpStage RecipientStageOf(string context, string address)
    {
        var stage = StageOf(context);
        if (stage != SmtpStage.Data)
        {
            return stage;
        }

        var sendmailLine = context.IndexOf($"<{address}>...", StringComparison.OrdinalIgnoreCase);
        return sendmailLine > 0 && StageOf(context[..sendmailLine]) == SmtpStage.RcptTo ? SmtpStage.RcptTo : stage;
    }

    private static List<RecipientLine> FindRecipientLines(string[] lines, ISet<string> excluded)
    {
        var found = RecipientLines(lines, excluded);
        if (found.Count > 0)
        {
            return found;
        }

        found = AnyAddresses(lines, excluded);
        if (found.Count > 0)
        {
            return found;
        }

        // Test and forwarding setups send to the sender's own address, so an excluded address on a
        // recipient line still counts when nothing else does.
        return RecipientLines(lines, new HashSet<string>());
    }

    private static List<RecipientLine> RecipientLines(string[] lines, ISet<string> excluded)
    {
        var found = new List<RecipientLine>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            RecipientLine? candidate = null;
            if (SendmailRecipientLine().Match(line) is { Success: true } sendmail)
            {
                candidate = new RecipientLine(sendmail.Groups["address"].Value, i, sendmail.Groups["rest"].Value, sendmail.Groups["code"].Value);
            }
            else if (RcptCommandLine().Match(line) is { Success: true } rcpt)
            {
                candidate = new RecipientLine(rcpt.Groups["address"].Value, i, null, null);
            }
            else if (RecipientLinePattern().Match(line) is { Success: true } match)
            {
                var reply = match.Groups["reply"].Value.Trim();
                var rest = match.Groups["rest"].Value.Trim();
                candidate = new RecipientLine(match.Groups["address"].Value, i, rest.Length == 0 ? null : rest, null)
                {
                    Reply = reply.Length == 0 ? null : reply,
                };
            }

            if (candidate is not null && !excluded.Contains(candidate.Address) && seen.Add(candidate.Address))
            {
                found.Add(candidate);
            }
        }

        return found;
    }

    /// <summary>Every address in the text, in order of appearance, for bounces where no line starts with one.</summary>
    private static List<RecipientLine> AnyAddresses(string[] lines, ISet<string> excluded)
    {
        var found = new List<RecipientLine>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match match in AnyAddress().Matches(lines[i]))
            {
                var address = match.Value.TrimEnd('.');
                if (!excluded.Contains(address) && seen.Add(address))
                {
                    found.Add(new RecipientLine(address, i, null, null));
                }
            }
        }

        return found;
    }

    /// <summary>A reason in brackets after the address on its own line: "user@example.org [User unknown]".</summary>
    private static string? EnclosedReason(string? rest)
    {
        var trimmed = rest?.Trim();
        return trimmed is { Length: > 2 } && ((trimmed[0] == '[' && trimmed[^1] == ']') || (trimmed[0] == '(' && trimmed[^1] == ')'))
            ? trimmed[1..^1].Trim()
            : null;
    }

    /// <summary>The reply on the recipient's own line, as qmail-style relays and OpenSMTPD write it.</summary>
    private static string? InlineReply(string? rest) =>
        rest is not null && ReplyCodeLine().IsMatch(rest) ? rest : null;

    /// <summary>Finds the first SMTP reply that the block's wording introduces.</summary>
    private static string? FindReply(string[] block)
    {
        string[] introductions =
        [
            "Remote host said:", "Remote Server returned '", "Reported error:", "(reason:", "said:",
            "Diagnostic-Code:", "Error message below:", "with the following error message:", "responded as follows:",
        ];

        for (var i = 0; i < block.Length; i++)
        {
            var line = block[i];
            foreach (var introduction in introductions)
            {
                var at = line.IndexOf(introduction, StringComparison.OrdinalIgnoreCase);
                if (at >= 0)
                {
                    var rest = line[(at + introduction.Length)..].Trim();
                    rest = introduction switch
                    {
                        "Remote Server returned '" => rest.TrimEnd('\'', '>').TrimEnd('\''),
                        "(reason:" => rest.TrimEnd(')'),
                        "with the following error message:" or "responded as follows:" => rest.Trim('[', ']', ' '),
                        _ => rest,
                    };
                    if (introduction == "(reason:" && CodeLineEndingWith(block, rest) is { } transcriptLine)
                    {
                        return transcriptLine;
                    }

                    return rest.Length > 0 ? WithContinuation(block, i, rest) : NextWords(block, i + 1);
                }
            }

            if (line.Contains("The error that the other server returned was:", StringComparison.OrdinalIgnoreCase))
            {
                return NextWords(block, i + 1);
            }
        }

        return ExeximHostReply(block) ?? TranscriptReply(block) ?? CodeLine(block);
    }

    /// <summary>Exim's "host H [IP]: 550 ..." with its indented continuation lines.</summary>
    private static string? ExeximHostReply(string[] block)
    {
        for (var i = 0; i < block.Length; i++)
        {
            var bracket = block[i].IndexOf("]: ", StringComparison.Ordinal);
            if (bracket >= 0 && block[i].TrimStart().StartsWith("host ", StringComparison.OrdinalIgnoreCase))
            {
                return WithContinuation(block, i, block[i][(bracket + 3)..].Trim());
            }
        }

        return null;
    }

    private static string? TranscriptReply(string[] block) => LastTranscriptReply(block);

    /// <summary>
    /// Joins Sendmail's own code with the rest of its line, unless the rest starts with the remote
    /// server's reply ("554 ... 550 Host unknown"), whose code is the one the receiver sent.
    /// </summary>
    private static string SendmailReply(string sendmailCode, string? rest) =>
        rest is not null && rest.Length > 3 && char.IsAsciiDigit(rest[0]) && char.IsAsciiDigit(rest[1]) && char.IsAsciiDigit(rest[2]) && rest[3] == ' '
            ? rest
            : $"{sendmailCode} {rest}";

    /// <summary>The last "&lt;&lt;&lt; 5xx" line of a Sendmail transcript.</summary>
    private static string? LastTranscriptReply(string[] block)
    {
        string? reply = null;
        foreach (var line in block)
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("<<<", StringComparison.Ordinal))
            {
                var text = trimmed[3..].Trim();
                if (text.Length > 0 && text[0] is '4' or '5')
                {
                    reply = text;
                }
            }
        }

        return reply;
    }

    /// <summary>
    /// Sendmail's "(reason: Insufficient permission)" repeats the end of a transcript reply without its
    /// codes; the transcript line "550 5.0.0 &lt;ADDR&gt;... Insufficient permission" is the whole reply.
    /// </summary>
    private static string? CodeLineEndingWith(string[] block, string reason)
    {
        if (reason.Length == 0 || char.IsAsciiDigit(reason[0]))
        {
            return null;
        }

        return block
            .Select(line => line.Trim())
            .FirstOrDefault(line => ReplyCodeLine().IsMatch(line) && line.EndsWith(reason, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The first SMTP reply that the text introduces or prints on a line of its own, or null.</summary>
    public static string? FirstReply(string[] lines) =>
        FindReply(lines) is { } reply ? Limit(EmbeddedReply.Shape(reply)) : null;

    private static string? CodeLine(string[] block)
    {
        for (var i = 0; i < block.Length; i++)
        {
            if (ReplyCodeLine().IsMatch(block[i]))
            {
                return WithContinuation(block, i, block[i].Trim());
            }
        }

        return null;
    }

    /// <summary>Appends the lines that continue a reply: indented lines, or multi-line reply lines with the same code.</summary>
    private static string WithContinuation(string[] block, int index, string first)
    {
        var parts = new List<string> { first };
        var code = first.Length >= 4 && char.IsAsciiDigit(first[0]) ? first[..3] : null;

        for (var i = index + 1; i < block.Length; i++)
        {
            var line = block[i];
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                break;
            }

            // qmail may put its trailing "(#5.5.0)" on a line of its own.
            if (QmailCodeLine().IsMatch(trimmed))
            {
                parts.Add(trimmed.TrimStart('.', ' '));
                break;
            }

            var sameCode = code is not null && trimmed.StartsWith(code, StringComparison.Ordinal) && trimmed.Length > 3 && trimmed[3] is ' ' or '-';
            var indented = line[0] is ' ' or '\t' && !block[index].StartsWith(line[..(line.Length - line.TrimStart().Length)] + " ", StringComparison.Ordinal);

            // A reply that is only its code so far ("said: 550") continues on the next line even when
            // that line starts with the recipient's address ("<user@example.org>: User unknown").
            var bareCode = parts.Count == 1 && first.Length == 3 && first.All(char.IsAsciiDigit);
            if (!sameCode && !(indented && (bareCode || !RecipientLinePattern().IsMatch(line)) && !trimmed.StartsWith("host ", StringComparison.OrdinalIgnoreCase)))
            {
                break;
            }

            parts.Add(trimmed);
        }

        return string.Join(' ', parts);
    }

    private static string? NextWords(string[] block, int start)
    {
        var words = new List<string>();
        for (var i = start; i < block.Length; i++)
        {
            var trimmed = block[i].Trim();
            if (trimmed.Length == 0)
            {
                if (words.Count > 0)
                {
                    break;
                }

                continue;
            }

            words.Add(trimmed);
        }

        return words.Count == 0 ? null : string.Join(' ', words);
    }

    private static string? JoinWords(IEnumerable<string> lines)
    {
        var words = string.Join(' ', lines.Select(line => line.Trim()).Where(line => line.Length > 0));
        return words.Length == 0 ? null : words;
    }

    /// <summary>Returns the SMTP stage that <paramref name="text"/> names for its reply, or Unknown.</summary>
    public static SmtpStage StageIn(string? text) => text is null ? SmtpStage.Unknown : StageOf(text);

    private static SmtpStage StageOf(string context)
    {
        if (IsGreetingRefusal(context))
        {
            return SmtpStage.Greeting;
        }

        // The reply belongs to the last command named before it.
        var matches = StageMention().Matches(context);
        if (matches.Count == 0)
        {
            return SmtpStage.Unknown;
        }

        var match = matches[^1];

        // With pipelining, Sendmail sends RCPT TO and DATA together, so two replies follow ">>> DATA"
        // and the first of them is the reply to RCPT TO.
        var lastData = context.LastIndexOf(">>> DATA", StringComparison.OrdinalIgnoreCase);
        if (lastData >= 0 && CountReplies(context[lastData..]) >= 2)
        {
            return SmtpStage.RcptTo;
        }

        var command = match.Groups["command"].Value.ToUpperInvariant();
        return command switch
        {
            "RCPT" or "RECIPIENT" => SmtpStage.RcptTo,
            "MAIL" or "SENDER" => SmtpStage.MailFrom,
            "EHLO" or "HELO" => SmtpStage.Helo,
            "STARTTLS" => SmtpStage.StartTls,
            _ => SmtpStage.Data,
        };
    }

    /// <summary>
    /// True when Sendmail's last "... while talking to HOST:" transcript starts with the server's reply
    /// ("&lt;&lt;&lt; 554 ...") before any command was sent: the server refused the connection in its greeting.
    /// </summary>
    private static bool IsGreetingRefusal(string context)
    {
        var talking = context.LastIndexOf("while talking to", StringComparison.OrdinalIgnoreCase);
        if (talking < 0)
        {
            return false;
        }

        var transcript = context[talking..];
        var reply = transcript.IndexOf("<<<", StringComparison.Ordinal);
        var command = transcript.IndexOf(">>>", StringComparison.Ordinal);
        return reply >= 0 && (command < 0 || reply < command);
    }

    private static int CountReplies(string transcript)
    {
        var count = 0;
        for (var at = transcript.IndexOf("<<<", StringComparison.Ordinal); at >= 0; at = transcript.IndexOf("<<<", at + 3, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static bool IsOriginalMessageStart(string[] lines, int index)
    {
        var lower = Unquote(lines[index]).Trim().ToLowerInvariant();
        if (lower.Length == 0)
        {
            return false;
        }

        if (OriginalMessageMarkers.Any(lower.Contains))
        {
            return true;
        }

        // A run of two or more header lines with a trace header among them starts the copied
        // headers. A quoted run ("> From: ...") belongs to a forwarded bounce and does not count.
        var headers = 0;
        var traced = false;
        for (var next = index; next < lines.Length; next++)
        {
            var line = lines[next];
            if (next > index && line.Length > 0 && line[0] is ' ' or '\t')
            {
                continue;
            }

            if (!HeaderLine().IsMatch(line) || IsReportField(line))
            {
                break;
            }

            headers++;
            traced |= TraceHeaders.Any(name => line.StartsWith(name, StringComparison.OrdinalIgnoreCase));
        }

        return headers >= 2 && traced;
    }

    // Headers that only a message's own header block carries, never a bounce's summary of it.
    private static readonly string[] TraceHeaders =
    [
        "Received:", "Return-Path:", "Message-ID:", "MIME-Version:", "DKIM-Signature:", "ARC-", "X-",
        "Authentication-Results:", "Delivered-To:", "Content-Type:",
    ];

    // Report fields that some bounces print in their text; they belong to the bounce, not to the copied message.
    private static bool IsReportField(string line) =>
        line.StartsWith("Diagnostic-Code:", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("Status:", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("Action:", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("Final-Recipient:", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("Remote-MTA:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Removes the "&gt; " of a bounce forwarded as a quotation.</summary>
    private static string Unquote(string line)
    {
        if (line.StartsWith("> ", StringComparison.Ordinal))
        {
            return line[2..];
        }

        return line == ">" ? string.Empty : line;
    }

    private static int FirstLineWith(string[] lines, string address)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(address, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Same(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    private static string? Limit(string? reply)
    {
        if (reply is null)
        {
            return null;
        }

        var collapsed = DeliveryStatusFields.CollapseWhitespace(reply);
        return collapsed.Length <= MaxReplyLength ? collapsed : collapsed[..MaxReplyLength];
    }

    /// <summary>A line that names a recipient. <see cref="Reply"/> is the text after "ADDR:", <see cref="Rest"/> the words after "ADDR ".</summary>
    private sealed record RecipientLine(string Address, int Index, string? Rest, string? SendmailCode)
    {
        public string? Reply { get; init; }
    }
}
