using static BouncePortal.Domain.Classification.BounceCategory;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Names the cause of a failed attempt. Rules run from the most specific evidence to the least:
/// provider fingerprints, phrases that generic codes cannot express, specific enhanced codes,
/// reply text, then the enhanced code's subject, the basic code and the SMTP stage.
/// </summary>
internal static class CategoryRules
{
    private const string ExpiredEvidence = "message expired in the queue and no reply names a cause";
    private const string NoMatchEvidence = "no code or text matched a rule";
    private const string GoogleGroupsDomain = "googlegroups.com";
    private const string UnknownAfterDataEvidence = "recipient rejected after DATA, when RCPT TO had accepted it (a filter)";
    private const string GoogleGroupsEvidence = "a Google Groups group refused the post (group policy)";
    private const string LocalMailerEvidence = "the receiver's local delivery program failed (a mailer error)";
    private const string GreetingEvidence = "5xx at the greeting";
    private const string RecipientsOverTimeEvidence = "\"too many recipients\" for a message with one recipient (a limit over time)";

    // Phrase families checked in order when the code is generic or missing.
    private static readonly (ReplySignal Signal, BounceCategory Category)[] TextRules =
    [
        (ReplySignal.NullMx, BadDomain),
        (ReplySignal.Authentication, AuthenticationFailed),
        (ReplySignal.ReverseDns, AuthenticationFailed),
        (ReplySignal.SubmissionAuthentication, SenderConfig),
        (ReplySignal.Tls, SenderConfig),
        (ReplySignal.TooManyRecipients, SenderConfig),
        (ReplySignal.SyntaxError, SenderConfig),
        (ReplySignal.MessageTooLarge, MessageTooLarge),
        (ReplySignal.MailboxFull, MailboxFull),
        (ReplySignal.MailboxDisabled, MailboxDisabled),
        (ReplySignal.UserUnknown, UserUnknown),
    ];

    public static CategoryVerdict Decide(in CategoryInput input)
    {
        var verdict = DecideCause(input);

        // The receiver accepted the address at RCPT TO, so an "unknown user" after DATA comes from
        // a filter and proves nothing about the address. Yahoo is the exception: it accepts every
        // recipient and rejects unknown ones after DATA.
        // An x.1.1 code is the receiver's own statement that the mailbox does not exist, so it is kept.
        if (input.Stage == SmtpStage.Data
            && verdict.Category == UserUnknown
            && input.Provider != ReceivingProvider.YahooAol
            && !input.Code.Is(1, 1))
        {
            return new CategoryVerdict(PolicyRejected, UnknownAfterDataEvidence);
        }

        // A message addressed to one recipient cannot exceed a per-message recipient limit, so a
        // "too many recipients" refusal counts the recipients of earlier messages: a rate limit.
        if (verdict.Category == SenderConfig
            && input.MessageRecipients == 1
            && (input.Has(ReplySignal.TooManyRecipients) || input.Code.Is(5, 3)))
        {
            return new CategoryVerdict(RateLimited, RecipientsOverTimeEvidence);
        }

        return verdict;
    }

    private static CategoryVerdict DecideCause(in CategoryInput input)
    {
        var verdict = ByProviderFingerprint(input)
            ?? ByDecisivePhrase(input)
            ?? BySpecificCode(input)
            ?? ByText(input)
            ?? ByCodeSubject(input)
            ?? ByRefusalText(input)
            ?? ByExpiryText(input)
            ?? ByBasicCode(input);
        if (verdict is { } found)
        {
            return found;
        }

        if (input.Code.Is(4, 7))
        {
            return input.ByCode(Expired);
        }

        return new CategoryVerdict(Unknown, NoMatchEvidence);
    }

    /// <summary>The evidence shown for an expired attempt whose replies name no cause.</summary>
    public static CategoryVerdict ExpiredWithoutCause => new(Expired, ExpiredEvidence);

