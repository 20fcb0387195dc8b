namespace BouncePortal.Domain.Classification;

/// <summary>
/// Families of phrases found in a reply's text. <see cref="ReplySignalScanner"/> sets one bit per family.
/// </summary>
[Flags]
internal enum ReplySignal : ulong
{
    None = 0,
    YahooVolume = 1UL << 0,
    YahooDeferral = 1UL << 1,
    ExternalForwarding = 1UL << 2,
    MicrosoftBlock = 1UL << 3,
    ProofpointReputation = 1UL << 4,
    LikelyUnsolicited = 1UL << 5,
    CoxConnectionLimit = 1UL << 6,
    NullMx = 1UL << 7,
    AccessDenied = 1UL << 8,
    Greylisting = 1UL << 9,
    Blocklist = 1UL << 10,
    RelayDenied = 1UL << 11,
    SenderAddressRejected = 1UL << 12,
    NetworkFailure = 1UL << 13,
    HostNotFound = 1UL << 14,
    TryAgain = 1UL << 15,
    TryAgainLater = 1UL << 16,
    Authentication = 1UL << 17,
    ReverseDns = 1UL << 18,
    SubmissionAuthentication = 1UL << 19,
    Tls = 1UL << 20,
    TooManyRecipients = 1UL << 21,
    SyntaxError = 1UL << 22,
    MessageTooLarge = 1UL << 23,
    MailboxFull = 1UL << 24,
    MailboxDisabled = 1UL << 25,
    UserUnknown = 1UL << 26,
    MailboxUnavailable = 1UL << 27,
    MailboxBusy = 1UL << 28,
    RateLimit = 1UL << 29,
    Reputation = 1UL << 30,
    Content = 1UL << 31,
    ServerBusy = 1UL << 32,
    QueueExpired = 1UL << 33,
    PolicyReasons = 1UL << 34,
    Refused = 1UL << 35,
    MalformedMessage = 1UL << 36,
    SystemError = 1UL << 37,
    ClientRejected = 1UL << 38,
}
