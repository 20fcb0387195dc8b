using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Extracts the remote reply, the SMTP stage and the remote host from the parenthesised text
/// after Postfix's <c>status=</c>, for example
/// <c>host mx.example.com[192.0.2.1] said: 550 5.1.1 ... (in reply to RCPT TO command)</c>.
/// </summary>
internal static class PostfixStatusText
{
    private const string SuspendedPrefix = "delivery temporarily suspended: ";
    private const string HostPrefix = "host ";
    private const string SaidMarker = " said: ";
    private const string RefusedMarker = " refused to talk to me: ";
    private const string ConnectPrefix = "connect to ";
    private const string LostConnectionPrefix = "lost connection with ";
    private const string ConversationPrefix = "conversation with ";
    private const string InReplyToMarker = " (in reply to ";
    private const string CommandSuffix = " command)";

    /// <summary>The parts of one status text.</summary>
    /// <param name="Reply">The remote reply, or the failure text when no reply was received.</param>
    /// <param name="Stage">The SMTP command the reply responds to, or the step that failed.</param>
    /// <param name="Host">The remote host named in the text, or null.</param>
    /// <param name="Ip">The remote IP address named in the text, or null.</param>
    public readonly record struct Parts(string Reply, SmtpStage Stage, string? Host, string? Ip);

    /// <summary>Splits <paramref name="text"/>, the status text without its parentheses.</summary>
    public static Parts Read(ReadOnlySpan<char> text, DeliveryOutcome outcome)
    {
        // A cached failure repeats the original failure text after this prefix.
        if (text.StartsWith(SuspendedPrefix, StringComparison.Ordinal))
        {
            text = text[SuspendedPrefix.Length..];
        }

        if (text.StartsWith(HostPrefix, StringComparison.Ordinal)
            && TryReadHostAndIp(text[HostPrefix.Length..], out var host, out var ip, out var afterAddress))
        {
            if (afterAddress.StartsWith(SaidMarker, StringComparison.Ordinal))
            {
                var reply = SplitInReplyTo(afterAddress[SaidMarker.Length..], out var stage);
                return new Parts(reply.ToString(), stage, host.ToString(), IpOrNull(ip));
            }

            if (afterAddress.StartsWith(RefusedMarker, StringComparison.Ordinal))
            {
                return new Parts(afterAddress[RefusedMarker.Length..].ToString(), SmtpStage.Greeting, host.ToString(), IpOrNull(ip));
            }

            return new Parts(text.ToString(), SmtpStage.Unknown, host.ToString(), IpOrNull(ip));
        }

        if (text.StartsWith(ConnectPrefix, StringComparison.Ordinal)
            && TryReadHostAndIp(text[ConnectPrefix.Length..], out host, out ip, out afterAddress))
        {
            // "connect to H[IP]:25: Connection timed out": the reply is the failure after the port.
            var failureAt = afterAddress.IndexOf(": ");
            var failure = failureAt < 0 ? text : afterAddress[(failureAt + 2)..];
            return new Parts(failure.ToString(), SmtpStage.Connect, host.ToString(), IpOrNull(ip));
        }

        var conversationPrefix = text.StartsWith(LostConnectionPrefix, StringComparison.Ordinal) ? LostConnectionPrefix
            : text.StartsWith(ConversationPrefix, StringComparison.Ordinal) ? ConversationPrefix
            : null;
        if (conversationPrefix is not null
            && TryReadHostAndIp(text[conversationPrefix.Length..], out host, out ip, out afterAddress))
        {
            // "lost connection with H[IP] while sending RCPT TO": the step after "while" is the stage.
            var whileAt = afterAddress.IndexOf(" while ");
            var stage = whileAt < 0 ? SmtpStage.Unknown : StageOf(afterAddress[(whileAt + 7)..]);
            return new Parts(text.ToString(), stage, host.ToString(), IpOrNull(ip));
        }

        var deliveredReply = outcome == DeliveryOutcome.Delivered && text.Length >= 3 && text[0] == '2'
            && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]);
        return new Parts(text.ToString(), deliveredReply ? SmtpStage.Data : SmtpStage.Unknown, null, null);
    }

    /// <summary>Maps a Postfix command or step name ("RCPT TO", "end of DATA", "receiving the initial server greeting") to a stage.</summary>
    public static SmtpStage StageOf(ReadOnlySpan<char> step)
    {
        if (step.Contains("greeting", StringComparison.Ordinal))
        {
            return SmtpStage.Greeting;
        }

        if (step.Contains("RCPT TO", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpStage.RcptTo;
        }

        if (step.Contains("MAIL FROM", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpStage.MailFrom;
        }

        if (step.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) || step.Contains("TLS handshake", StringComparison.Ordinal))
        {
            return SmtpStage.StartTls;
        }

        if (step.Contains("EHLO", StringComparison.OrdinalIgnoreCase) || step.Contains("HELO", StringComparison.OrdinalIgnoreCase)
            || step.Contains("LHLO", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpStage.Helo;
        }

        if (step.Contains("DATA", StringComparison.OrdinalIgnoreCase) || step.Contains("BDAT", StringComparison.Ordinal)
            || step.Contains("message body", StringComparison.Ordinal))
        {
            return SmtpStage.Data;
        }

        return SmtpStage.Unknown;
    }

    /// <summary>Splits "REPLY (in reply to CMD command)" at the last such marker, because the reply itself may contain parentheses.</summary>
    private static ReadOnlySpan<char> SplitInReplyTo(ReadOnlySpan<char> text, out SmtpStage stage)
    {
        stage = SmtpStage.Unknown;
        var markerAt = text.LastIndexOf(InReplyToMarker);
        if (markerAt < 0 || !text.EndsWith(CommandSuffix, StringComparison.Ordinal))
        {
            return text;
        }

        var commandStart = markerAt + InReplyToMarker.Length;
        var commandEnd = text.Length - CommandSuffix.Length;
        if (commandEnd > commandStart)
        {
            stage = StageOf(text[commandStart..commandEnd]);
        }

        return text[..markerAt];
    }

    /// <summary>Reads "HOST[IP]" at the start of <paramref name="text"/>.</summary>
    internal static bool TryReadHostAndIp(
        ReadOnlySpan<char> text,
        out ReadOnlySpan<char> host,
        out ReadOnlySpan<char> ip,
        out ReadOnlySpan<char> rest)
    {
        host = default;
        ip = default;
        rest = default;
        var open = text.IndexOfAny('[', ' ');
        if (open <= 0 || text[open] != '[')
        {
            return false;
        }

        var close = text[open..].IndexOf(']');
        if (close < 0)
        {
            return false;
        }

        host = text[..open];
        ip = text[(open + 1)..(open + close)];
        rest = text[(open + close + 1)..];
        return true;
    }

    /// <summary>Returns <paramref name="ip"/> as a string when it looks like an IPv4 or IPv6 address, else null (a socket path, "unknown").</summary>
    internal static string? IpOrNull(ReadOnlySpan<char> ip)
    {
        if (ip.IsEmpty || ip.ContainsAnyExcept("0123456789abcdefABCDEF.:") || !ip.ContainsAny('.', ':'))
        {
            return null;
        }

        return ip.ToString();
    }
}
