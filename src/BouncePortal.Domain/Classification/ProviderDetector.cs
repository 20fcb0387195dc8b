using System.Buffers;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Names the receiving provider from the MX host where known, else from the recipient domain.
/// </summary>
/// <remarks>
/// Google Workspace and Microsoft 365 tenants receive mail for custom domains, so the MX host
/// (<c>aspmx.l.google.com</c>, <c>tenant.mail.protection.outlook.com</c>) is better evidence than
/// the recipient's domain.
/// </remarks>
public static class ProviderDetector
{
    private static readonly (string Suffix, ReceivingProvider Provider)[] MxHostSuffixes =
    [
        ("google.com", ReceivingProvider.Google),
        ("googlemail.com", ReceivingProvider.Google),
        ("outlook.com", ReceivingProvider.Microsoft),
        ("hotmail.com", ReceivingProvider.Microsoft),
        ("office365.com", ReceivingProvider.Microsoft),
        ("yahoodns.net", ReceivingProvider.YahooAol),
        ("yahoo.com", ReceivingProvider.YahooAol),
        ("aol.com", ReceivingProvider.YahooAol),
        ("icloud.com", ReceivingProvider.AppleICloud),
        ("me.com", ReceivingProvider.AppleICloud),
        ("pphosted.com", ReceivingProvider.Proofpoint),
        ("ppe-hosted.com", ReceivingProvider.Proofpoint),
        ("mimecast.com", ReceivingProvider.Mimecast),
        ("mimecast.co.za", ReceivingProvider.Mimecast),
        ("barracudanetworks.com", ReceivingProvider.Barracuda),
        ("cox.net", ReceivingProvider.CoxComcast),
        ("comcast.net", ReceivingProvider.CoxComcast),
    ];

    private static readonly (string Domain, ReceivingProvider Provider)[] RecipientDomains =
    [
        ("gmail.com", ReceivingProvider.Google),
        ("googlemail.com", ReceivingProvider.Google),
        ("msn.com", ReceivingProvider.Microsoft),
        ("aol.com", ReceivingProvider.YahooAol),
        ("ymail.com", ReceivingProvider.YahooAol),
        ("rocketmail.com", ReceivingProvider.YahooAol),
        ("icloud.com", ReceivingProvider.AppleICloud),
        ("me.com", ReceivingProvider.AppleICloud),
        ("mac.com", ReceivingProvider.AppleICloud),
        ("cox.net", ReceivingProvider.CoxComcast),
        ("comcast.net", ReceivingProvider.CoxComcast),
    ];

    // Consumer brands with one domain per country: hotmail.co.uk, yahoo.fr, live.com, outlook.de.
    private static readonly (string Brand, ReceivingProvider Provider)[] CountryBrands =
    [
        ("hotmail.", ReceivingProvider.Microsoft),
        ("outlook.", ReceivingProvider.Microsoft),
        ("live.", ReceivingProvider.Microsoft),
        ("yahoo.", ReceivingProvider.YahooAol),
    ];

    // Host names and links that providers put in their own replies.
    private static readonly (string Phrase, ReceivingProvider Provider)[] ReplyFingerprints =
    [
        ("google.com", ReceivingProvider.Google),

        // Gmail ends its replies with a session id and "gsmtp", and copied replies often keep only the word.
        (" gsmtp", ReceivingProvider.Google),

        // Exchange Online names its front-end host (*.prod.outlook.com, *.prod.exchangelabs.com,
        // *.protection.outlook.com), and Outlook.com links to mail.live.com in S3150 and similar blocks.
        ("outlook.com", ReceivingProvider.Microsoft),
        ("prod.exchangelabs.com", ReceivingProvider.Microsoft),
        ("mail.live.com", ReceivingProvider.Microsoft),

        // Outlook.com's block replies carry its own codes and wording even where no host name is copied.
        ("(S3150)", ReceivingProvider.Microsoft),
        ("(S3140)", ReceivingProvider.Microsoft),
        ("part of their network is on our block list", ReceivingProvider.Microsoft),
        ("yahoodns.net", ReceivingProvider.YahooAol),
        ("yahooinc.com", ReceivingProvider.YahooAol),
        ("postmaster.yahoo", ReceivingProvider.YahooAol),
        ("icloud.com", ReceivingProvider.AppleICloud),
        ("pphosted.com", ReceivingProvider.Proofpoint),
        ("proofpoint.com", ReceivingProvider.Proofpoint),
        ("mimecast", ReceivingProvider.Mimecast),

        // Barracuda's public blocklist links to barracudanetworks.com too, so only its hosted
        // gateway's host name counts.
        ("ess.barracudanetworks.com", ReceivingProvider.Barracuda),
        ("cox.net", ReceivingProvider.CoxComcast),
        ("comcast.net", ReceivingProvider.CoxComcast),
    ];

