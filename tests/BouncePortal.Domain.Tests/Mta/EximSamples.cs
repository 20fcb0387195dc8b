namespace BouncePortal.Domain.Tests.Mta;

/// <summary>Synthetic Exim mainlog lines (reserved example names and documentation IP ranges).</summary>
internal static class EximSamples
{
    public const string Arrival =
        "2024-06-11 09:14:05 1sGxYz-000Ab1-Q2 <= anna@outreach-example.com H=(laptop) [203.0.113.9] P=esmtpsa A=dovecot_login:anna@outreach-example.com S=5120 id=cafe01@outreach-example.com T=\"Quick question\"";

    public const string Delivered =
        "2024-06-11 09:14:07 1sGxYz-000Ab1-Q2 => j.doe@example.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [192.0.2.27] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C=\"250 2.0.0 OK  1718097247 zz00si01 - gsmtp\"";

    public const string GmailUserUnknownReply =
        "550-5.1.1 The email account that you tried to reach does not exist. Please try\\n550-5.1.1 double-checking the recipient's email address for typos or\\n550-5.1.1 unnecessary spaces. For more information, go to\\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser zz00si02 - gsmtp";

    public const string Failed =
        "2024-06-11 09:15:30 1sGxZa-000Ab4-7K ** sales@example.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [192.0.2.27] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<sales@example.com>: "
        + GmailUserUnknownReply;

    public const string Greylisted =
        "2024-06-11 09:16:02 1sGxZb-000Ab9-2M == cfo@example.org R=dnslookup T=remote_smtp defer (-44) H=mx1.example.org [192.0.2.70]: SMTP error from remote mail server after RCPT TO:<cfo@example.org>: 451 4.7.1 <cfo@example.org>: Recipient address rejected: Greylisted for 5 minutes";

    public const string TimedOut =
        "2024-06-11 09:17:45 1sGxZc-000AbB-9P == info@example.net R=dnslookup T=remote_smtp defer (110): Connection timed out";

    public const string RetryTimeout =
        "2024-06-15 09:17:50 1sGxZc-000AbB-9P ** info@example.net R=dnslookup T=remote_smtp: retry timeout exceeded";

    /// <summary>The lines above, in the order a mainlog would hold them.</summary>
    public static readonly string[] All = [Arrival, Delivered, Failed, Greylisted, TimedOut, RetryTimeout];
}
