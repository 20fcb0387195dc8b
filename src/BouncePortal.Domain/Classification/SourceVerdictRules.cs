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
/// purpose: the class already carries that fact.
/// </remarks>
internal static class SourceVerdictRules
{
    // Values written by Amazon SES (bounceSubType), PowerMTA (bounceCat), KumoMTA
    // (bounce_classification) and SendGrid (type, bounce_classification).
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
        ("blocked", SenderReputation),
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
    ];

    private static readonly string[] Evidence =
        Values.Select(entry => $"the source's own verdict '{entry.Value}' (the reply names no cause)").ToArray();

    /// <summary>Finds the first value of <paramref name="verdict"/> that names a cause, or returns null.</summary>
    public static CategoryVerdict? Decide(ReadOnlySpan<char> verdict)
    {
        foreach (var pair in verdict.Split(';'))
        {
            var field = verdict[pair].Trim();
            var separator = field.IndexOf('=');
            var value = separator < 0 ? field : field[(separator + 1)..].Trim();

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
}
