namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// The parts of an Exim delivery line after its flag, as slices of the line:
/// "ADDRESS [&lt;ORIGINAL&gt;] R=.. T=.. H=HOST [IP]:PORT .. [defer (ERRNO)] [: MESSAGE]".
/// </summary>
internal readonly ref struct EximFields
{
    /// <summary>The recipient address.</summary>
    public ReadOnlySpan<char> Recipient { get; init; }

    /// <summary>The remote host name from <c>H=</c>.</summary>
    public ReadOnlySpan<char> Host { get; init; }

    /// <summary>The remote IP address from the brackets after <c>H=</c>.</summary>
    public ReadOnlySpan<char> Ip { get; init; }

    /// <summary>The local interface address from <c>I=[IP]:PORT</c>, which is the sending IP.</summary>
    public ReadOnlySpan<char> Interface { get; init; }

    /// <summary>The envelope sender from <c>F=</c>, with its angle brackets.</summary>
    public ReadOnlySpan<char> Sender { get; init; }

    /// <summary>The remote confirmation from <c>C="..."</c>, without the quotes.</summary>
    public ReadOnlySpan<char> Confirmation { get; init; }

    /// <summary>The number in <c>defer (ERRNO)</c>, or null when the line has none.</summary>
    public int? ErrorNumber { get; init; }

    /// <summary>The text after the ": " that ends the fields.</summary>
    public ReadOnlySpan<char> Message { get; init; }

    public static EximFields Read(ReadOnlySpan<char> rest)
    {
        ReadOnlySpan<char> host = default, ip = default, localInterface = default, sender = default, confirmation = default, message = default;
        int? errorNumber = null;

        var recipientEnd = rest.IndexOf(' ');
        var recipient = recipientEnd < 0 ? rest : rest[..recipientEnd];
        rest = recipientEnd < 0 ? default : rest[recipientEnd..];
        if (EndsFields(recipient, ref rest))
        {
            recipient = recipient[..^1];
            message = rest;
            rest = default;
        }

        while (!rest.IsEmpty)
        {
            rest = rest.TrimStart(' ');
            if (rest.IsEmpty)
            {
                break;
            }

            if (rest[0] == ':' && (rest.Length == 1 || rest[1] == ' '))
            {
                message = rest.Length > 2 ? rest[2..] : default;
                break;
            }

            if (rest.StartsWith("defer (", StringComparison.Ordinal))
            {
                var close = rest.IndexOf(')');
                if (close > 7 && int.TryParse(rest[7..close], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    errorNumber = number;
                }

                rest = close < 0 ? default : rest[(close + 1)..];
                continue;
            }

            var token = TakeToken(ref rest, out var ended);
            var equals = token.IndexOf('=');
            if (equals > 0)
            {
                var name = token[..equals];
                var value = token[(equals + 1)..];
                switch (name)
                {
                    case "H":
                        host = value;
                        if (!ended && rest.StartsWith(" [", StringComparison.Ordinal))
                        {
                            rest = rest[1..];
                            ip = TakeBracketAddress(ref rest, out ended);
                        }
                        else if (value.StartsWith('['))
                        {
                            var hostOnly = value;
                            ip = TakeBracketAddress(ref hostOnly, out _);
                            host = default;
                        }

                        break;
                    case "I":
                        localInterface = TakeBracketAddress(ref value, out _);
                        break;
                    case "F":
                        sender = value;
                        break;
                    case "C":
                        confirmation = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
                        break;
                }
            }

            if (ended)
            {
                message = rest;
                break;
            }
        }

        return new EximFields
        {
            Recipient = recipient,
            Host = host,
            Ip = ip,
            Interface = localInterface,
            Sender = sender,
            Confirmation = confirmation,
            ErrorNumber = errorNumber,
            Message = message,
        };
    }

    /// <summary>
    /// Takes one token: a word to the next space, with quoted values (<c>C="..."</c>) and angle-bracket
    /// addresses (<c>F=&lt;...&gt;</c>) taken whole. <paramref name="ended"/> is set when a ':' after the
    /// token ends the fields, and <paramref name="rest"/> then starts at the message.
    /// </summary>
    private static ReadOnlySpan<char> TakeToken(scoped ref ReadOnlySpan<char> rest, out bool ended)
    {
        var equals = rest.IndexOfAny('=', ' ');
        var length = -1;
        if (equals > 0 && rest[equals] == '=' && equals + 1 < rest.Length)
        {
            var open = rest[equals + 1];
            if (open == '"')
            {
                length = ClosingQuote(rest, equals + 2);
            }
            else if (open == '<')
            {
                var close = rest[(equals + 1)..].IndexOf('>');
                length = close < 0 ? -1 : equals + close + 2;
            }
        }

        if (length < 0)
        {
            length = rest.IndexOf(' ');
            if (length < 0)
            {
                length = rest.Length;
            }
        }

        var token = rest[..length];
        rest = rest[length..];
        ended = EndsFields(token, ref rest);
        return ended ? token[..^1] : token;
    }

    /// <summary>Returns the index just past the quote that closes a value starting at <paramref name="start"/>.</summary>
    private static int ClosingQuote(ReadOnlySpan<char> text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    /// <summary>Reads "[IP]" or "[IP]:PORT" at the start of <paramref name="rest"/> and returns the IP.</summary>
    private static ReadOnlySpan<char> TakeBracketAddress(scoped ref ReadOnlySpan<char> rest, out bool ended)
    {
        ended = false;
        var close = rest.IndexOf(']');
        if (rest.IsEmpty || rest[0] != '[' || close < 0)
        {
            var skipped = TakeToken(ref rest, out ended);
            return skipped[..0];
        }

        var ip = rest[1..close];
        rest = rest[(close + 1)..];
        if (rest.Length > 1 && rest[0] == ':' && char.IsAsciiDigit(rest[1]))
        {
            var portEnd = rest[1..].IndexOfAnyExceptInRange('0', '9');
            rest = portEnd < 0 ? default : rest[(portEnd + 1)..];
        }

        if (!rest.IsEmpty && rest[0] == ':' && (rest.Length == 1 || rest[1] == ' '))
        {
            ended = true;
            rest = rest.Length > 2 ? rest[2..] : default;
        }

        return ip;
    }

    /// <summary>
    /// True when <paramref name="token"/> ends with the ':' that closes the fields. Moves
    /// <paramref name="rest"/> past the space that follows it.
    /// </summary>
    private static bool EndsFields(ReadOnlySpan<char> token, scoped ref ReadOnlySpan<char> rest)
    {
        if (token.IsEmpty || token[^1] != ':' || (!rest.IsEmpty && rest[0] != ' '))
        {
            return false;
        }

        rest = rest.IsEmpty ? default : rest[1..];
        return true;
    }
}
