using System.Text.RegularExpressions;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Names the blocklist or provider code in a sender-blamed rejection, such as "Spamhaus" or
/// "Microsoft S3150", so that the evidence shows staff where to look up or request delisting.
/// </summary>
internal static partial class BlockMarkers
{
    // Blocklists by a word of their DNS zone or name, as receivers quote them in replies.
    private static readonly (string Word, string Name)[] Blocklists =
    [
        ("spamhaus", "Spamhaus"),
        ("spamcop", "SpamCop"),
        ("barracuda", "Barracuda"),
        ("sorbs", "SORBS"),
        ("uceprotect", "UCEPROTECT"),
        ("spamrats", "SpamRATS"),
        ("cloudmark", "Cloudmark"),
        ("proofpoint", "Proofpoint"),
        ("mailspike", "Mailspike"),
        ("psbl.surriel", "PSBL"),
    ];

    /// <summary>
    /// Returns the blocklists and provider reason codes that <paramref name="reply"/> names. A reply
    /// that names none returns its SMTP codes, such as "550 5.7.26", and a reply without codes returns nothing.
    /// </summary>
    public static IEnumerable<string> Find(string? reply, int? basicCode, string? enhancedCode)
    {
        var found = new List<string>();
        if (reply is not null)
        {
            foreach (var (word, name) in Blocklists)
            {
                if (reply.Contains(word, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(name);
                }
            }

            foreach (Match match in MicrosoftCode().Matches(reply))
            {
                found.Add("Microsoft " + match.Groups["code"].Value);
            }

            foreach (Match match in YahooCode().Matches(reply))
            {
                found.Add("Yahoo " + match.Groups["code"].Value);
            }
        }

        if (found.Count == 0 && (basicCode is not null || enhancedCode is not null))
        {
            found.Add($"{basicCode} {enhancedCode}".Trim());
        }

        return found;
    }

    // Microsoft's block codes in brackets: (S3150), (S3140), ... and AS(1234).
    [GeneratedRegex(@"\((?<code>S\d{4,5})\)|\b(?<code>AS\(\d{3,5}\))", RegexOptions.CultureInvariant)]
    private static partial Regex MicrosoftCode();

    // Yahoo's reason codes in brackets: [TSS04], [TS01], ...
    [GeneratedRegex(@"\[(?<code>TSS?\d{2})\]", RegexOptions.CultureInvariant)]
    private static partial Regex YahooCode();
}