    private static readonly SearchValues<string> ReplyFingerprintSearch =
        SearchValues.Create(ReplyFingerprints.Select(entry => entry.Phrase).ToArray(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Detects the provider; the MX host wins over the recipient domain.</summary>
    public static ReceivingProvider Detect(string? remoteHost, string? recipientDomain) =>
        FromMxHost(remoteHost) ?? FromRecipientDomain(recipientDomain) ?? ReceivingProvider.Other;

    /// <summary>
    /// Detects the provider from the MX host, else from host names and links in the reply text
    /// (for example Postfix's "host aspmx.l.google.com said:" or a Proofpoint lookup link),
    /// else from the recipient domain.
    /// </summary>
    public static ReceivingProvider Detect(string? remoteHost, string? recipientDomain, string? replyText) =>
        Detect(remoteHost, recipientDomain, replyText.AsSpan());

    internal static ReceivingProvider Detect(string? remoteHost, string? recipientDomain, ReadOnlySpan<char> replyText) =>
        FromMxHost(remoteHost)
        ?? FromReplyText(replyText)
        ?? FromRecipientDomain(recipientDomain)
        ?? ReceivingProvider.Other;

    private static ReceivingProvider? FromMxHost(string? remoteHost)
    {
        var host = TrimHost(remoteHost);
        foreach (var (suffix, provider) in MxHostSuffixes)
        {
            if (IsSameOrSubdomain(host, suffix))
            {
                return provider;
            }
        }

        return null;
    }

    private static ReceivingProvider? FromRecipientDomain(string? recipientDomain)
    {
        var domain = TrimHost(recipientDomain);
        if (domain.IsEmpty)
        {
            return null;
        }

        foreach (var (known, provider) in RecipientDomains)
        {
            if (domain.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }

        foreach (var (brand, provider) in CountryBrands)
        {
            if (domain.StartsWith(brand, StringComparison.OrdinalIgnoreCase) && IsPublicSuffixLike(domain[brand.Length..]))
            {
                return provider;
            }
        }

        return null;
    }

    private static ReceivingProvider? FromReplyText(ReadOnlySpan<char> replyText)
    {
        var start = 0;
        while (start < replyText.Length)
        {
            var hit = replyText[start..].IndexOfAny(ReplyFingerprintSearch);
            if (hit < 0)
            {
                return null;
            }

            var rest = replyText[(start + hit)..];
            foreach (var (phrase, provider) in ReplyFingerprints)
            {
                if (rest.StartsWith(phrase, StringComparison.OrdinalIgnoreCase) && EndsWord(rest, phrase.Length))
                {
                    return provider;
                }
            }

            start += hit + 1;
        }

        return null;
    }

    /// <summary>True when the text after a phrase does not continue it ("gsmtpfilter", "outlook.company").</summary>
    private static bool EndsWord(ReadOnlySpan<char> text, int phraseLength) =>
        text.Length == phraseLength || !char.IsAsciiLetterOrDigit(text[phraseLength]);

    private static ReadOnlySpan<char> TrimHost(string? host)
    {
        var span = host.AsSpan().Trim();
        return span.EndsWith('.') ? span[..^1] : span;
    }

    private static bool IsSameOrSubdomain(ReadOnlySpan<char> host, string domain) =>
        host.EndsWith(domain, StringComparison.OrdinalIgnoreCase)
        && (host.Length == domain.Length || host[host.Length - domain.Length - 1] == '.');

    /// <summary>True for "com", "fr", "co.uk" or "com.br": one or two labels of two or three letters.</summary>
    private static bool IsPublicSuffixLike(ReadOnlySpan<char> rest)
    {
        var labels = 0;
        foreach (var range in rest.Split('.'))
        {
            var label = rest[range];
            if (label.Length is < 2 or > 3 || !IsAsciiLetters(label))
            {
                return false;
            }

            labels++;
        }

        return labels is 1 or 2;
    }

    private static bool IsAsciiLetters(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
