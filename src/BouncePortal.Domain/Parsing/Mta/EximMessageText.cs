using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Splits the message after the fields of an Exim failure or deferral line into the remote
/// reply and the SMTP stage, for example
/// <c>SMTP error from remote mail server after RCPT TO:&lt;a@example.com&gt;: 550 5.1.1 ...</c>.
/// Exim joins the lines of a multi-line reply with a literal two-character <c>\n</c>, which is kept.
/// </summary>
internal readonly ref struct EximMessageText
{
    private const string ServerErrorPrefix = "SMTP error from remote mail server after ";
    private const string MailerErrorPrefix = "SMTP error from remote mailer after ";
    private const string HostPrefix = "host ";

    /// <summary>The remote reply, or the failure text when there is none.</summary>
    public ReadOnlySpan<char> Reply { get; init; }

    /// <summary>The SMTP command the reply responds to, or the step that failed.</summary>
    public SmtpStage Stage { get; init; }

    /// <summary>The remote host named in the text (older Exim versions), or empty.</summary>
    public ReadOnlySpan<char> Host { get; init; }

    /// <summary>The remote IP address named in the text, or empty.</summary>
    public ReadOnlySpan<char> Ip { get; init; }

    /// <summary>True when Exim gave up because the retry period ran out.</summary>
    public bool Expired { get; init; }

    /// <summary>True for a deferral logged without trying, because no host's retry time had come.</summary>
    public bool RetryTimeNotReached { get; init; }

    public static EximMessageText Read(ReadOnlySpan<char> message, int? errorNumber)
    {
        var prefixLength = message.StartsWith(ServerErrorPrefix, StringComparison.Ordinal) ? ServerErrorPrefix.Length
            : message.StartsWith(MailerErrorPrefix, StringComparison.Ordinal) ? MailerErrorPrefix.Length
            : 0;
        if (prefixLength > 0)
        {
            return ReadSmtpError(message, message[prefixLength..]);
        }

        var expired = message.Contains("retry timeout exceeded", StringComparison.OrdinalIgnoreCase)
            || message.Contains("have been failing for a long time", StringComparison.OrdinalIgnoreCase)
            || message.Contains("after a long failure period", StringComparison.OrdinalIgnoreCase);
        var notReached = !expired && message.StartsWith("retry time not reached", StringComparison.OrdinalIgnoreCase);

        return new EximMessageText
        {
            Reply = message,
            Stage = StageOfFailure(message, errorNumber),
            Expired = expired,
            RetryTimeNotReached = notReached,
        };
    }

    /// <summary>Reads "CMD: [host H [IP]: ]REPLY" after "SMTP error from remote mail server after ".</summary>
    private static EximMessageText ReadSmtpError(ReadOnlySpan<char> message, ReadOnlySpan<char> afterPrefix)
    {
        // "RCPT TO:<a@b>: " and "MAIL FROM:<a@b> SIZE=1: " hold a ':' before the one that ends the command.
        var searchFrom = 0;
        if (afterPrefix.Contains(":<", StringComparison.Ordinal))
        {
            var close = afterPrefix.IndexOf('>');
            searchFrom = close < 0 ? 0 : close;
        }

        var commandEnd = afterPrefix[searchFrom..].IndexOf(": ");
        if (commandEnd < 0)
        {
            return new EximMessageText { Reply = message, Stage = SmtpStage.Unknown };
        }

        commandEnd += searchFrom;
        var command = afterPrefix[..commandEnd];
        var addressStart = command.IndexOf(":<");
        var stage = StageOf(addressStart < 0 ? command : command[..addressStart]);
        var reply = afterPrefix[(commandEnd + 2)..];
        ReadOnlySpan<char> host = default;
        ReadOnlySpan<char> ip = default;
        if (reply.StartsWith(HostPrefix, StringComparison.Ordinal))
        {
            var hostEnd = reply.IndexOf(" [");
            var ipEnd = reply.IndexOf("]: ");
            if (hostEnd > HostPrefix.Length && ipEnd > hostEnd)
            {
                host = reply[HostPrefix.Length..hostEnd];
                ip = reply[(hostEnd + 2)..ipEnd];
                reply = reply[(ipEnd + 3)..];
            }
        }

        return new EximMessageText { Reply = reply, Stage = stage, Host = host, Ip = ip };
    }

    /// <summary>Reads the stage of a failure without an SMTP reply, such as a timeout or a refused connection.</summary>
    private static SmtpStage StageOfFailure(ReadOnlySpan<char> message, int? errorNumber)
    {
        foreach (var marker in (ReadOnlySpan<string>)[" in response to ", "timeout after "])
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return StageOf(message[(at + marker.Length)..]);
            }
        }

        // A positive number is an operating system error (110 timed out, 111 refused, 113 no route),
        // which Exim reports when it cannot connect.
        return errorNumber > 0 ? SmtpStage.Connect : SmtpStage.Unknown;
    }

    private static SmtpStage StageOf(ReadOnlySpan<char> command) =>
        command.StartsWith("initial connection", StringComparison.Ordinal) ? SmtpStage.Greeting : PostfixStatusText.StageOf(command);
}
