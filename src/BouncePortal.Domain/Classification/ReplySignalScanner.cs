using System.Numerics;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Finds every known phrase in a reply's text in one pass and returns the families they belong to,
/// with the first phrase seen for each family as evidence.
/// </summary>
/// <remarks>
/// A phrase matches only where a word starts (after a character that is not a letter or digit) or
/// where the phrase itself starts with punctuation, so "sorbs" does not match inside "absorbs".
/// Candidates are looked up by their first two lower-cased characters, which keeps the scan at
/// about one table lookup per word.
/// </remarks>
internal static class ReplySignalScanner
{
    private static readonly (string Phrase, ReplySignal Signal)[] Phrases =
    [
        // Yahoo puts its own reason code in brackets; TSS04 is volume or complaints, the others
        // are reputation deferrals or blocks.
        ("[TSS04]", ReplySignal.YahooVolume),
        ("[TS0", ReplySignal.YahooDeferral),
        ("[TSS0", ReplySignal.YahooDeferral),
        ("[TSS1", ReplySignal.YahooDeferral),
        ("AS(7555)", ReplySignal.ExternalForwarding),
        ("external forwarding", ReplySignal.ExternalForwarding),
        ("organization does not allow", ReplySignal.ExternalForwarding),
        ("organisation does not allow", ReplySignal.ExternalForwarding),
        ("(S3150)", ReplySignal.MicrosoftBlock),
        ("(S3140)", ReplySignal.MicrosoftBlock),
        ("(S3113)", ReplySignal.MicrosoftBlock),
        ("(S3114)", ReplySignal.MicrosoftBlock),
        ("(S3115)", ReplySignal.MicrosoftBlock),
        ("weren't sent", ReplySignal.MicrosoftBlock),
        ("ipcheck.proofpoint.com", ReplySignal.ProofpointReputation),
        ("IP_REPUTATION", ReplySignal.ProofpointReputation),
        ("likely unsolicited", ReplySignal.LikelyUnsolicited),
        ("CXCNCT", ReplySignal.CoxConnectionLimit),
        ("null MX", ReplySignal.NullMx),
        ("nullmx", ReplySignal.NullMx),
        ("does not accept mail", ReplySignal.NullMx),
        ("not accepting network messages", ReplySignal.NullMx),
        ("doesn't accept mail", ReplySignal.NullMx),
        ("access denied", ReplySignal.AccessDenied),
        ("greylist", ReplySignal.Greylisting),
        ("graylist", ReplySignal.Greylisting),
        ("grey-list", ReplySignal.Greylisting),
        ("gray-list", ReplySignal.Greylisting),
        ("grey list", ReplySignal.Greylisting),
        ("gray list", ReplySignal.Greylisting),
        ("spamhaus", ReplySignal.Blocklist),
        ("spamcop", ReplySignal.Blocklist),
        ("sorbs", ReplySignal.Blocklist),
        ("uceprotect", ReplySignal.Blocklist),
        ("barracuda reputation", ReplySignal.Blocklist),
        ("barracudacentral", ReplySignal.Blocklist),
        ("blocked using", ReplySignal.Blocklist),
        ("listed at", ReplySignal.Blocklist),
        ("listed by", ReplySignal.Blocklist),
        ("blacklist", ReplySignal.Blocklist),
        ("blocklist", ReplySignal.Blocklist),
        ("black list", ReplySignal.Blocklist),
        ("block list", ReplySignal.Blocklist),
        ("dnsbl", ReplySignal.Blocklist),
        ("spamrats", ReplySignal.Blocklist),
        ("relay access denied", ReplySignal.RelayDenied),
        ("relaying denied", ReplySignal.RelayDenied),
        ("relay denied", ReplySignal.RelayDenied),
        ("relay not permitted", ReplySignal.RelayDenied),
        ("relaying not permitted", ReplySignal.RelayDenied),
        ("relay not allowed", ReplySignal.RelayDenied),
        ("relaying not allowed", ReplySignal.RelayDenied),
        ("relaying is not allowed", ReplySignal.RelayDenied),
        ("unable to relay", ReplySignal.RelayDenied),
        ("not permitted to relay", ReplySignal.RelayDenied),
        ("insecure mail relay", ReplySignal.RelayDenied),
        ("sender address rejected", ReplySignal.SenderAddressRejected),
        ("sender verify failed", ReplySignal.SenderAddressRejected),
        ("sender rejected", ReplySignal.SenderRejected),
        ("sender verification failed", ReplySignal.SenderAddressRejected),
        ("unroutable sender", ReplySignal.SenderAddressRejected),
        ("domain of sender address", ReplySignal.SenderAddressRejected),
        ("valid From", ReplySignal.SenderAddressRejected),
        ("connection timed out", ReplySignal.NetworkFailure),
        ("connection refused", ReplySignal.NetworkFailure),
        ("connection reset", ReplySignal.NetworkFailure),
        ("no route to host", ReplySignal.NetworkFailure),
        ("network is unreachable", ReplySignal.NetworkFailure),
        ("lost connection", ReplySignal.NetworkFailure),
        ("conversation with", ReplySignal.NetworkFailure),
        ("timed out while", ReplySignal.NetworkFailure),
        ("requests to connect", ReplySignal.NetworkFailure),
        ("could not connect", ReplySignal.NetworkFailure),
        ("unable to connect", ReplySignal.NetworkFailure),
        ("smtp connection", ReplySignal.NetworkFailure),
        ("socket error", ReplySignal.NetworkFailure),
        ("host not reachable", ReplySignal.NetworkFailure),
        ("all hosts have been failing", ReplySignal.NetworkFailure),
        ("network error", ReplySignal.NetworkFailure),
        ("hop count exceeded", ReplySignal.NetworkFailure),
        ("too many hops", ReplySignal.NetworkFailure),
        ("routing loop", ReplySignal.NetworkFailure),
        ("could not find a gateway", ReplySignal.NetworkFailure),
        ("lookup failure", ReplySignal.NetworkFailure),
        ("host or domain name not found", ReplySignal.HostNotFound),
        ("name service error", ReplySignal.HostNotFound),
        ("host not found", ReplySignal.HostNotFound),
        ("domain not found", ReplySignal.HostNotFound),
        ("no such domain", ReplySignal.HostNotFound),
        ("domain does not exist", ReplySignal.HostNotFound),
        ("unrouteable address", ReplySignal.HostNotFound),
        ("host unknown", ReplySignal.HostNotFound),
        ("unknown host", ReplySignal.HostNotFound),
        ("find any host", ReplySignal.HostNotFound),
        ("mail exchanger", ReplySignal.HostNotFound),
        ("no SMTP service", ReplySignal.HostNotFound),
        ("domain is not reachable", ReplySignal.HostNotFound),
        ("no MX found", ReplySignal.HostNotFound),
        ("found, try again", ReplySignal.TryAgain),
        // A broken answer from the domain's name server is a DNS failure, not a missing domain.
        ("name server reply", ReplySignal.TryAgain),
        ("try again later", ReplySignal.TryAgainLater),
        ("try later", ReplySignal.TryAgainLater),
        ("retry later", ReplySignal.TryAgainLater),
        ("DMARC", ReplySignal.Authentication),
        ("SPF", ReplySignal.Authentication),
        ("DKIM", ReplySignal.Authentication),
        ("unauthenticated", ReplySignal.Authentication),
        ("purported responsible address", ReplySignal.Authentication),
        ("authentication information", ReplySignal.Authentication),
        ("reverse DNS", ReplySignal.ReverseDns),
        ("reverse hostname", ReplySignal.ReverseDns),
        ("reverse lookup", ReplySignal.ReverseDns),
        ("PTR record", ReplySignal.ReverseDns),
        ("rDNS", ReplySignal.ReverseDns),
        ("unverifiable sending IP", ReplySignal.ReverseDns),
        ("unverifyable sending IP", ReplySignal.ReverseDns),
        ("authentication required", ReplySignal.SubmissionAuthentication),
        ("authentication is required", ReplySignal.SubmissionAuthentication),
        ("must authenticate", ReplySignal.SubmissionAuthentication),
        ("not authenticated", ReplySignal.SubmissionAuthentication),
        ("authentication failed", ReplySignal.SubmissionAuthentication),
        ("SMTP AUTH", ReplySignal.SubmissionAuthentication),
        ("TLS 1.0", ReplySignal.Tls),
        ("TLS 1.2", ReplySignal.Tls),
        ("STARTTLS", ReplySignal.Tls),
        ("TLS required", ReplySignal.Tls),
        ("requires TLS", ReplySignal.Tls),
        ("too many recipients", ReplySignal.TooManyRecipients),
        ("syntax error", ReplySignal.SyntaxError),
        ("command unrecognized", ReplySignal.SyntaxError),
        ("command not recognized", ReplySignal.SyntaxError),
        ("bad sequence of commands", ReplySignal.SyntaxError),
        ("too large", ReplySignal.MessageTooLarge),
        ("too big", ReplySignal.MessageTooLarge),
        ("size limit", ReplySignal.MessageTooLarge),
        ("message size exceeds", ReplySignal.MessageTooLarge),
        ("exceeds the maximum size", ReplySignal.MessageTooLarge),
        ("line limit exceeded", ReplySignal.MessageTooLarge),
        ("line too long", ReplySignal.MessageTooLarge),
        ("over quota", ReplySignal.MailboxFull),
        ("quota exceeded", ReplySignal.MailboxFull),
        ("exceeded storage", ReplySignal.MailboxFull),
        ("mailbox full", ReplySignal.MailboxFull),
        ("mailbox is full", ReplySignal.MailboxFull),
        ("inbox is full", ReplySignal.MailboxFull),
        ("mailfolder is full", ReplySignal.MailboxFull),
        ("disk quota", ReplySignal.MailboxFull),
        ("mailbox exceeds", ReplySignal.MailboxFull),
        ("mailbox exceeded", ReplySignal.MailboxFull),
        ("disabled", ReplySignal.MailboxDisabled),
        ("suspended", ReplySignal.MailboxDisabled),
        ("inactive", ReplySignal.MailboxDisabled),
        ("deactivated", ReplySignal.MailboxDisabled),
        ("no longer active", ReplySignal.MailboxDisabled),
        ("account closed", ReplySignal.MailboxDisabled),
        ("account has been closed", ReplySignal.MailboxDisabled),
        ("frozen", ReplySignal.MailboxDisabled),
        ("account is blocked", ReplySignal.MailboxDisabled),
        ("temporary locked", ReplySignal.MailboxDisabled),
        ("temporarily locked", ReplySignal.MailboxDisabled),
        ("user unknown", ReplySignal.UserUnknown),
        ("unknown user", ReplySignal.UserUnknown),
        ("no such user", ReplySignal.UserUnknown),
        ("no such recipient", ReplySignal.UserUnknown),
        ("no such mailbox", ReplySignal.UserUnknown),
        ("does not exist", ReplySignal.UserUnknown),
        ("doesn't exist", ReplySignal.UserUnknown),
        ("recipient not found", ReplySignal.UserUnknown),
        ("recipientnotfound", ReplySignal.UserUnknown),
        ("mailbox not found", ReplySignal.UserUnknown),
        ("user not found", ReplySignal.UserUnknown),
        ("invalid recipient", ReplySignal.UserUnknown),
        ("unknown recipient", ReplySignal.UserUnknown),
        ("recipient unknown", ReplySignal.UserUnknown),
        ("invalid mailbox", ReplySignal.UserUnknown),
        ("user doesn't have", ReplySignal.UserUnknown),
        ("not our customer", ReplySignal.UserUnknown),
        ("no mailbox here", ReplySignal.UserUnknown),
        ("not listed in", ReplySignal.UserUnknown),
        ("name is not recognized", ReplySignal.UserUnknown),
        ("no valid recipients", ReplySignal.UserUnknown),
        ("invalid final delivery", ReplySignal.UserUnknown),
        ("mailbox unavailable", ReplySignal.MailboxUnavailable),
        ("mailbox is unavailable", ReplySignal.MailboxUnavailable),
        ("mailbox busy", ReplySignal.MailboxBusy),
        ("mailbox is busy", ReplySignal.MailboxBusy),
        ("mailbox locked", ReplySignal.MailboxBusy),
        ("mailbox is locked", ReplySignal.MailboxBusy),
        ("receiving mail at a rate", ReplySignal.MailboxBusy),
        ("rate limit", ReplySignal.RateLimit),
        ("rate-limit", ReplySignal.RateLimit),
        ("ratelimit", ReplySignal.RateLimit),
        ("unusual rate", ReplySignal.RateLimit),
        ("too many connections", ReplySignal.RateLimit),
        ("too many concurrent", ReplySignal.RateLimit),
        ("too many messages", ReplySignal.RateLimit),
        ("connection limit", ReplySignal.RateLimit),
        ("sending rate", ReplySignal.RateLimit),
        ("throttl", ReplySignal.RateLimit),
        ("unexpected volume", ReplySignal.RateLimit),
        ("frequency limit", ReplySignal.RateLimit),
        ("this hour", ReplySignal.RateLimit),
        ("per hour", ReplySignal.RateLimit),
        ("reputation", ReplySignal.Reputation),
        ("unsolicited", ReplySignal.Reputation),
        ("blocked", ReplySignal.Reputation),
        ("open relay", ReplySignal.Reputation),
        ("invalid IP", ReplySignal.Reputation),
        ("spam", ReplySignal.Content),
        ("virus", ReplySignal.Content),
        ("malware", ReplySignal.Content),
        ("infected", ReplySignal.Content),
        ("phishing", ReplySignal.Content),
        ("content rejected", ReplySignal.Content),
        ("message content", ReplySignal.Content),
        ("security polic", ReplySignal.Content),
        ("policy reasons", ReplySignal.PolicyReasons),
        ("denied by policy", ReplySignal.PolicyReasons),
        // A mailing list refuses posts from addresses that are not its members.
        ("not a member", ReplySignal.PolicyReasons),
        // Some servers refuse mail whose sender is the recipient itself, a common forgery. The phrase
        // also matches "E-Mail to yourself", because a match may start after the hyphen.
        ("mail to yourself", ReplySignal.PolicyReasons),
        // Gmail's "blocked because its content presents a potential security issue" names the
        // content, so the word "blocked" must not make it a reputation block.
        ("because its content", ReplySignal.ContentBlocked),
        ("content presents a potential", ReplySignal.ContentBlocked),
        ("protocol violation", ReplySignal.MalformedMessage),
        ("duplicate header", ReplySignal.MalformedMessage),
        ("multiple addresses in From", ReplySignal.MalformedMessage),
        ("transaction failed", ReplySignal.SystemError),
        ("local error", ReplySignal.SystemError),
        ("internal error", ReplySignal.SystemError),
        // x.4.3 is also a directory server failure, which names the receiver's own systems.
        ("LDAP", ReplySignal.SystemError),
        ("directory server", ReplySignal.SystemError),
        // A mailing list manager refuses a message it has already seen.
        ("duplicate message-id", ReplySignal.SystemError),
        ("duplicated message-id", ReplySignal.SystemError),
        // Exim names a failed delivery to a local program "pipe to |/path/program".
        ("pipe to |", ReplySignal.LocalMailer),
        ("recipient address rejected", ReplySignal.RecipientRejected),
        ("client host rejected", ReplySignal.ClientRejected),
        ("not allowed", ReplySignal.Refused),
        ("rejected", ReplySignal.Refused),
        ("refused", ReplySignal.Refused),
        ("server busy", ReplySignal.ServerBusy),
        ("server is busy", ReplySignal.ServerBusy),
        ("currently unavailable", ReplySignal.ServerBusy),
        ("too busy", ReplySignal.ServerBusy),
        ("system busy", ReplySignal.ServerBusy),
        ("service not available", ReplySignal.ServerBusy),
        ("service unavailable", ReplySignal.ServerBusy),
        ("temporarily unavailable", ReplySignal.ServerBusy),
        ("closing transmission channel", ReplySignal.ServerBusy),
        ("retry timeout exceeded", ReplySignal.QueueExpired),
        ("QUEUE.Expired", ReplySignal.QueueExpired),
        ("message expired", ReplySignal.QueueExpired),
        ("in the queue too long", ReplySignal.QueueExpired),
        ("giving up", ReplySignal.QueueExpired),
        ("envelope expired", ReplySignal.QueueExpired),
        ("could not be delivered for", ReplySignal.QueueExpired),
        ("not delivered within", ReplySignal.QueueExpired),
    ];

