namespace BouncePortal.Domain.Tests.Parsing;

/// <summary>Synthetic Postfix log lines (reserved example names and documentation IP ranges).</summary>
internal static class PostfixSamples
{
    public const string SenderLine =
        "Mar  4 09:12:41 mta1 postfix/qmgr[2210]: 7C1A94C0D2: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)";

    public const string Sent =
        "Mar  4 09:12:43 mta1 postfix/smtp[30117]: 7C1A94C0D2: to=<j.doe@example.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1.9, delays=0.05/0.01/0.61/1.2, dsn=2.0.0, status=sent (250 2.0.0 OK  1709543563 a1b2c3d4e5f6si0000001wmq.42 - gsmtp)";

    public const string GmailUserUnknownReply =
        "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser q9zz0000000si0000001wmq.7 - gsmtp";

    public const string GmailUserUnknown =
        "Mar  4 09:14:02 mta1 postfix/smtp[30121]: 9D2B55C1E0: to=<sales@example.com>, relay=aspmx.l.google.com[192.0.2.26]:25, delay=0.8, delays=0.02/0/0.3/0.48, dsn=5.1.1, status=bounced (host aspmx.l.google.com[192.0.2.26] said: "
        + GmailUserUnknownReply + " (in reply to RCPT TO command))";

    public const string GmailRateLimitReply =
        "421-4.7.28 [198.51.100.23      15] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421 4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError zz0000si0000002pln.3 - gsmtp";

    public const string GmailRateLimit =
        "2024-06-11T14:02:09.114520+00:00 mta2 postfix/smtp[4411]: A04F11C2B7: to=<ops@example.org>, relay=alt1.aspmx.l.google.com[192.0.2.30]:25, delay=420, delays=418/0.02/0.9/0.6, dsn=4.7.28, status=deferred (host alt1.aspmx.l.google.com[192.0.2.30] said: "
        + GmailRateLimitReply + " (in reply to end of DATA command))";

    public const string ConnectTimedOut =
        "Jun 11 14:05:30 mta2 postfix/smtp[4420]: B7E29D0A11: to=<info@example.net>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)";

    public const string LostConnection =
        "Jun 11 14:06:12 mta2 postfix/smtp[4425]: C3F0A8B912: to=<hr@example.net>, relay=mx2.example.net[192.0.2.45]:25, delay=12, delays=0.1/0/12/0, dsn=4.4.2, status=deferred (lost connection with mx2.example.net[192.0.2.45] while receiving the initial server greeting)";

    public const string RefusedIntermediate =
        "Jun 11 14:07:44 mta2 postfix/smtp[4431]: D81C3E7F20: host mx0a.example.org[192.0.2.60] refused to talk to me: 554 Blocked - see https://ipcheck.proofpoint.com/?ip=198.51.100.23";

    public const string Refused =
        "Jun 11 14:07:44 mta2 postfix/smtp[4431]: D81C3E7F20: to=<cfo@example.org>, relay=mx0b.example.org[192.0.2.61]:25, delay=3, delays=0.2/0/2.8/0, dsn=4.0.0, status=deferred (host mx0b.example.org[192.0.2.61] refused to talk to me: 554 Blocked - see https://ipcheck.proofpoint.com/?ip=198.51.100.23)";

    public const string HostNotFound =
        "Jun 11 14:09:01 mta2 postfix/smtp[4440]: E4A2B1C3D4: to=<bob@nosuchdomain-example.com>, relay=none, delay=0.4, delays=0.3/0/0.1/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=nosuchdomain-example.com type=AAAA: Host not found)";

    public const string Expired =
        "Jun 16 14:09:02 mta2 postfix/qmgr[980]: B7E29D0A11: from=<anna@outreach-example.com>, status=expired, returned to sender";

    public const string NonDeliveryNotification =
        "Jun 16 14:09:02 mta2 postfix/bounce[5120]: B7E29D0A11: sender non-delivery notification: F00D1E2C3B";

    /// <summary>Every sample above, in log order.</summary>
    public static readonly string[] All =
    [
        SenderLine,
        Sent,
        GmailUserUnknown,
        GmailRateLimit,
        ConnectTimedOut,
        LostConnection,
        RefusedIntermediate,
        Refused,
        HostNotFound,
        Expired,
        NonDeliveryNotification,
    ];

    /// <summary>An upload time after every sample, in the same year.</summary>
    public static readonly DateTimeOffset UploadedAt = new(2024, 6, 20, 8, 0, 0, TimeSpan.Zero);
}