    /// <summary>Wording and codes that only one provider uses, so they beat the generic rules.</summary>
    private static CategoryVerdict? ByProviderFingerprint(in CategoryInput input)
    {
        var code = input.Code;

        if (input.Has(ReplySignal.YahooVolume))
        {
            return input.ByText(RateLimited, ReplySignal.YahooVolume);
        }

        if (input.Has(ReplySignal.YahooDeferral))
        {
            return input.ByText(SenderReputation, ReplySignal.YahooDeferral);
        }

        // Microsoft's 5.7.520 is its permanent reputation block, except when the recipient's
        // organisation forbids forwarding outside it (AS(7555)).
        if (code.Class == 5 && code.Is(7, 520))
        {
            return input.Has(ReplySignal.ExternalForwarding)
                ? input.ByCodeAndText(PolicyRejected, ReplySignal.ExternalForwarding)
                : input.ByCode(SenderReputation);
        }

        if (input.Has(ReplySignal.ExternalForwarding))
        {
            return input.ByText(PolicyRejected, ReplySignal.ExternalForwarding);
        }

        // Microsoft uses x.7.500-699 for its reputation and banned-sender blocks. A few codes in
        // that range report DMARC or authentication failures instead, and their text names them.
        if (code.Subject == 7 && code.Detail is >= 500 and <= 699)
        {
            return input.Has(ReplySignal.Authentication)
                ? input.ByText(AuthenticationFailed, ReplySignal.Authentication)
                : input.ByCode(SenderReputation);
        }

        // Gmail 421 4.7.28 and Microsoft 451 4.7.28 throttle an unusual rate. Gmail's 550 5.7.28
        // blocks the IP for the same reason.
        if (code.Is(7, 28))
        {
            return input.ByCode(code.IsTransient ? RateLimited : SenderReputation);
        }

        if (input.Has(ReplySignal.MicrosoftBlock))
        {
            return input.ByText(SenderReputation, ReplySignal.MicrosoftBlock);
        }

        // Proofpoint's "554 Blocked - see ipcheck.proofpoint.com" comes from its own IP reputation
        // service, not a public DNS blocklist, so it counts as sender reputation.
        if (input.Has(ReplySignal.ProofpointReputation))
        {
            return input.ByText(SenderReputation, ReplySignal.ProofpointReputation);
        }

        if (input.Has(ReplySignal.LikelyUnsolicited))
        {
            return input.ByText(SenderReputation, ReplySignal.LikelyUnsolicited);
        }

        // NOTE: Cox's other AUP# reason codes are not recognised yet and fall through to the generic rules.
        if (input.Has(ReplySignal.CoxConnectionLimit))
        {
            return input.ByText(RateLimited, ReplySignal.CoxConnectionLimit);
        }

        // Exchange reports RESOLVER.ADR.RecipientNotFound with 5.1.10, and some receivers use it for a null MX.
        if (code.Is(1, 10))
        {
            return input.Has(ReplySignal.NullMx)
                ? input.ByCodeAndText(BadDomain, ReplySignal.NullMx)
                : input.ByCode(UserUnknown);
        }

        // Microsoft's directory-based edge blocking rejects unknown recipients with 5.4.1 "Access denied".
        var microsoftRecipient = input.Provider == ReceivingProvider.Microsoft || input.Has(ReplySignal.AccessDenied);
        if (code.Class == 5 && code.Is(4, 1) && microsoftRecipient && !input.Has(ReplySignal.RelayDenied))
        {
            return input.ByCode(UserUnknown);
        }

        // "Recipient address rejected: Access denied" refuses the recipient address itself. Microsoft's
        // directory-based edge blocking sends it for unknown recipients, and a Postfix recipient access
        // table for addresses the domain closed, so the address takes no mail either way.
        if (!input.IsSoft && input.Has(ReplySignal.RecipientRejected) && input.Has(ReplySignal.AccessDenied) && !input.Has(ReplySignal.RelayDenied))
        {
            return input.ByText(UserUnknown, ReplySignal.RecipientRejected);
        }

        // A Google Groups address bounces a post from a non-member or to a closed group with prose
        // only, in the poster's language, so the recipient domain is the evidence.
        if (input.BasicCode == 0 && input.RecipientDomain.Equals(GoogleGroupsDomain, StringComparison.OrdinalIgnoreCase))
        {
            return new CategoryVerdict(PolicyRejected, GoogleGroupsEvidence);
        }

        // Microsoft rejects TLS 1.0 and 1.1 with 421 4.7.66.
        if (code.Is(7, 66))
        {
            return input.ByCode(SenderConfig);
        }

        return null;
    }

