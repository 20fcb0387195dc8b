using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Replies;

namespace BouncePortal.Domain.Remediation;

/// <summary>
/// Turns a classification into its plain-language meaning, retry advice and checklist.
/// </summary>
public static class FailureExplainer
{
    /// <summary>
    /// The maximum length of a reply to decode, in UTF-16 characters. RFC 5321 (section 4.5.3.1.5)
    /// limits each reply line to 512 octets, so this leaves room for a long multi-line reply.
    /// </summary>
    public const int MaxReplyLength = 8000;

    /// <summary>Classifies <paramref name="reply"/> as a final failure and explains it, as the "Decode an SMTP error" page does.</summary>
    /// <param name="reply">The SMTP reply as the bounce shows it.</param>
    /// <param name="retryLimits">The agency's retry limits that the advice quotes. Default: <see cref="PersistentSoftBounceRule.Default"/>.</param>
    public static FailureExplanation Decode(string reply, PersistentSoftBounceRule? retryLimits = null)
    {
        // Builds the same request as a line of a replies file, so both classify a reply alike.
        var outcome = ReplyLinesParser.OutcomeOf(SmtpReplyParser.Parse(reply));
        var classification = BounceClassifier.Classify(
            new ClassificationRequest(outcome, reply, null, null, null, OutcomeFromReply: true));
        var explanation = Explain(classification, retryLimits) with { Reply = reply, Links = ReplyLinks.Find(reply) };
        if (classification.Class is null && classification.Category == BounceCategory.Unknown)
        {
            return explanation with
            {
                Meaning = "No SMTP reply code and no known phrase were found in this text, so it cannot tell whether the failure is soft or hard.",
                RetryAdvice = "Cannot tell: paste the whole reply line from the bounce, starting with its three-digit code (for example \"550 5.1.1 ... user unknown\").",
                Determined = false,
            };
        }

        return explanation;
    }

    /// <summary>Explains an existing classification.</summary>
    /// <param name="classification">The classification to explain.</param>
    /// <param name="retryLimits">The agency's retry limits that the advice quotes. Default: <see cref="PersistentSoftBounceRule.Default"/>.</param>
    public static FailureExplanation Explain(BounceClassification classification, PersistentSoftBounceRule? retryLimits = null)
    {
        var family = FamilyOf(classification.Category);
        var limits = retryLimits ?? PersistentSoftBounceRule.Default;
        return new FailureExplanation(
            classification,
            MeaningOf(classification),
            RetryAdviceOf(classification, limits),
            Checklists.For(family, limits, classification.Provider));
    }

    /// <summary>Returns the cause family that fixes <paramref name="category"/>.</summary>
    public static CauseFamily FamilyOf(BounceCategory? category) => category switch
    {
        BounceCategory.RateLimited => CauseFamily.SendingTooFast,
        BounceCategory.Greylisted => CauseFamily.Greylisting,
        BounceCategory.SenderReputation or BounceCategory.Blocklisted or BounceCategory.AuthenticationFailed
            or BounceCategory.ContentRejected or BounceCategory.PolicyRejected => CauseFamily.Reputation,
        BounceCategory.MailboxFull or BounceCategory.MailboxBusy or BounceCategory.ServerBusy
            or BounceCategory.ReceiverError or BounceCategory.NetworkError or BounceCategory.Expired => CauseFamily.RecipientSide,
        BounceCategory.UserUnknown or BounceCategory.BadDomain or BounceCategory.MailboxDisabled => CauseFamily.ListQuality,
        BounceCategory.MessageTooLarge or BounceCategory.SenderConfig => CauseFamily.SenderSetup,
        _ => CauseFamily.Unknown,
    };

