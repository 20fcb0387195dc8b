namespace BouncePortal.Cli.Samples;

/// <summary>The delivery history of one synthetic message.</summary>
internal enum SampleScenario
{
    /// <summary>Accepted on the first attempt.</summary>
    Delivered,

    /// <summary>451 4.7.1 greylisting, then delivered about 15 minutes later.</summary>
    Greylisted,

    /// <summary>Gmail's multi-line 421-4.7.28 rate limit, then delivered on a later retry.</summary>
    GmailRateLimited,

    /// <summary>Gmail's multi-line 550-5.1.1: the address does not exist.</summary>
    GmailUserUnknown,

    /// <summary>Microsoft's 451 4.7.500 reputation deferral, then delivered or expired.</summary>
    MicrosoftReputation,

    /// <summary>452 4.2.2 mailbox full, then delivered or expired.</summary>
    MailboxFull,

    /// <summary>Connection timeouts until the queue lifetime ends and qmgr expires the message.</summary>
    ConnectTimeoutExpired,

    /// <summary>The recipient domain does not exist (dsn 5.4.4).</summary>
    HostNotFound,

    /// <summary>The connection is lost once, then the retry is delivered.</summary>
    LostConnection,

    /// <summary>Gmail's 550 5.7.26: the message failed DMARC, SPF and DKIM.</summary>
    DmarcRejected,
}