    /// <summary>Phrases that name the cause even where the code is generic (5.7.1, 5.0.0, none).</summary>
    private static CategoryVerdict? ByDecisivePhrase(in CategoryInput input)
    {
        // A failed local delivery program (procmail, maildrop, a pipe) is the receiver's own fault,
        // whatever its message reports, unless the mailbox is full.
        if (input.Has(ReplySignal.LocalMailer) && !input.Has(ReplySignal.MailboxFull) && !input.Code.Is(2, 2))
        {
            return new CategoryVerdict(ReceiverError, LocalMailerEvidence);
        }

        if (input.Has(ReplySignal.Greylisting))
        {
            return input.ByText(Greylisted, ReplySignal.Greylisting);
        }

        if (input.Has(ReplySignal.Blocklist))
        {
            return input.ByText(Blocklisted, ReplySignal.Blocklist);
        }

        if (input.Has(ReplySignal.RelayDenied))
        {
            return input.ByText(PolicyRejected, ReplySignal.RelayDenied);
        }

        // A message that breaks the SMTP or message format is refused for its content, whatever else the text names.
        if (input.Has(ReplySignal.MalformedMessage))
        {
            return input.ByText(ContentRejected, ReplySignal.MalformedMessage);
        }

        if (input.Has(ReplySignal.ContentBlocked))
        {
            return input.ByText(ContentRejected, ReplySignal.ContentBlocked);
        }

        // "Does not accept mail" and "not accepting network messages" state that the domain takes no
        // mail at all, which a generic 5.3.2 or a logged status cannot override.
        if (input.Has(ReplySignal.NullMx) && !input.IsSoft)
        {
            return input.ByText(BadDomain, ReplySignal.NullMx);
        }

        // The receiver could not verify the sender's address or its domain, so the sending domain's
        // DNS identity needs the same fix as a failed SPF or DMARC check.
        if (input.Has(ReplySignal.SenderAddressRejected))
        {
            return input.ByText(AuthenticationFailed, ReplySignal.SenderAddressRejected);
        }

        // Postfix's "Client host rejected" refuses the sending IP: for a missing reverse DNS name
        // when the text names it, else by the receiver's own access rules, which name no reason.
        // Either way the sending host is refused, so the sender must act and the recipient stays.
        if (input.Has(ReplySignal.ClientRejected))
        {
            return input.Has(ReplySignal.ReverseDns)
                ? input.ByText(AuthenticationFailed, ReplySignal.ReverseDns)
                : input.ByText(PolicyRejected, ReplySignal.ClientRejected) with { Blame = Blame.Sender };
        }

        // An address problem at MAIL FROM concerns the sender's address, not the recipient's. When the
        // receiver could not find the sender's domain or mailbox, the sending domain's DNS identity
        // needs the same fix as a failed sender verification.
        if (input.Stage == SmtpStage.MailFrom && input.Code.Subject == 1)
        {
            if (input.Code.Detail is 7 or 8 || input.Has(ReplySignal.HostNotFound) || input.Has(ReplySignal.UserUnknown))
            {
                return input.ByCode(AuthenticationFailed);
            }

            return input.ByCode(SenderConfig);
        }

        // A server that refuses the connection in its greeting refuses the sending IP. A code the
        // sending MTA logged for it (Sendmail's 5.5.0) describes its own verdict, not the cause.
        if (input.Stage is SmtpStage.Connect or SmtpStage.Greeting
            && input.BasicCode is >= 550 and <= 554
            && (!input.Code.IsPresent || input.CodeFromLog))
        {
            return new CategoryVerdict(SenderReputation, GreetingEvidence);
        }

        return null;
    }

