using System.Buffers;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Turns an SMTP reply as an MTA logged it into codes plus one line of explanation text,
/// writing into a caller's buffer so that classification allocates nothing.
/// </summary>
/// <remarks>
/// Postfix joins a multi-line reply with spaces and keeps every <c>550-5.1.1</c> prefix inline,
/// Exim joins the lines with a literal backslash-n, and DSN headers fold long values onto
/// indented lines. All three become one line, and every repeated code prefix after the first is dropped.
/// </remarks>
internal static class ReplyNormalizer
{
    // Postfix's longest stage suffix is "(in reply to end of DATA command)".
    private const int MaxStageSuffixLength = 48;

    private static readonly SearchValues<char> LineBreakChars = SearchValues.Create("\t\r\n\f\v\\");

    /// <summary>
    /// Normalizes <paramref name="raw"/> into <paramref name="buffer"/>, which must be at least as
    /// long as <paramref name="raw"/> because the text only ever shrinks.
    /// </summary>
    public static NormalizedReply Normalize(ReadOnlySpan<char> raw, Span<char> buffer)
    {
        var length = JoinLines(raw, buffer);
        var start = 0;
        var end = length;
        var stage = SmtpStage.Unknown;

        start = SkipDiagnosticType(buffer, start, end);
        start = SkipLogContext(buffer, start, end, ref stage);
        end = TrimStageSuffix(buffer, start, end, ref stage);

        if (start < end && buffer[start] == '#')
        {
            // Exchange writes "#550 4.4.7 QUEUE.Expired; message expired ##".
            start++;
            end = TrimEnd(buffer, start, EndsWith(buffer, start, end, "##") ? end - 2 : end);
        }

        var basicCode = ReadBasicCode(buffer[start..end], out var multiLine);
        if (basicCode != 0)
        {
            start = SkipSpaces(buffer, start + 4, end);
        }

        var enhancedStart = start;
        EnhancedStatusCode.TryRead(buffer[start..end], out var enhanced, out var enhancedLength);
        if (enhanced.IsPresent)
        {
            start = SkipSpaces(buffer, start + enhancedLength, end);
        }

        if (basicCode != 0 && (enhanced.IsPresent || multiLine))
        {
            // The code sits before the text, so the in-place rewrite of the text cannot overwrite it.
            var enhancedText = enhanced.IsPresent ? buffer.Slice(enhancedStart, enhancedLength) : Span<char>.Empty;
            end = start + DropRepeatedPrefixes(buffer[start..end], basicCode, enhancedText, multiLine);
        }

        end = TrimGoogleTrailer(buffer, start, end);
        end = TrimMicrosoftTrailer(buffer, start, end);

        return new NormalizedReply(basicCode, enhanced, stage, start, end - start);
    }

    /// <summary>Copies the reply as one line: line breaks, literal \n and runs of whitespace become one space.</summary>
    private static int JoinLines(ReadOnlySpan<char> raw, Span<char> buffer)
    {
        var written = 0;
        var read = 0;

        while (read < raw.Length)
        {
            // Most replies contain none of these characters, so one search copies the whole reply.
            var run = raw[read..].IndexOfAny(LineBreakChars);
            var runLength = run < 0 ? raw.Length - read : run;
            raw.Slice(read, runLength).CopyTo(buffer[written..]);
            written += runLength;
            read += runLength;
            if (read >= raw.Length)
            {
                break;
            }

            var isBackslash = raw[read] == '\\';
            var isLiteralBreak = isBackslash && read + 1 < raw.Length && raw[read + 1] is 'n' or 'r';
            buffer[written++] = isBackslash && !isLiteralBreak ? '\\' : ' ';
            read += isLiteralBreak ? 2 : 1;
        }

        return CollapseSpaces(buffer[..written]);
    }

    /// <summary>Collapses runs of spaces to one and trims both ends, in place; returns the new length.</summary>
    private static int CollapseSpaces(Span<char> text)
    {
        var written = 0;
        var read = SkipSpaces(text, 0, text.Length);

        while (read < text.Length)
        {
            var doubleSpace = text[read..].IndexOf("  ");
            var end = doubleSpace < 0 ? text.Length : read + doubleSpace + 1;
            text[read..end].CopyTo(text[written..]);
            written += end - read;
            read = SkipSpaces(text, end, text.Length);
        }

        return TrimEnd(text, 0, written);
    }

    /// <summary>Skips a DSN diagnostic type such as <c>smtp;</c> or <c>X-Postfix;</c>.</summary>
    private static int SkipDiagnosticType(Span<char> buffer, int start, int end)
    {
        const int MaxTypeLength = 16;

        var limit = Math.Min(end, start + MaxTypeLength + 1);
        if (start >= end || !char.IsAsciiLetter(buffer[start]))
        {
            return start;
        }

        for (var i = start + 1; i < limit; i++)
        {
            var c = buffer[i];
            if (c == ';')
            {
                return SkipSpaces(buffer, i + 1, end);
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return start;
            }
        }

        return start;
    }

