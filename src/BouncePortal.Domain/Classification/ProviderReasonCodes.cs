using System.Text.RegularExpressions;
using static BouncePortal.Domain.Classification.BounceCategory;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Reads the numbered reason codes that some providers append to their replies and publish in their
/// postmaster pages: Orange and La Poste ("OFR_506", "OFR006_102", "LPN105_104") and Charter
/// Spectrum ("AUP#In-1310"). The number names the cause more precisely than the SMTP codes beside it.
/// </summary>
internal static partial class ProviderReasonCodes
{
    private const string OrangeEvidence = "Orange reason code {0} ({1})";
    private const string SpectrumEvidence = "Spectrum reason code {0} ({1})";

    // Orange and La Poste: the last three digits of the code.
    private static readonly Dictionary<int, (BounceCategory Category, string Meaning)> Orange = new()
    {
        [102] = (SenderReputation, "source IP blocked for spam"),
        [103] = (SenderReputation, "service refused to the source IP"),
        [104] = (RateLimited, "too many connections"),
        [401] = (AuthenticationFailed, "SPF does not allow the sending IP"),
        [402] = (SenderConfig, "authentication required"),
        [403] = (AuthenticationFailed, "invalid sender"),
        [405] = (AuthenticationFailed, "invalid sender"),
        [415] = (AuthenticationFailed, "invalid sender"),
        [416] = (UserUnknown, "invalid recipient"),
        [417] = (MailboxFull, "recipient over quota"),
        [418] = (UserUnknown, "invalid recipient"),
        [420] = (MailboxDisabled, "recipient mailbox archived"),
        [421] = (SenderConfig, "sender address not owned by the authenticated user"),
        [426] = (MailboxDisabled, "recipient account blocked"),
        [505] = (ReceiverError, "temporary service refusal"),
        [506] = (ContentRejected, "message rejected as spam"),
        [510] = (SenderReputation, "service refused to the source IP"),
        [514] = (MessageTooLarge, "message size limit reached"),
        [999] = (SenderReputation, "service refused to the source IP"),
    };

    // Spectrum: inclusive ranges of the four-digit code.
    private static readonly (int First, int Last, BounceCategory Category, string Meaning)[] Spectrum =
    [
        (1000, 1000, SenderReputation, "source IP blocked for suspicious activity"),
        (1010, 1080, SenderReputation, "sending account blocked or limited for suspicious activity"),
        (1090, 1090, ReceiverError, "message could not be processed"),
        (1100, 1150, AuthenticationFailed, "sending IP has no matching reverse DNS"),
        (1160, 1190, PolicyRejected, "against the domain's security policy"),
        (1200, 1250, Blocklisted, "sending IP listed by Cloudmark or Spamhaus"),
        (1260, 1260, SenderConfig, "IPv6 connections are not accepted"),
        (1300, 1340, RateLimited, "too many connections"),
        (1350, 1490, RateLimited, "too many messages or recipients"),
        (1500, 1520, SenderConfig, "sender address differs from the signed-in account"),
        (1530, 1530, MessageTooLarge, "message larger than 20 MB"),
        (1540, 1540, RateLimited, "too many messages in one session"),
        (1550, 1550, SenderConfig, "too many recipients in one message"),
        (1560, 1560, SenderReputation, "too many invalid recipients"),
        (1580, 1580, RateLimited, "too many recipients in a short time"),
    ];

    [GeneratedRegex(@"\b(?:OFR|LPN|OUK)(?:_|\d{3}[-_])(?<code>\d{3})\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrangeCode();

    [GeneratedRegex(@"\bAUP#(?:In|Out|I|O)-(?<code>\d{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpectrumCode();

    /// <summary>Returns the cause a provider reason code in <paramref name="text"/> names, or null.</summary>
    public static CategoryVerdict? Decide(ReadOnlySpan<char> text)
    {
        // Both prefixes are rare, so most replies skip the regular expressions.
        if (text.Contains("AUP#", StringComparison.OrdinalIgnoreCase))
        {
            var spectrum = SpectrumCode().Match(text.ToString());
            if (spectrum.Success)
            {
                var code = int.Parse(spectrum.Groups["code"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
                foreach (var (first, last, category, meaning) in Spectrum)
                {
                    if (code >= first && code <= last)
                    {
                        return new CategoryVerdict(category, string.Format(System.Globalization.CultureInfo.InvariantCulture, SpectrumEvidence, code, meaning));
                    }
                }
            }
        }

        if (text.Contains("OFR", StringComparison.OrdinalIgnoreCase)
            || text.Contains("LPN", StringComparison.OrdinalIgnoreCase)
            || text.Contains("OUK", StringComparison.OrdinalIgnoreCase))
        {
            var orange = OrangeCode().Match(text.ToString());
            if (orange.Success)
            {
                var code = int.Parse(orange.Groups["code"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
                if (Orange.TryGetValue(code, out var entry))
                {
                    return new CategoryVerdict(entry.Category, string.Format(System.Globalization.CultureInfo.InvariantCulture, OrangeEvidence, orange.Value, entry.Meaning));
                }
            }
        }

        return null;
    }
}