    /// <summary>Enhanced codes that name one cause on their own.</summary>
    private static CategoryVerdict? BySpecificCode(in CategoryInput input)
    {
        var code = input.Code;
        if (!code.IsPresent)
        {
            return null;
        }

        return code.Subject switch
        {
            1 => ByAddressCode(input),
            2 => ByMailboxCode(input),
            3 when code.Detail == 4 => input.ByCode(MessageTooLarge),
            3 when code.Detail == 2 => input.ByCode(ServerBusy),
            4 => ByNetworkCode(input),
            5 when code.Detail == 3 => input.ByCode(SenderConfig),
            6 => input.ByCode(ContentRejected),
            7 => BySecurityCode(input),
            _ => null,
        };
    }

    private static CategoryVerdict? ByAddressCode(in CategoryInput input) => input.Code.Detail switch
    {
        // x.1.7 and x.1.8 are the sender's address, which the receiver could not verify.
        7 or 8 => input.ByCode(AuthenticationFailed),
        2 => input.ByCode(BadDomain),

        // An address code whose text states that the sender was rejected names the sender's address, as
        // x.1.7 and x.1.8 do, so the recipient's address is not in question.
        _ when input.Has(ReplySignal.SenderRejected) => input.ByText(AuthenticationFailed, ReplySignal.SenderRejected),

        // A sending-rate complaint under an address code ("5.1.1 ... has sent to too many recipients
        // this hour") limits the sender, so it must not suppress a recipient who may be valid.
        _ when input.Has(ReplySignal.RateLimit) => input.ByText(RateLimited, ReplySignal.RateLimit),

        // Some receivers report a failed SPF check with an address code such as 5.1.0.
        _ when input.Has(ReplySignal.Authentication) => input.ByText(AuthenticationFailed, ReplySignal.Authentication),
        _ when input.Has(ReplySignal.MailboxDisabled) => input.ByText(MailboxDisabled, ReplySignal.MailboxDisabled),
        _ => input.ByCode(UserUnknown),
    };

    private static CategoryVerdict? ByMailboxCode(in CategoryInput input) => input.Code.Detail switch
    {
        2 => input.ByCode(MailboxFull),
        3 => input.ByCode(MessageTooLarge),

        // 450 4.2.1 is a busy or locked mailbox, and 5.2.1 is a disabled one.
        1 when input.Code.IsTransient => input.ByCode(MailboxBusy),

        // Gmail's 550 5.2.1 "receiving mail at a rate that prevents additional messages" is a flooded mailbox, not a disabled one.
        1 when input.Has(ReplySignal.MailboxBusy) => input.ByText(MailboxBusy, ReplySignal.MailboxBusy),
        1 when input.Has(ReplySignal.UserUnknown) => input.ByText(UserUnknown, ReplySignal.UserUnknown),
        1 => input.ByCode(MailboxDisabled),
        _ => null,
    };

    private static CategoryVerdict? ByNetworkCode(in CategoryInput input)
    {
        var connectionText = input.Has(ReplySignal.NetworkFailure) ? ReplySignal.NetworkFailure
            : input.Has(ReplySignal.HostNotFound) ? ReplySignal.HostNotFound
            : ReplySignal.None;

        return input.Code.Detail switch
        {
            // x.4.7 states only that the message expired, so the cause comes from the text or stays Expired.
            7 => null,
            4 when input.Has(ReplySignal.TryAgain) => input.ByCodeAndText(NetworkError, ReplySignal.TryAgain),
            4 when !input.Code.IsTransient => WithText(input, BadDomain, connectionText),
            5 => input.ByCode(ServerBusy),
            // x.4.6 is a routing loop ("too many hops") between mail servers.
            6 => input.ByCode(NetworkError),

            // x.4.3 is a DNS or a directory server failure. A named directory (LDAP) server is the receiver's own system.
            3 when input.Has(ReplySignal.SystemError) && connectionText == ReplySignal.None
                => input.ByCodeAndText(ReceiverError, ReplySignal.SystemError),
            _ => WithText(input, NetworkError, connectionText),
        };
    }

    private static CategoryVerdict WithText(in CategoryInput input, BounceCategory category, ReplySignal signal) =>
        signal == ReplySignal.None ? input.ByCode(category) : input.ByCodeAndText(category, signal);

