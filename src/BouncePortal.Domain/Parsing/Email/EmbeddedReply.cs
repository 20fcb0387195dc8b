using System.Text.RegularExpressions;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// Moves the SMTP reply that a bounce's prose contains to the front of the text, where the
/// classifier reads the codes: "host: mx 5.2.2 &lt;ADDR&gt;... Mailbox Full" becomes
/// "5.2.2 &lt;ADDR&gt;... Mailbox Full", and qmail's "Sorry, no mailbox here by that name. (#5.1.1)"
/// becomes "5.1.1 Sorry, no mailbox here by that name.".
/// </summary>
internal static partial class EmbeddedReply
{
    // How far after a basic code its enhanced code may start ("550: 5.2.2", "ERROR_CODE :550, ERROR_CODE :5.1.1").
    private const int MaxCodeDistance = 24;

    // A remainder with fewer letters than this is punctuation, so the text before the code is the reason.
    private const int MinReasonLetters = 3;

    // Zoho writes "ERROR_CODE :550", so a colon may precede a code only after that field name.
    [GeneratedRegex(@"(?:(?<=ERROR_CODE ?:)|(?<![\w.#\-/:=]))(?<code>[245][0-5]\d)(?=[\s:,\-]|$)")]
    private static partial Regex BasicCode();

    [GeneratedRegex(@"(?<![\w.])#?(?<code>[245]\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)")]
    private static partial Regex EnhancedCode();

    // A remote reply that a relay quotes inside its own: Amazon SES writes
    // "5.1.0 - Unknown address error 550-'5.7.1 ... Access denied'" and
    // "554 4.4.7 Message expired: ... <421 4.4.2 Connection timed out>".
    [GeneratedRegex(@"(?<![\w.])(?<basic>[45]\d\d)-'(?<text>[^']+)'|<(?<basic>[45]\d\d) (?<text>[45]\.\d{1,3}\.\d{1,3} [^<>]+)>")]
    private static partial Regex QuotedReply();

    // qmail's chkusr and vpopmail append the enhanced code as "(#5.1.1 - chkusr)".
    [GeneratedRegex(@"\(#(?<code>[245]\.\d{1,3}\.\d{1,3})\b")]
    private static partial Regex TrailingEnhancedCode();

    /// <summary>
    /// Returns the reply a relay quotes inside its own report, with the relay's text after it in
    /// brackets, or <paramref name="reply"/> unchanged when it quotes none. The quoted reply is the
    /// one the receiving server sent, so its codes name the cause. When it has no enhanced code,
    /// the relay's leading enhanced code is used instead.
    /// </summary>
    public static string PreferQuotedReply(string reply)
    {
        var quoted = QuotedReply().Match(reply);
        if (!quoted.Success)
        {
            return reply;
        }

        var semicolon = reply.IndexOf(';');
        var type = semicolon is > 0 and < 16 && !reply[..semicolon].Contains(' ') ? reply[..(semicolon + 1)] + " " : string.Empty;
        var outer = (reply[type.Trim().Length..quoted.Index] + reply[(quoted.Index + quoted.Length)..]).Trim(' ', '.', ':', '-', '\'');
        var text = quoted.Groups["text"].Value.Trim();

        if (EnhancedCode().Match(text) is not { Success: true, Index: 0 } && EnhancedCode().Match(outer) is { Success: true, Index: 0 } outerCode)
        {
            text = $"{outerCode.Groups["code"].Value} {text}";
            outer = outer[outerCode.Length..].Trim(' ', '-');
        }

        return $"{type}{quoted.Groups["basic"].Value} {text} ({outer})";
    }

    /// <summary>
    /// Returns the enhanced code in <paramref name="reply"/> that is more specific than a report's
    /// default <paramref name="status"/> (x.0.0) of the same class, or <paramref name="status"/>.
    /// </summary>
    public static string? SpecificStatus(string? status, string? reply)
    {
        if (status is null || reply is null || !status.EndsWith(".0.0", StringComparison.Ordinal))
        {
            return status;
        }

        var found = EnhancedCode().Match(reply);
        var code = found.Success ? found.Groups["code"].Value : null;
        return code is not null && code[0] == status[0] && !code.EndsWith(".0.0", StringComparison.Ordinal) ? code : status;
    }

    /// <summary>Returns <paramref name="text"/> with its first reply's codes in front, or unchanged when it has none.</summary>
    public static string Shape(string text)
    {
        var trimmed = text.Trim();
        var basic = BasicCode().Match(trimmed);
        var enhanced = EnhancedCode().Match(trimmed);

        if (basic.Success && basic.Index == 0 && !trimmed[3..].TrimStart().StartsWith(':'))
        {
            return WithTrailingEnhancedCode(trimmed);
        }

        if (basic.Success)
        {
            var afterBasic = basic.Index + basic.Length;
            var pairs = enhanced.Success && enhanced.Index >= afterBasic && enhanced.Index - afterBasic <= MaxCodeDistance;
            var reasonStart = pairs ? enhanced.Index + enhanced.Length : afterBasic;
            var reason = trimmed[reasonStart..].TrimStart(' ', ':', ',', '-');
            return pairs ? $"{basic.Value} {enhanced.Groups["code"].Value} {reason}" : $"{basic.Value} {reason}";
        }

        if (enhanced.Success)
        {
            var code = enhanced.Groups["code"].Value;
            var after = trimmed[(enhanced.Index + enhanced.Length)..].TrimStart(' ', ')', ':', '-');
            var before = trimmed[..enhanced.Index].TrimEnd(' ', '(');

            // qmail ends its reason with the code ("Unable to contact LDAP server. (#4.4.3)"), so the
            // words before it are the reason and any words after it are qmail's own comment.
            var trailing = enhanced.Value.StartsWith('#') && before.Count(char.IsLetter) >= MinReasonLetters;
            var reason = trailing ? $"{before} {after}".Trim()
                : after.Count(char.IsLetter) >= MinReasonLetters ? after
                : before;
            return $"{code} {reason}";
        }

        return trimmed;
    }

    /// <summary>Moves a trailing "(#5.1.1 ...)" behind the basic code of a reply that has no enhanced code in front.</summary>
    private static string WithTrailingEnhancedCode(string reply)
    {
        var rest = reply[3..].TrimStart();
        if (EnhancedCode().Match(rest) is { Success: true, Index: 0 })
        {
            return reply;
        }

        var trailing = TrailingEnhancedCode().Match(rest);
        return trailing.Success ? $"{reply[..3]} {trailing.Groups["code"].Value} {rest}" : reply;
    }
}
