namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// The smallest bounce sources: one bounced Postfix delivery line and one RFC 3464 bounce email.
/// </summary>
public static class SampleBounces
{
    /// <summary>A Postfix smtp line of a 550 5.1.1 bounce to sales@example.com, without its qmgr sender line.</summary>
    public const string PostfixBouncedLine = "2024-06-11T14:00:02+00:00 mta1 postfix/smtp[30121]: 9D2B55C1E0: to=<sales@example.com>, relay=mx.example.com[192.0.2.26]:25, delay=0.8, delays=0.02/0/0.3/0.48, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.26] said: 550 5.1.1 User unknown (in reply to RCPT TO command))";

    /// <summary>A delivery status notification that sales@example.com failed with 5.1.1.</summary>
    public const string BounceEmail = """
        From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
        To: anna@example.net
        Subject: Undelivered Mail Returned to Sender
        Date: Tue, 11 Jun 2024 09:14:05 +0000
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

        --B1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mta1.example.net

        Final-Recipient: rfc822; sales@example.com
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.

        --B1--

        """;

    /// <summary>Returns an mbox file of <paramref name="count"/> copies of <see cref="BounceEmail"/>.</summary>
    public static string Mbox(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"From MAILER-DAEMON Tue Jun 11 09:1{i}:05 2024\n{BounceEmail}\n"));
}
