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

    [GeneratedRegex(@"(?<![\w.#\-/:=])(?<code>[245][0-5]\d)(?=[\s:,\-]|$)")]
    private static partial Regex BasicCode();

    [GeneratedRegex(@"(?<![\w.])#?(?<code>[245]\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)")]
    private static partial Regex EnhancedCode();

    /// <summary>Returns <paramref name="text"/> with its first reply's codes in front, or unchanged when it has none.</summary>
    public static string Shape(string text)
    {
        var trimmed = text.Trim();
        var basic = BasicCode().Match(trimmed);
        var enhanced = EnhancedCode().Match(trimmed);

        if (basic.Success && basic.Index == 0 && !trimmed[3..].TrimStart().StartsWith(':'))
        {
            return trimmed;
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
            var reason = after.Count(char.IsLetter) >= MinReasonLetters
                ? after
                : trimmed[..enhanced.Index].TrimEnd(' ', '(');
            return $"{code} {reason}";
        }

        return trimmed;
    }
}