    private static string MeaningOf(BounceClassification classification) => classification.Category switch
    {
        null => "The receiving server accepted the message.",
        BounceCategory.RateLimited => "The receiver is limiting how fast it accepts mail from this sender: too many messages or connections in a short time.",
        BounceCategory.Greylisted => "The receiver greylisted the message: it turns away the first attempt from an unfamiliar sender and accepts a retry after a short wait.",
        BounceCategory.SenderReputation => "The receiver's filter distrusts the sending IP address or domain and rejected or delayed the message.",
        BounceCategory.Blocklisted => "The sending IP address or domain is listed on a DNS blocklist the receiver checks.",
        BounceCategory.AuthenticationFailed => "The message failed the receiver's SPF, DKIM, DMARC or reverse DNS checks.",
        BounceCategory.ContentRejected => "The receiver rejected the message's content as spam, malware or malformed.",
        BounceCategory.PolicyRejected => "The recipient organisation's policy does not accept this message, or the server refused to relay it.",
        BounceCategory.MailboxFull => "The recipient's mailbox is over its quota.",
        BounceCategory.MailboxBusy => "The recipient's mailbox is busy or locked at the moment.",
        BounceCategory.MailboxDisabled => "The recipient's account is disabled, suspended or inactive.",
        BounceCategory.UserUnknown => "The recipient address does not exist at the receiving domain.",
        BounceCategory.BadDomain => "The recipient's domain does not exist or accepts no mail.",
        BounceCategory.ServerBusy => "The receiving server is overloaded and asked to try again later.",
        BounceCategory.ReceiverError => "The receiving server had an internal error while processing the message.",
        BounceCategory.NetworkError => "The sending server could not reach or keep talking to the receiving server.",
        BounceCategory.MessageTooLarge => "The message is larger than the receiver accepts.",
        BounceCategory.SenderConfig => "The sending side is set up in a way the receiver does not accept (TLS, recipients per message, command syntax).",
        BounceCategory.Expired => "The sending server retried until the message's queue lifetime ran out and then gave up.",
        _ => "No known code or phrase in the reply names the cause.",
    };

    private static string RetryAdviceOf(BounceClassification classification, PersistentSoftBounceRule retryLimits)
    {
        if (classification.Category is null)
        {
            return "Nothing to retry.";
        }

        if (classification.Suppress)
        {
            return "Do not retry: suppress the recipient address.";
        }

        var limits = Checklists.DescribeLimits(retryLimits);
        return classification.Category switch
        {
            BounceCategory.Greylisted => "Retry after 15-30 minutes; the retry normally succeeds.",
            BounceCategory.RateLimited => "Retry later with backoff (15 min, 30 min, 1 h, 4 h) and lower the sending rate.",
            BounceCategory.MailboxFull => $"Retry for at most {limits}, then remove the address.",
            BounceCategory.Expired =>
                "Do not retry at once: the sending server already retried until it gave up. Find the cause in its earlier deferrals and fix it first.",
            BounceCategory.MailboxBusy or BounceCategory.ServerBusy or BounceCategory.ReceiverError or BounceCategory.NetworkError
                when classification.Class == BounceClass.Hard =>
                "Do not retry at once: the receiving server refused the message for good. Try the domain again after a day and contact its postmaster if it keeps refusing. Keep the recipient, who may be valid.",
            BounceCategory.MailboxBusy or BounceCategory.ServerBusy or BounceCategory.ReceiverError or BounceCategory.NetworkError =>
                $"Retry with backoff (15 min, 30 min, 1 h, 4 h), for at most {limits}.",
            _ when classification.Class == BounceClass.Soft && classification.Blame == Blame.Sender =>
                "Fix the sender-side cause first, then retry with backoff; the recipient may be valid, so keep it.",
            _ when classification.Class == BounceClass.Soft =>
                $"Retry with backoff, for at most {limits}. After that it is a persistent soft bounce, and the address joins the suppression list.",
            _ when classification.Blame == Blame.Sender => "Do not resend until the sender-side cause is fixed; the recipient may be valid.",
            _ => "Do not retry: the failure is permanent.",
        };
    }
}
