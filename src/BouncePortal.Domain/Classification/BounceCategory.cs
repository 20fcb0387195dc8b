namespace BouncePortal.Domain.Classification;

/// <summary>
/// Cause of an SMTP failure, decided from the enhanced status code, the provider's
/// wording, the reply text and the SMTP stage.
/// </summary>
public enum BounceCategory
{
    /// <summary>The sender exceeded the receiver's rate for its IP, domain or mailbox.</summary>
    RateLimited,

    /// <summary>The receiver greylisted the message; a retry 10-30 minutes later normally succeeds.</summary>
    Greylisted,

    /// <summary>The receiver's filter distrusts the sending IP or domain.</summary>
    SenderReputation,

    /// <summary>The sending IP or domain is on a named DNS blocklist.</summary>
    Blocklisted,

    /// <summary>SPF, DKIM, DMARC or reverse DNS checks failed.</summary>
    AuthenticationFailed,

    /// <summary>Spam content, a virus or a malformed message.</summary>
    ContentRejected,

    /// <summary>The recipient organisation's policy rejected the message, or relaying was denied.</summary>
    PolicyRejected,

    /// <summary>The recipient's mailbox is over quota.</summary>
    MailboxFull,

    /// <summary>The recipient's mailbox is busy or locked.</summary>
    MailboxBusy,

    /// <summary>The recipient's account is suspended, inactive or disabled.</summary>
    MailboxDisabled,

    /// <summary>The recipient address does not exist.</summary>
    UserUnknown,

    /// <summary>The recipient domain does not exist or accepts no mail.</summary>
    BadDomain,

    /// <summary>The receiving server is busy; a retry normally succeeds.</summary>
    ServerBusy,

    /// <summary>The receiving server reported an internal error.</summary>
    ReceiverError,

    /// <summary>The connection failed: timed out, refused, lost or a temporary DNS failure.</summary>
    NetworkError,

    /// <summary>The message exceeds the receiver's size limit.</summary>
    MessageTooLarge,

    /// <summary>The sending side is misconfigured: old TLS, too many recipients, syntax errors.</summary>
    SenderConfig,

    /// <summary>The message expired in the queue and no earlier deferral names a cause.</summary>
    Expired,

    /// <summary>Nothing matched; the raw reply is kept and shown.</summary>
    Unknown,
}