    /// <summary>
    /// Skips the MTA's own words before the remote reply: Postfix "host H[IP] said:",
    /// "refused to talk to me:", "delivery temporarily suspended:", Exim "SMTP error from
    /// remote mail server after CMD:", and Sendmail "Deferred:".
    /// </summary>
    private static int SkipLogContext(Span<char> buffer, int start, int end, ref SmtpStage stage)
    {
        // Each pass strips one layer; real lines have at most three.
        for (var pass = 0; pass < 4; pass++)
        {
            var text = buffer[start..end];
            int skip;

            if (text.StartsWith("delivery temporarily suspended: ", StringComparison.OrdinalIgnoreCase))
            {
                skip = "delivery temporarily suspended: ".Length;
            }
            else if (text.StartsWith("Deferred: ", StringComparison.OrdinalIgnoreCase))
            {
                skip = "Deferred: ".Length;
            }
            else if (text.StartsWith("SMTP error from remote mail", StringComparison.OrdinalIgnoreCase))
            {
                var after = text.IndexOf(" after ", StringComparison.OrdinalIgnoreCase);
                if (after >= 0)
                {
                    stage = StageFromCommand(text[(after + " after ".Length)..]);
                }

                var colon = text.IndexOf(": ", StringComparison.Ordinal);
                skip = colon < 0 ? 0 : colon + 2;
            }
            else if (text.StartsWith("host ", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("connect to ", StringComparison.OrdinalIgnoreCase))
            {
                skip = SkipHostPrefix(text, ref stage);
            }
            else
            {
                skip = 0;
            }

            if (skip == 0)
            {
                return start;
            }

            start = SkipSpaces(buffer, start + skip, end);
        }

        return start;
    }

    private static int SkipHostPrefix(ReadOnlySpan<char> text, ref SmtpStage stage)
    {
        var said = text.IndexOf(" said: ", StringComparison.OrdinalIgnoreCase);
        if (said >= 0)
        {
            return said + " said: ".Length;
        }

        var refused = text.IndexOf(" refused to talk to me: ", StringComparison.OrdinalIgnoreCase);
        if (refused >= 0)
        {
            stage = SmtpStage.Greeting;
            return refused + " refused to talk to me: ".Length;
        }

        // Older Exim writes "host H [IP]: 550 ...".
        var bracket = text.IndexOf("]: ", StringComparison.Ordinal);
        return bracket >= 0 ? bracket + "]: ".Length : 0;
    }

    /// <summary>Removes Postfix's trailing "(in reply to CMD command)", recording the stage.</summary>
    private static int TrimStageSuffix(Span<char> buffer, int start, int end, ref SmtpStage stage)
    {
        if (!EndsWith(buffer, start, end, " command)"))
        {
            return end;
        }

        var tailStart = Math.Max(start, end - MaxStageSuffixLength);
        var tail = buffer[tailStart..end];
        var open = tail.LastIndexOf("(in reply to ", StringComparison.OrdinalIgnoreCase);
        if (open < 0)
        {
            return end;
        }

        stage = StageFromCommand(tail[(open + "(in reply to ".Length)..]);
        return TrimEnd(buffer, start, tailStart + open);
    }

    private static SmtpStage StageFromCommand(ReadOnlySpan<char> command)
    {
        if (command.StartsWith("RCPT", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpStage.RcptTo;
        }

        if (command.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpStage.MailFrom;
        }

        if (command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase)
            || command.StartsWith("HELO", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpStage.Helo;
        }

        if (command.StartsWith("STARTTLS", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpStage.StartTls;
        }

        if (command.StartsWith("initial connection", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpStage.Greeting;
        }

        // "DATA", "end of DATA", "pipelined end of data", "pipelined DATA".
        var data = command.IndexOf("data", StringComparison.OrdinalIgnoreCase);
        return data is >= 0 and < 20 ? SmtpStage.Data : SmtpStage.Unknown;
    }

    /// <summary>Reads a 2xx, 4xx or 5xx basic code that opens the text and ends at a space, hyphen or the end.</summary>
    private static int ReadBasicCode(ReadOnlySpan<char> text, out bool multiLine)
    {
        multiLine = false;
        if (text.Length < 3
            || text[0] is not ('2' or '4' or '5')
            || text[1] is < '0' or > '5'
            || !char.IsAsciiDigit(text[2]))
        {
            return 0;
        }

        if (text.Length > 3 && text[3] is not (' ' or '-'))
        {
            return 0;
        }

        multiLine = text.Length > 3 && text[3] == '-';
        return (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
    }

    /// <summary>
    /// Drops every inline continuation prefix ("550-5.1.1 ", "550 5.1.1 ", or "554-" in a multi-line
    /// reply) and returns the new length. Only the reply's own codes count, so other numbers in the
    /// text stay.
    /// </summary>
    private static int DropRepeatedPrefixes(Span<char> text, int basicCode, ReadOnlySpan<char> enhanced, bool multiLine)
    {
        Span<char> basic = stackalloc char[3];
        basicCode.TryFormat(basic, out _);

        // Text moves left in place. Every index at or after "read" still contains its original character.
        var written = 0;
        var read = 0;
        while (read < text.Length)
        {
            var next = text[read..].IndexOf(basic);
            var candidate = next < 0 ? text.Length : read + next;
            var atWordStart = candidate < text.Length && (candidate == 0 || text[candidate - 1] == ' ');
            var prefixLength = atWordStart ? MatchPrefix(text[candidate..], basic, enhanced, multiLine) : 0;

            text[read..candidate].CopyTo(text[written..]);
            written += candidate - read;
            read = candidate;
            if (read >= text.Length)
            {
                break;
            }

            if (prefixLength > 0)
            {
                read += prefixLength;
            }
            else
            {
                text[written++] = text[read++];
            }
        }

        // A prefix dropped at the very end leaves a trailing space.
        while (written > 0 && text[written - 1] == ' ')
        {
            written--;
        }

        return written;
    }

    /// <summary>Returns the length of a continuation prefix at the start of <paramref name="text"/>, with its trailing space, or 0.</summary>
    private static int MatchPrefix(ReadOnlySpan<char> text, ReadOnlySpan<char> basic, ReadOnlySpan<char> enhanced, bool multiLine)
    {
        if (text.Length < 4 || !text.StartsWith(basic) || text[3] is not ('-' or ' '))
        {
            return 0;
        }

        var afterBasic = text[4..];
        var repeatsEnhanced = !enhanced.IsEmpty
            && afterBasic.StartsWith(enhanced)
            && (afterBasic.Length == enhanced.Length || afterBasic[enhanced.Length] == ' ');
        if (repeatsEnhanced)
        {
            return Math.Min(4 + enhanced.Length + 1, text.Length);
        }

        // A continuation line that does not repeat the enhanced code. "550 1234 messages" is text.
        var continues = multiLine && (text[3] == '-' || afterBasic.IsEmpty || !char.IsAsciiDigit(afterBasic[0]));
        return continues ? 4 : 0;
    }

    /// <summary>Removes Google's trailing "TOKEN - gsmtp" (and the timestamp before it on a 250 OK).</summary>
    private static int TrimGoogleTrailer(Span<char> buffer, int start, int end)
    {
        if (!EndsWith(buffer, start, end, "- gsmtp"))
        {
            return end;
        }

        end = TrimEnd(buffer, start, end - "- gsmtp".Length);

        var token = LastWord(buffer, start, end);
        if (IsTrackingToken(buffer[token..end]))
        {
            end = TrimEnd(buffer, start, token);

            var timestamp = LastWord(buffer, start, end);
            if (end > timestamp && IsAllDigits(buffer[timestamp..end]))
            {
                end = TrimEnd(buffer, start, timestamp);
            }
        }

        return end;
    }

    /// <summary>Removes Microsoft's trailing "[HOST.prod.protection.outlook.com TIMESTAMP ID]".</summary>
    private static int TrimMicrosoftTrailer(Span<char> buffer, int start, int end)
    {
        if (end <= start || buffer[end - 1] != ']')
        {
            return end;
        }

        var open = buffer[start..end].LastIndexOf('[');
        if (open < 0 || buffer[(start + open)..end].IndexOf("outlook.com", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return end;
        }

        return TrimEnd(buffer, start, start + open);
    }

    private static bool IsTrackingToken(ReadOnlySpan<char> word)
    {
        var hasLetter = false;
        var hasDigit = false;
        foreach (var c in word)
        {
            if (c is '/' or ':' or '<' or '>')
            {
                return false;
            }

            hasLetter |= char.IsAsciiLetter(c);
            hasDigit |= char.IsAsciiDigit(c);
        }

        return hasLetter && hasDigit;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !word.IsEmpty;
    }

    private static int LastWord(Span<char> buffer, int start, int end)
    {
        var space = buffer[start..end].LastIndexOf(' ');
        return space < 0 ? start : start + space + 1;
    }

    private static bool EndsWith(Span<char> buffer, int start, int end, string suffix) =>
        buffer[start..end].EndsWith(suffix, StringComparison.OrdinalIgnoreCase);

    private static int SkipSpaces(Span<char> buffer, int start, int end)
    {
        while (start < end && buffer[start] == ' ')
        {
            start++;
        }

        return Math.Min(start, end);
    }

    private static int TrimEnd(Span<char> buffer, int start, int end)
    {
        while (end > start && buffer[end - 1] == ' ')
        {
            end--;
        }

        return end;
    }
}