    private static CategoryVerdict? BySecurityCode(in CategoryInput input) => input.Code.Detail switch
    {
        // RFC 7372 authentication failures: DKIM (20-22), SPF (23-24), reverse DNS (25), several (26).
        >= 20 and <= 26 => input.ByCode(AuthenticationFailed),
        27 when input.Has(ReplySignal.Authentication) => input.ByText(AuthenticationFailed, ReplySignal.Authentication),

        // 5.7.27 is a sender address with a null MX.
        27 => input.ByCode(SenderConfig),

        // Yahoo's "5.7.9 Message not accepted for policy reasons" is a content verdict. Elsewhere
        // 5.7.9 means that the submission authentication mechanism is too weak.
        9 when input.Has(ReplySignal.PolicyReasons) || input.Provider == ReceivingProvider.YahooAol
            => input.ByCode(ContentRejected),
        9 or 8 => input.ByCode(SenderConfig),
        _ => null,
    };

    /// <summary>Reply text, for generic or missing codes.</summary>
    private static CategoryVerdict? ByText(in CategoryInput input)
    {
        if (input.Has(ReplySignal.NetworkFailure))
        {
            return input.ByText(NetworkError, ReplySignal.NetworkFailure);
        }

        // Postfix ends a temporary DNS failure with "try again". Without it, the domain does not exist.
        if (input.Has(ReplySignal.HostNotFound))
        {
            return input.Has(ReplySignal.TryAgain)
                ? input.ByText(NetworkError, ReplySignal.TryAgain)
                : input.ByText(BadDomain, ReplySignal.HostNotFound);
        }

        foreach (var (signal, category) in TextRules)
        {
            if (input.Has(signal))
            {
                return input.ByText(category, signal);
            }
        }

        // RFC 5321 words several 550 cases as "mailbox unavailable", so only at RCPT TO does it name the recipient.
        // A 550 whose stage is unknown and whose reply has no enhanced code of its own is most often the RCPT TO reply.
        var rcptLike = input.Stage == SmtpStage.RcptTo
            || (input.Stage == SmtpStage.Unknown && input.BasicCode == 550 && (!input.Code.IsPresent || input.CodeFromLog));
        if (input.Has(ReplySignal.MailboxUnavailable) && rcptLike && !input.IsSoft)
        {
            return input.ByText(UserUnknown, ReplySignal.MailboxUnavailable);
        }

        return ByTrafficText(input);
    }

    private static CategoryVerdict? ByTrafficText(in CategoryInput input)
    {
        if (input.Has(ReplySignal.MailboxBusy))
        {
            return input.ByText(MailboxBusy, ReplySignal.MailboxBusy);
        }

        if (input.Has(ReplySignal.RateLimit))
        {
            return input.ByText(RateLimited, ReplySignal.RateLimit);
        }

        if (input.Has(ReplySignal.Reputation))
        {
            return input.ByText(SenderReputation, ReplySignal.Reputation);
        }

        if (input.Has(ReplySignal.Content))
        {
            return input.ByText(ContentRejected, ReplySignal.Content);
        }

        if (input.Has(ReplySignal.SystemError))
        {
            return input.ByText(ReceiverError, ReplySignal.SystemError);
        }

        // Greylisting MTAs reply 451 4.7.1 "try again later" without naming greylisting.
        if (input.Code.Class == 4 && input.Code.Is(7, 1) && input.Has(ReplySignal.TryAgainLater))
        {
            return input.ByCodeAndText(Greylisted, ReplySignal.TryAgainLater);
        }

        // A busy server defers. A permanent reply in the same words ("554 Service unavailable")
        // reports the receiving system failing, not load that clears on retry. Under a 5.7.x
        // security or policy code, or at the greeting, the words name no cause, so the code's
        // subject or the stage decides it.
        if (input.Has(ReplySignal.ServerBusy))
        {
            if (input.BasicCode / 100 != 5 && input.Code.Class != 5)
            {
                return input.ByText(ServerBusy, ReplySignal.ServerBusy);
            }

            var policyCode = input.Code.IsPresent && input.Code.Subject == 7;
            if (!policyCode && input.Stage is not (SmtpStage.Connect or SmtpStage.Greeting))
            {
                return input.ByText(ReceiverError, ReplySignal.ServerBusy);
            }
        }

        if (input.Has(ReplySignal.PolicyReasons))
        {
            return input.ByText(PolicyRejected, ReplySignal.PolicyReasons);
        }

        return null;
    }

