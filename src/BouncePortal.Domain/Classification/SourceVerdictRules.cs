using static BouncePortal.Domain.Classification.BounceCategory;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Names a cause from the source's own verdict ("bounceSubType=NoEmail", "bounceCat=bad-mailbox",
/// "type=blocked", "bounce_classification=InvalidRecipient") when the reply itself names none.
/// </summary>
/// <remarks>
/// The verdict is a list of <c>key=value</c> pairs separated by "; ". A value matches only as a whole
/// value, case-insensitively, so "blocked" never matches inside a longer word. Values that name no
/// cause, such as Mailgun's "severity=permanent" or SES's "bounceType=Permanent", are left out on
/// purpose: the class already carries that fact. So are the statuses of sequencer exports, such as
/// Smartlead's "status=BLOCKED", which means bounced or blocklisted and so names no cause.
/// </remarks>
internal static class SourceVerdictRules
{
    // Values written by Amazon SES (bounceSubType), PowerMTA (bounceCat), KumoMTA
    // (bounce_classification), SendGrid (type, bounce_classification, a dropped event's reason),
    // Mailgun (reason) and Postmark (Type).
    private static readonly (string Value, BounceCategory Category)[] Values =
    [
        ("NoEmail", UserUnknown),
        ("bad-mailbox", UserUnknown),
        ("InvalidRecipient", UserUnknown),
        ("Invalid Address", UserUnknown),
        ("bad-domain", BadDomain),
        ("BadDomain", BadDomain),
        ("inactive-mailbox", MailboxDisabled),
        ("InactiveMailbox", MailboxDisabled),
        ("MailboxFull", MailboxFull),
        ("quota-issues", MailboxFull),
        ("QuotaIssues", MailboxFull),
        ("MessageTooLarge", MessageTooLarge),
        ("ContentRejected", ContentRejected),
        ("AttachmentRejected", ContentRejected),
        ("content-related", ContentRejected),
        ("ContentRelated", ContentRejected),
        ("spam-related", ContentRejected),
        ("SpamContent", ContentRejected),
        ("virus-related", ContentRejected),
        ("VirusRelated", ContentRejected),
        ("Content", ContentRejected),
        ("SpamBlock", SenderReputation),
        ("Reputation", SenderReputation),
        ("policy-related", PolicyRejected),
        ("PolicyRelated", PolicyRejected),
        ("relaying-issues", PolicyRejected),
        ("RelayingIssues", PolicyRejected),
        ("RelayDenied", PolicyRejected),
        ("AuthenticationFailed", AuthenticationFailed),
        ("Frequency or Volume Too High", RateLimited),
        ("bad-connection", NetworkError),
        ("BadConnection", NetworkError),
        ("no-answer-from-host", NetworkError),
        ("NoAnswerFromHost", NetworkError),
        ("DnsError", NetworkError),
        ("BadEmailAddress", UserUnknown),

        // The ESP did not send to an address on its bounce list, which only hard bounces put there:
        // SendGrid's dropped "Bounced Address" and Mailgun's "suppress-bounce".
        ("Bounced Address", UserUnknown),
        ("suppress-bounce", UserUnknown),
        ("DMARCPolicy", AuthenticationFailed),
    ];

    // SendGrid's "type=blocked" and Postmark's "Type=Blocked" (an ISP block) reject the sender. The
    // value counts only under that key, because Smartlead's "status=BLOCKED" also covers plain bounces.
    private const string BlockedKey = "type";
    private const string BlockedValue = "blocked";

    private static readonly string[] Evidence =
        Values.Select(entry => $"the source's own verdict '{entry.Value}' (the reply names no cause)").ToArray();

    private static readonly string BlockedEvidence = $"the source's own verdict '{BlockedValue}' (the reply names no cause)";

    /// <summary>Finds the first value of <paramref name="verdict"/> that names a cause, or returns null.</summary>
    public static CategoryVerdict? Decide(ReadOnlySpan<char> verdict)
    {
        foreach (var pair in verdict.Split(';'))
        {
            var field = verdict[pair].Trim();
            var separator = field.IndexOf('=');
            var value = separator < 0 ? field : field[(separator + 1)..].Trim();
            if (separator > 0
                && field[..separator].Trim().Equals(BlockedKey, StringComparison.OrdinalIgnoreCase)
                && value.Equals(BlockedValue, StringComparison.OrdinalIgnoreCase))
            {
                return new CategoryVerdict(SenderReputation, BlockedEvidence);
            }

            for (var index = 0; index < Values.Length; index++)
            {
                if (value.Equals(Values[index].Value, StringComparison.OrdinalIgnoreCase))
                {
                    return new CategoryVerdict(Values[index].Category, Evidence[index]);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Returns the unknown cause of a failure without a reply whose source verdict names no cause,
    /// with evidence that quotes the verdict, such as Smartlead's "status=BLOCKED".
    /// </summary>
    public static CategoryVerdict WithoutCause(string verdict) =>
        new(Unknown, $"no reply, and the source's own verdict '{verdict}' names no cause");
}
