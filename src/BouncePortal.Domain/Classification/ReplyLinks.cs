using System.Text.RegularExpressions;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Finds the web links a receiving server puts in its reply, such as Gmail's
/// <c>https://support.google.com/mail/?p=UnsolicitedRateLimitError</c> help page.
/// </summary>
public static partial class ReplyLinks
{
    // Sentence punctuation and closing brackets after a link belong to the reply's text.
    private static readonly char[] TrailingPunctuation = ['.', ',', ';', ':', '!', '?', ')', ']', '}', '\''];

    /// <summary>
    /// Returns the http and https links in <paramref name="reply"/> in order of appearance, without
    /// repeats and without trailing punctuation. Other schemes (mailto, javascript) are left out, so
    /// every result is safe to show as a link.
    /// </summary>
    public static IReadOnlyList<string> Find(string? reply)
    {
        if (string.IsNullOrEmpty(reply))
        {
            return [];
        }

        var links = new List<string>();
        foreach (Match match in LinkPattern().Matches(reply))
        {
            var link = match.Value.TrimEnd(TrailingPunctuation);
            if (IsWebLink(link) && !links.Contains(link, StringComparer.Ordinal))
            {
                links.Add(link);
            }
        }

        return links;
    }

    private static bool IsWebLink(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    [GeneratedRegex(@"https?://[^\s<>""'`]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