    private static readonly string[] PhraseEvidence =
        Phrases.Select(entry => $"text matches '{entry.Phrase}'").ToArray();

    // Every phrase is ASCII, so matching compares against these with ASCII case folding.
    private static readonly string[] LowerCasePhrases =
        Phrases.Select(entry => entry.Phrase.ToLowerInvariant()).ToArray();

    // Phrase indexes sorted by their first two lower-cased ASCII characters. The phrases whose
    // prefix key is k are PhraseOrder[PrefixStarts[k]..PrefixStarts[k + 1]].
    private const int PrefixKeyCount = 128 * 128;
    private static readonly byte[] PhraseOrder;
    private static readonly ushort[] PrefixStarts;

    static ReplySignalScanner()
    {
        var keys = Phrases.Select(entry => PrefixKey(entry.Phrase[0], entry.Phrase[1])).ToArray();
        PhraseOrder = Enumerable.Range(0, Phrases.Length).OrderBy(index => keys[index]).Select(index => (byte)index).ToArray();

        PrefixStarts = new ushort[PrefixKeyCount + 1];
        foreach (var key in keys)
        {
            PrefixStarts[key + 1]++;
        }

        for (var key = 0; key < PrefixKeyCount; key++)
        {
            PrefixStarts[key + 1] += PrefixStarts[key];
        }
    }

