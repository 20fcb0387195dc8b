using System.Globalization;
using System.Text;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// Small Postfix logs whose right figures are known by hand.
/// </summary>
public static class SampleLogs
{
    /// <summary>
    /// Two mailboxes. anna: 4 pairs (1 delivered, 1 user unknown, 1 greylisted then delivered,
    /// 1 Gmail rate-limited then delivered): soft 2 of 4, hard 1 of 4. ben: 2 pairs (1 delivered,
    /// 1 connection timed out then expired): soft 1 of 2, hard 0.
    /// </summary>
    public const string TwoMailboxes = """
        2024-06-11T09:00:00+00:00 mta1 postfix/qmgr[2210]: 1A0000000A: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:00:02+00:00 mta1 postfix/smtp[30117]: 1A0000000A: to=<j.doe@example.com>, relay=mx.example.com[192.0.2.27]:25, delay=1.9, delays=0.05/0.01/0.61/1.2, dsn=2.0.0, status=sent (250 2.0.0 OK queued)
        2024-06-11T09:00:03+00:00 mta1 postfix/qmgr[2210]: 1A0000000A: removed
        2024-06-11T09:01:00+00:00 mta1 postfix/qmgr[2210]: 1A0000000B: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:01:02+00:00 mta1 postfix/smtp[30121]: 1A0000000B: to=<sales@example.com>, relay=aspmx.l.google.com[192.0.2.26]:25, delay=0.8, delays=0.02/0/0.3/0.48, dsn=5.1.1, status=bounced (host aspmx.l.google.com[192.0.2.26] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser q9zz0000000si0000001wmq.7 - gsmtp (in reply to RCPT TO command))
        2024-06-11T09:01:03+00:00 mta1 postfix/qmgr[2210]: 1A0000000B: removed
        2024-06-11T09:02:00+00:00 mta1 postfix/qmgr[2210]: 1A0000000C: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:02:02+00:00 mta1 postfix/smtp[30122]: 1A0000000C: to=<cfo@example.org>, relay=mx1.example.org[192.0.2.70]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=4.7.1, status=deferred (host mx1.example.org[192.0.2.70] said: 451 4.7.1 <cfo@example.org>: Recipient address rejected: Greylisted for 5 minutes (in reply to RCPT TO command))
        2024-06-11T09:17:02+00:00 mta1 postfix/smtp[30130]: 1A0000000C: to=<cfo@example.org>, relay=mx1.example.org[192.0.2.70]:25, delay=900, delays=899/0/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4F00)
        2024-06-11T09:17:03+00:00 mta1 postfix/qmgr[2210]: 1A0000000C: removed
        2024-06-11T09:03:00+00:00 mta1 postfix/qmgr[2210]: 1A0000000D: from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:03:02+00:00 mta1 postfix/smtp[30123]: 1A0000000D: to=<ops@gmail.com>, relay=alt1.gmail-smtp-in.l.google.com[192.0.2.30]:25, delay=2, delays=0.1/0/0.9/0.6, dsn=4.7.28, status=deferred (host alt1.gmail-smtp-in.l.google.com[192.0.2.30] said: 421-4.7.28 [198.51.100.23      15] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421 4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError zz0000si0000002pln.3 - gsmtp (in reply to end of DATA command))
        2024-06-11T10:03:02+00:00 mta1 postfix/smtp[30140]: 1A0000000D: to=<ops@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=3600, delays=3599/0/0.6/0.4, dsn=2.0.0, status=sent (250 2.0.0 OK  1718097247 zz00si01 - gsmtp)
        2024-06-11T10:03:03+00:00 mta1 postfix/qmgr[2210]: 1A0000000D: removed
        2024-06-11T09:04:00+00:00 mta1 postfix/qmgr[2210]: 2B0000000A: from=<ben@outreach-example.net>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:04:02+00:00 mta1 postfix/smtp[30124]: 2B0000000A: to=<lead@example.net>, relay=mx.example.net[192.0.2.44]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)
        2024-06-11T09:04:03+00:00 mta1 postfix/qmgr[2210]: 2B0000000A: removed
        2024-06-11T09:05:00+00:00 mta1 postfix/qmgr[2210]: 2B0000000B: from=<ben@outreach-example.net>, size=4812, nrcpt=1 (queue active)
        2024-06-11T09:05:30+00:00 mta1 postfix/smtp[4420]: 2B0000000B: to=<info@example.net>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)
        2024-06-16T09:05:30+00:00 mta1 postfix/qmgr[980]: 2B0000000B: from=<ben@outreach-example.net>, status=expired, returned to sender
        2024-06-16T09:05:31+00:00 mta1 postfix/qmgr[980]: 2B0000000B: removed

        """;

    /// <summary>A file that is plainly not a bounce source of any format.</summary>
    public const string NotAMailLog = """
        Quarterly outreach review
        Meeting notes: pipeline grew in June, reply rates held steady.
        Next steps: warm up two new domains.

        """;

    /// <summary>When message <paramref name="message"/> of <see cref="Delivered"/> was delivered: one a minute from 09:00:02 on 11 June 2024.</summary>
    public static DateTime DeliveredAt(int message) => new DateTime(2024, 6, 11, 9, 0, 2, DateTimeKind.Utc).AddMinutes(message);

    /// <summary>The recipient of message <paramref name="message"/> of <see cref="Delivered"/>.</summary>
    public static string DeliveredRecipient(int message) => $"lead{message}@example.com";

    /// <summary>A Postfix log of messages <paramref name="from"/> to <paramref name="to"/> (exclusive), one a minute, each delivered.</summary>
    public static string Delivered(int from, int to, string queuePrefix = "1A")
    {
        var log = new StringBuilder();
        for (var message = from; message < to; message++)
        {
            var queueId = queuePrefix + message.ToString("X8", CultureInfo.InvariantCulture);
            var sent = DeliveredAt(message);
            log.Append(Stamp(sent.AddSeconds(-2))).Append(" mta1 postfix/qmgr[2210]: ").Append(queueId)
                .Append(": from=<anna@outreach-example.com>, size=4812, nrcpt=1 (queue active)\n");
            log.Append(Stamp(sent)).Append(" mta1 postfix/smtp[30117]: ").Append(queueId).Append(": to=<").Append(DeliveredRecipient(message))
                .Append(">, relay=mx.example.com[192.0.2.27]:25, delay=1.9, delays=0.05/0.01/0.61/1.2, dsn=2.0.0, status=sent (250 2.0.0 OK queued)\n");
            log.Append(Stamp(sent.AddSeconds(1))).Append(" mta1 postfix/qmgr[2210]: ").Append(queueId).Append(": removed\n");
        }

        return log.ToString();
    }

    private static string Stamp(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
