using System.IO.Compression;
using System.Text;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Email;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Tests.Email;

/// <summary>Synthetic bounce emails and helpers that read them, zip them and wrap them in mbox files.</summary>
internal static class BounceEmails
{
    public static readonly DateTimeOffset UploadedAt = new(2024, 6, 12, 8, 0, 0, TimeSpan.Zero);

    public const string Rfc3464Failed = """
        From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
        To: anna@example.net
        Subject: Undelivered Mail Returned to Sender
        Date: Tue, 11 Jun 2024 09:14:05 +0000
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

        --B1
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered.

        --B1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mta1.example.net
        X-Postfix-Queue-ID: 9D2B55C1E0
        X-Postfix-Sender: rfc822; anna@example.net
        Arrival-Date: Tue, 11 Jun 2024 09:14:01 +0000 (UTC)

        Final-Recipient: rfc822; sales@example.com
        Original-Recipient: rfc822;sales@example.com
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; aspmx.l.google.com
        Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does
            not exist. Please try 550-5.1.1 double-checking the recipient's email
            address for typos. - gsmtp

        Final-Recipient: rfc822; ops@example.org
        Action: failed
        Status: 5.2.2
        Remote-MTA: dns; mx.example.org
        Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

        --B1
        Content-Type: text/rfc822-headers

        From: Anna <anna@example.net>
        To: sales@example.com
        Subject: Quick question
        Message-ID: <original-1@example.net>

        --B1--
        """;

    public const string Rfc3464Delayed = """
        From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
        To: anna@example.net
        Subject: Delayed Mail (still being retried)
        Date: Tue, 11 Jun 2024 13:14:05 +0000
        Content-Type: multipart/report; report-type=delivery-status; boundary="B2"

        --B2
        Content-Type: text/plain

        This is the mail system at host mta1.example.net. Your message is delayed.

        --B2
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mta1.example.net

        Final-Recipient: rfc822; ops@example.org
        Action: delayed
        Status: 4.7.0
        Diagnostic-Code: smtp; 421 4.7.0 [TSS04] Messages from 192.0.2.23 temporarily
            deferred due to unexpected volume or user complaints
        Last-Attempt-Date: Tue, 11 Jun 2024 13:10:00 +0000
        Will-Retry-Until: Sun, 16 Jun 2024 09:14:01 +0000

        --B2--
        """;

    public const string Qmail = """
        From: MAILER-DAEMON@mail.example.net
        To: anna@example.net
        Subject: failure notice
        Date: Tue, 11 Jun 2024 09:20:00 +0000

        Hi. This is the qmail-send program at mail.example.net.
        I'm afraid I wasn't able to deliver your message to the following addresses.
        This is a permanent error; I've given up. Sorry it didn't work out.

        <nobody@example.com>:
        192.0.2.10 does not like recipient.
        Remote host said: 550 5.1.1 <nobody@example.com>... User unknown
        Giving up on 192.0.2.10.

        --- Below this line is a copy of the message.

        Return-Path: <anna@example.net>
        From: anna@example.net
        To: nobody@example.com
        Subject: Hello
        """;

    public const string Exim = """
        From: Mail Delivery System <Mailer-Daemon@mx.example.net>
        To: anna@example.net
        Subject: Mail delivery failed: returning message to sender
        X-Failed-Recipients: full@example.org
        Date: Tue, 11 Jun 2024 09:21:00 +0000

        This message was created automatically by mail delivery software.

        A message that you sent could not be delivered to one or more of its
        recipients. This is a permanent error. The following address(es) failed:

          full@example.org
            SMTP error from remote mail server after RCPT TO:<full@example.org>:
            host mx.example.org [192.0.2.20]: 552 5.2.2 <full@example.org>... Mailbox full

        ------ This is a copy of the message, including all the headers. ------

        Return-path: <anna@example.net>
        From: anna@example.net
        """;

    public const string Sendmail = """
        From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.net>
        To: anna@example.net
        Subject: Returned mail: see transcript for details
        Date: Tue, 11 Jun 2024 09:22:00 +0000

        The original message was received at Tue, 11 Jun 2024 09:21:58 +0000

           ----- The following addresses had permanent fatal errors -----
        <gone@example.com>
            (reason: 550 5.1.1 <gone@example.com>... User unknown)

           ----- Transcript of session follows -----
        ... while talking to mx.example.com.:
        >>> RCPT To:<gone@example.com>
        <<< 550 5.1.1 <gone@example.com>... User unknown
        550 5.1.1 <gone@example.com>... User unknown

           ----- Original message follows -----
        From: anna@example.net
        """;