    /// <summary>The number of signal families, one bit each.</summary>
    public const int SignalCount = 43;

    /// <summary>Scans <paramref name="text"/> and records, per family, the index of the first phrase found.</summary>
    public static ReplySignal Scan(ReadOnlySpan<char> text, Span<byte> firstPhrase)
    {
        var signals = ReplySignal.None;
        var previousIsWordChar = false;

        for (var position = 0; position + 1 < text.Length; position++)
        {
            var isWordChar = char.IsAsciiLetterOrDigit(text[position]);
            if (!previousIsWordChar || !isWordChar)
            {
                signals |= MatchAt(text[position..], signals, firstPhrase);
            }

            previousIsWordChar = isWordChar;
        }

        return signals;
    }

    /// <summary>The evidence text for the first phrase of <paramref name="signal"/> that the scan recorded.</summary>
    public static string Evidence(ReplySignal signal, ReadOnlySpan<byte> firstPhrase) =>
        PhraseEvidence[firstPhrase[SignalIndex(signal)]];

    /// <summary>All phrases, in table order. The scan stores their indexes in bytes and folds case for ASCII only.</summary>
    public static IEnumerable<string> AllPhrases => Phrases.Select(entry => entry.Phrase);

    /// <summary>The phrase with index <paramref name="phraseIndex"/>, as written in the table.</summary>
    public static string Phrase(int phraseIndex) => Phrases[phraseIndex].Phrase;