    /// <summary>The enhanced code's subject when nothing more specific matched.</summary>
    private static CategoryVerdict? ByCodeSubject(in CategoryInput input)
    {
        var code = input.Code;
        if (!code.IsPresent)
        {
            return null;
        }

        // x.2.0 is "other mailbox status". When its text refuses the message or the service
        // ("Mail rejected", "Service refused") instead of describing the mailbox, the refusal and
        // basic-code rules below name the cause better than a mailbox state would.
        if (code.Subject == 2 && code.Detail == 0 && input.Has(ReplySignal.Refused))
        {
            return null;
        }

        return code.Subject switch
        {
            2 => input.ByCode(code.IsTransient ? MailboxBusy : MailboxDisabled),
            3 => input.ByCode(ReceiverError),
            5 => input.ByCode(SenderConfig),

            // 421 4.7.0 is the usual rate-limit reply (Gmail, Microsoft 365).
            7 when code.IsTransient && code.Detail == 0 => input.ByCode(RateLimited),
            7 => input.ByCode(BySecurityStage(input.Stage)),
            _ => null,
        };
    }

    /// <summary>
    /// Names the cause of a generic 4.7.x/5.7.x from the stage. A rejection at the greeting, HELO or
    /// MAIL FROM is the sender's reputation, and one after DATA is the content. At RCPT TO or an
    /// unknown stage it is the recipient organisation's policy.
    /// </summary>
    private static BounceCategory BySecurityStage(SmtpStage stage) => stage switch
    {
        SmtpStage.Connect or SmtpStage.Greeting or SmtpStage.Helo or SmtpStage.MailFrom => SenderReputation,
        SmtpStage.Data => ContentRejected,
        _ => PolicyRejected,
    };

    /// <summary>
    /// A permanent "access denied", "not allowed", "rejected" or "refused" with no code or text
    /// more specific: the receiver refused the message by its own policy.
    /// </summary>
    private static CategoryVerdict? ByRefusalText(in CategoryInput input)
    {
        if (input.IsSoft)
        {
            return null;
        }

        if (input.Has(ReplySignal.AccessDenied))
        {
            return input.ByText(PolicyRejected, ReplySignal.AccessDenied);
        }

        return input.Has(ReplySignal.Refused) ? input.ByText(PolicyRejected, ReplySignal.Refused) : null;
    }

    /// <summary>
    /// An expiry notice whose text names no cause: Sendmail's "421 ... could not be delivered for
    /// 8 hours" reports the expiry, not a busy server.
    /// </summary>
    private static CategoryVerdict? ByExpiryText(in CategoryInput input) =>
        input.Has(ReplySignal.QueueExpired) ? input.ByText(Expired, ReplySignal.QueueExpired) : null;

    /// <summary>The basic code when the reply has no usable enhanced code.</summary>
    private static CategoryVerdict? ByBasicCode(in CategoryInput input)
    {
        var greeting = input.Stage is SmtpStage.Connect or SmtpStage.Greeting;

        return input.BasicCode switch
        {
            421 => new CategoryVerdict(ServerBusy, "basic code 421 without a further reason"),
            450 => new CategoryVerdict(MailboxBusy, "basic code 450 (mailbox unavailable)"),
            451 => new CategoryVerdict(ReceiverError, "basic code 451 (local error in processing)"),
            452 => new CategoryVerdict(ReceiverError, "basic code 452 (insufficient system storage)"),
            >= 500 and <= 504 => new CategoryVerdict(SenderConfig, "basic code 50x (command syntax)"),
            530 or 535 or 538 => new CategoryVerdict(SenderConfig, "basic code 53x (authentication required)"),
            551 => new CategoryVerdict(UserUnknown, "basic code 551 (user not local)"),
            552 => new CategoryVerdict(MailboxFull, "basic code 552 (storage allocation exceeded)"),
            521 or 556 => new CategoryVerdict(BadDomain, "basic code 521/556 (domain accepts no mail)"),
            >= 550 and <= 554 when greeting => new CategoryVerdict(SenderReputation, GreetingEvidence),
            _ => null,
        };
    }
}