    public const string SendmailDataRefused = """
        From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.net>
        To: anna@example.net
        Subject: Returned mail: see transcript for details
        Date: Tue, 11 Jun 2024 09:22:30 +0000

           ----- The following addresses had permanent fatal errors -----
        <gone@example.com>
            (reason: 550 5.1.1 Requested action not taken: mailbox unavailable)

           ----- Transcript of session follows -----
        ... while talking to mx.example.com.:
        >>> RCPT To:<gone@example.com>
        <<< 550 5.1.1 Requested action not taken: mailbox unavailable
        550 5.1.1 <gone@example.com>... User unknown
        >>> DATA
        <<< 503 5.5.1 need RCPT before DATA

           ----- Original message follows -----
        From: anna@example.net
        """;

    public const string ExchangeLegacy = """
        From: postmaster@corp.example.com
        To: anna@example.net
        Subject: Undeliverable: Quick question
        Date: Tue, 11 Jun 2024 09:23:00 +0000

        Delivery has failed to these recipients or groups:

        former@corp.example.com
        The email address you entered couldn't be found.

        Diagnostic information for administrators:

        Generating server: mail.corp.example.com

        former@corp.example.com
        Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

        Original message headers:

        Received: from mta1.example.net (192.0.2.5) by mail.corp.example.com
        Message-ID: <original-2@example.net>
        """;

    public const string ExchangeOnline = """
        From: Microsoft Outlook <postmaster@tenant.example.com>
        To: anna@example.net
        Subject: Undeliverable: Quick question
        Date: Tue, 11 Jun 2024 09:24:00 +0000

        Your message to blocked@tenant.example.com couldn't be delivered.

        Your organization does not allow external forwarding.

        Diagnostic information for administrators:

        Generating server: BN8PR00MB0000.namprd00.prod.outlook.com

        Reported error: 550 5.7.520 Access denied, Your organization does not allow external forwarding. AS(7555)

        DSN generated by: BN8PR00MB0000.namprd00.prod.outlook.com
        """;

    public const string Gmail = """
        From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
        To: anna@example.net
        Subject: Delivery Status Notification (Failure)
        X-Failed-Recipients: nobody@example.org
        Date: Tue, 11 Jun 2024 09:25:00 +0000

        Delivery to the following recipient failed permanently:

             nobody@example.org

        Technical details of permanent failure:
        Google tried to deliver your message, but it was rejected by the server for the recipient domain example.org by mx.example.org. [192.0.2.30].

        The error that the other server returned was:
        550 5.1.1 <nobody@example.org>... User unknown

        ----- Original message -----

        From: anna@example.net
        """;

    public const string Yahoo = """
        From: MAILER-DAEMON@mail.example.net
        To: anna@example.net
        Subject: Failure Notice
        Date: Tue, 11 Jun 2024 09:26:00 +0000

        Sorry, we were unable to deliver your message to the following address.

        <full@example.com>:
        Remote host said: 552 5.2.2 <full@example.com>... Mailbox full [RCPT_TO]

        --- Below this line is a copy of the message.

        Received: from [192.0.2.3] by mail.example.net
        From: anna@example.net
        """;

    public const string Relay = """
        From: MAILER-DAEMON@relay.example.net
        To: anna@example.net
        Subject: Delivery failure
        Date: Tue, 11 Jun 2024 09:27:00 +0000

        We could not deliver the attached mail for the following recipients.

        busy@example.org at remote mailserver mx.example.org (192.0.2.40): MessagingException: 421 4.3.2 too many connections, please try again later (5.0.0)
        """;

    public const string Barracuda = """
        From: MAILER-DAEMON@gateway.example.net
        To: anna@example.net
        Subject: Undelivered Mail
        Date: Tue, 11 Jun 2024 09:28:00 +0000

        Your message could not be delivered to the following recipient:

        listed@example.com
        (host 'mx.example.com' rejected command 'DATA' with code 550 (0.0.0) 'Service unavailable; Client host [192.0.2.50] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.50')
        """;

    /// <summary>Reads <paramref name="content"/> as the file <paramref name="name"/> with default limits.</summary>
    public static List<DeliveryAttempt> Read(string content, string name = "bounce.eml") =>
        Read(Encoding.UTF8.GetBytes(content), name);

    public static List<DeliveryAttempt> Read(byte[] content, string name = "bounce.eml", BounceSourceOptions? options = null)
    {
        var reader = new BounceEmailReader(name, options ?? new BounceSourceOptions { UploadedAt = UploadedAt });
        using var stream = new MemoryStream(content);
        return reader.Read(stream).ToList();
    }

    /// <summary>Joins messages into an mbox file, each after a <c>From </c> separator line.</summary>
    public static string Mbox(params string[] messages) =>
        string.Concat(messages.Select(message => $"From MAILER-DAEMON Tue Jun 11 09:14:05 2024\n{message.Replace("\r\n", "\n")}\n\n"));

    /// <summary>Builds a zip archive in memory with the entries in the given order.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(content);
            }
        }

        return output.ToArray();
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