    /// <summary>The bit position of a single-bit <paramref name="signal"/>.</summary>
    public static int SignalIndex(ReplySignal signal) => BitOperations.TrailingZeroCount((ulong)signal);

    private static ReplySignal MatchAt(ReadOnlySpan<char> text, ReplySignal seen, Span<byte> firstPhrase)
    {
        var found = ReplySignal.None;
        if (text[0] >= 128 || text[1] >= 128)
        {
            return found;
        }

        var key = PrefixKey(text[0], text[1]);
        for (var slot = PrefixStarts[key]; slot < PrefixStarts[key + 1]; slot++)
        {
            var index = PhraseOrder[slot];
            if (!StartsWithLowerCase(text, LowerCasePhrases[index]))
            {
                continue;
            }

            var signal = Phrases[index].Signal;
            if ((seen & signal) == 0 && (found & signal) == 0)
            {
                firstPhrase[SignalIndex(signal)] = index;
            }

            found |= signal;
        }

        return found;
    }

    /// <summary>Compares from the third character on, because the prefix key already matched the first two.</summary>
    private static bool StartsWithLowerCase(ReadOnlySpan<char> text, string lowerCasePhrase)
    {
        if (lowerCasePhrase.Length > text.Length)
        {
            return false;
        }

        for (var i = 2; i < lowerCasePhrase.Length; i++)
        {
            if (ToLowerAscii(text[i]) != lowerCasePhrase[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int PrefixKey(char first, char second) => ToLowerAscii(first) * 128 + ToLowerAscii(second);

    private static int ToLowerAscii(char c) => c is >= 'A' and <= 'Z' ? c + ('a' - 'A') : c;
}
