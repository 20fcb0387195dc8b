using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using static BouncePortal.Domain.Tests.Email.BounceEmails;

namespace BouncePortal.Domain.Tests.Email;

/// <summary>
/// Bounces whose reply, recipient or stage sits where a plain reading misses it: damaged MIME
/// structure, forwarded reports, program deliveries and relay-specific wording.
/// </summary>
public sealed class ReplyRecoveryTests
{
    private static (DeliveryAttempt Attempt, BounceClassification Classification) ReadSingle(string message)
    {
        var attempt = Assert.Single(Read(message));
        return (attempt, ClassifiedAttempt.From(attempt).Classification);
    }

    [Fact]
    public void Multipart_BoundaryLineNotIndented_ReadsTheParts()
    {
        const string message = """
            From: postmaster@sms.example.com
            To: anna@example.net
            Subject: Re: Hello
            Date: Tue, 11 Jun 2024 09:20:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="OUTER"

            --OUTER
            Content-Type: multipart/alternative;
            boundary="INNER"

            --INNER
            Content-Type: text/plain; charset=us-ascii

            Error: Invalid user address

            Error message below:
            550 - Requested action not taken: no such user here

            Message details:
              RCPT TO: 5550100@sms.example.com

            --INNER--

            --OUTER--
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("5550100@sms.example.com", attempt.Recipient);
        Assert.Equal(550, classification.BasicCode);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
    }

    [Fact]
    public void MultipartReport_RewrittenBoundary_ReadsReport()
    {
        const string message = """
            From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
            To: anna@example.net
            Subject: Undelivered Mail Returned to Sender
            Date: Tue, 11 Jun 2024 09:14:05 +0000
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="Q1/mta.example.net"

            This is a MIME-encapsulated message.

            --Q1/mta1.example.net
            Content-Type: text/plain

            Your message could not be delivered.

            --Q1/mta1.example.net
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mta1.example.net

            Final-Recipient: rfc822; lead@example.fr
            Action: failed
            Status: 4.0.0
            Diagnostic-Code: smtp; 421 Service refused, please try later. OFR_999 [999]

            --Q1/mta1.example.net--
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("lead@example.fr", attempt.Recipient);
        Assert.Equal(421, classification.BasicCode);
        Assert.Equal(BounceCategory.SenderReputation, classification.Category);
    }

    [Fact]
    public void ForwardedBounce_ReadsTheAttachedReport()
    {
        const string message = """
            From: MAILER-DAEMON@gateway.example.net
            To: anna@example.net
            Subject: Returned mail: User unknown
            Date: Tue, 11 Jun 2024 09:20:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="FWD"

            --FWD
            Content-Type: text/plain

            ----- The following addresses had permanent delivery errors -----

            --FWD
            Content-Type: message/rfc822

            From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>
            To: anna@example.net
            Subject: Returned mail
            Date: Tue, 11 Jun 2024 09:19:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="DSN"

            --DSN
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; gone@example.org
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>... User unknown

            --DSN--

            --FWD--
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("gone@example.org", attempt.Recipient);
        Assert.Equal("5.1.1", classification.EnhancedCode);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
        Assert.True(classification.Suppress);
    }

    [Fact]
    public void PipeDelivery_IsReceiverError()
    {
        const string message = """
            From: Mail Delivery System <Mailer-Daemon@mx.example.net>
            To: anna@example.net
            Subject: Mail delivery failed: returning message to sender
            Date: Tue, 11 Jun 2024 09:20:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="E1"

            --E1
            Content-Type: text/plain

            A message that you sent could not be delivered to one or more of its
            recipients. This is a permanent error. The following address(es) failed:

              pipe to |/usr/local/bin/autoreply lead@example.org /home/lead/.reply
                generated by lead@example.org

            The following text was generated during the delivery attempt:

            ------ pipe to |/usr/local/bin/autoreply lead@example.org /home/lead/.reply
                   generated by lead@example.org ------

            Failed to read response template: No such file or directory

            --E1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Action: failed
            Final-Recipient: rfc822;|/usr/local/bin/autoreply lead@example.org /home/lead/.reply
            Status: 5.0.0

            --E1--
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Contains("pipe to |", attempt.Reply);
        Assert.Equal(BounceCategory.ReceiverError, classification.Category);
        Assert.False(classification.Suppress);
    }

    [Fact]
    public void ExitStatus_TakesTranscriptReply()
    {
        const string message = """
            From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>
            To: anna@example.net
            Subject: Warning: could not send message for past 4 hours
            Date: Tue, 11 Jun 2024 09:20:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="S1"

            --S1

               ----- Transcript of session follows -----
            451 4.0.0 Operating system error
            Warning: message still undelivered after 4 hours

            --S1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: RFC822; lead@example.org
            Action: delayed
            Status: 4.5.0
            Diagnostic-Code: X-Unix; 71

            --S1--
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("451 4.0.0 Operating system error", attempt.Reply);
        Assert.Equal(451, classification.BasicCode);
        Assert.Equal("4.5.0", classification.EnhancedCode);
    }

    [Fact]
    public void SendmailReason_TakesTranscriptLine()
    {
        const string message = """
            From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>
            To: anna@example.net
            Subject: Returned mail: see transcript for details
            Date: Tue, 11 Jun 2024 09:20:00 +0000

               ----- The following addresses had permanent fatal errors -----
            <lead@example.org>
                (reason: Insufficient permission)

               ----- Transcript of session follows -----
            maildrop: maildir over quota.
            550 5.0.0 <lead@example.org>... Insufficient permission
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("550 5.0.0 <lead@example.org>... Insufficient permission", attempt.Reply);
        Assert.Equal(550, classification.BasicCode);
    }

    [Fact]
    public void SendmailGreetingRefusal_IsGreetingStageAndReputation()
    {
        const string message = """
            From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>
            To: anna@example.net
            Subject: Returned mail: see transcript for details
            Date: Tue, 11 Jun 2024 09:20:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="S2"

            --S2

               ----- The following addresses had permanent fatal errors -----
            <lead@example.org>
                (reason: 554 mx1.example.org ESMTP not accepting connections)

               ----- Transcript of session follows -----
            ... while talking to mx1.example.org.:
            <<< 554 mx1.example.org ESMTP not accepting connections
            >>> QUIT
            <<< 421 4.7.0 mx1.example.org Error: too many errors

            --S2
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: RFC822; lead@example.org
            Action: failed
            Status: 5.5.0
            Diagnostic-Code: SMTP; 554 mx1.example.org ESMTP not accepting connections

            --S2--
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal(SmtpStage.Greeting, attempt.Stage);
        Assert.Equal(554, classification.BasicCode);
        Assert.Equal(BounceCategory.SenderReputation, classification.Category);
    }

    [Fact]
    public void MFilter_SmtpCommandHeading_GivesDataStage()
    {
        const string message = """
            From: m-FILTER <postmaster@gw.example.jp>
            To: anna@example.net
            Subject: failure notice
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            The following address could not be delivered.
            lead@example.org


            -------server message
            550 lead@example.org... No such user

            -------SMTP command
            DATA

            -------original mail info
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal(SmtpStage.Data, attempt.Stage);
        Assert.Equal(BounceCategory.PolicyRejected, classification.Category);
        Assert.False(classification.Suppress);
    }

    [Fact]
    public void BracketedReply_GivesReplyAndStage()
    {
        const string message = """
            From: postmaster@relay.example.net
            To: anna@example.net
            Subject: Delivery failure
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            We had trouble delivering your message. Full details follow:

            1 error(s):

            SMTP Server <mx.example.org> rejected recipient <lead@example.org> (Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]

            The attachment contains the original mail headers.
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("550 5.1.1 User unknown", attempt.Reply);
        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
    }

    [Fact]
    public void FollowingErrorMessage_BracketedReply_GivesReply()
    {
        const string message = """
            From: postmaster@relay.example.net
            To: anna@example.net
            Subject: Delivery failure
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            The following recipients returned permanent errors: lead@example.org. Reason: SMTP Server <192.0.2.7> refused to accept your message (DATA), with the following error message: [554 5.4.6 Hop count exceeded - possible mail loop]

            The attachment contains the original mail headers.
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("554 5.4.6 Hop count exceeded - possible mail loop", attempt.Reply);
        Assert.Equal(BounceCategory.NetworkError, classification.Category);
    }

    [Fact]
    public void BracketedReasonOnRecipientLine_IsTheReply()
    {
        const string message = """
            From: "Mail Deliver System" <MAILER-DAEMON@mx.example.net>
            To: anna@example.net
            Subject: Returned Mail: User unknown
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            ---The following addresses had delivery errors---

            lead@example.org [User unknown]

            Nyaan
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("User unknown", attempt.Reply);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
    }

    [Fact]
    public void PostfixBareCode_JoinsNextLine()
    {
        const string message = """
            From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
            To: anna@example.net
            Subject: Undelivered Mail Returned to Sender
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            This is the Postfix program at host mta1.example.net.

            <lead@example.org>: host
                mx.example.org[192.0.2.22] said: 550
                <lead@example.org>: User unknown
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("550 <lead@example.org>: User unknown", attempt.Reply);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
    }

    [Fact]
    public void PostfixReason_FoldedOntoNextLine_IsJoined()
    {
        const string message = """
            From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
            To: anna@example.net
            Subject: Undelivered Mail Returned to Sender
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            This is the Postfix program at host mta1.example.net.

            <lead@example.org>: Name service error for domain example.org: Host not
                found, try again
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("Name service error for domain example.org: Host not found, try again", attempt.Reply);
        Assert.Equal(BounceCategory.NetworkError, classification.Category);
        Assert.False(classification.Suppress);
    }

    [Fact]
    public void Qmail_TrailingCodeLine_IsJoined()
    {
        const string message = """
            From: MAILER-DAEMON@mail.example.net
            To: anna@example.net
            Subject: failure notice
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            Hi. This is the qmail-send program at mail.example.net.
            I'm afraid I wasn't able to deliver your message to the following addresses.

            <lead@example.org>:
            Sorry, no SMTP connection got far enough; most progress was RCPT TO response; remote host 192.0.2.32 said: 550 Unknown user lead@example.org
            . (#5.5.0)

            --- Below this line is a copy of the message.
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
        Assert.Equal(550, classification.BasicCode);
        Assert.Equal("5.5.0", classification.EnhancedCode);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
    }

    [Theory]
    [InlineData("recipient", SmtpStage.RcptTo)]
    [InlineData("sender", SmtpStage.MailFrom)]
    public void Qmail_DoesNotLike_NamesStage(string party, SmtpStage expected)
    {
        var message = $"""
            From: MAILER-DAEMON@mail.example.net
            To: anna@example.net
            Subject: failure notice
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            Hi. This is the qmail-send program at mail.example.net.
            I'm afraid I wasn't able to deliver your message to the following addresses.

            <lead@example.org>:
            192.0.2.153 does not like {party}.
            Remote host said: 550 5.2.1 <lead@example.org>... User Unknown
            Giving up on 192.0.2.153.

            --- Below this line is a copy of the message.
            """;

        var (attempt, _) = ReadSingle(message);

        Assert.Equal(expected, attempt.Stage);
        Assert.Equal("550 5.2.1 <lead@example.org>... User Unknown", attempt.Reply);
    }

    [Fact]
    public void DeliveryStatus_RcptToTag_NamesStage()
    {
        const string message = """
            From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
            To: anna@example.net
            Subject: Undelivered Mail Returned to Sender
            Date: Tue, 11 Jun 2024 09:14:05 +0000
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="R1"

            --R1
            Content-Type: text/plain

            Your message could not be delivered.

            --R1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mta1.example.net

            Final-Recipient: rfc822; lead@example.org
            Action: failed
            Status: 5.2.1
            Diagnostic-Code: smtp; 550 5.2.1 <lead@example.org>... User Unknown [RCPT_TO]

            --R1--
            """;

        var (attempt, _) = ReadSingle(message);

        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
    }

    [Fact]
    public void Qmail_ReasonBeforeTrailingCode_IsKept()
    {
        const string message = """
            From: MAILER-DAEMON@mail.example.net
            To: anna@example.net
            Subject: failure notice
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            Hi. This is the qmail-send program at mail.example.net.

            <lead@example.org>:
            Unable to contact LDAP server. (#4.4.3)I'm not going to try again; this
            message has been in the queue too long.

            --- Below this line is a copy of the message.
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.StartsWith("4.4.3 Unable to contact LDAP server.", attempt.Reply);
        Assert.Equal(BounceCategory.ReceiverError, classification.Category);
    }

    [Theory]
    [InlineData("Original mail as follows:")]
    [InlineData("------- Returned Message --------")]
    public void OriginalMessageMarker_EndsTheBounceText(string marker)
    {
        var message = $"""
            From: list-admin@lists.example.org
            To: anna@example.net
            Subject: Returned mail
            Date: Tue, 11 Jun 2024 09:20:00 +0000

            Duplicated Message-ID in <list@lists.example.org>.

            {marker}

               From: <other@example.com>
               To: <someone@example.net>
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("list@lists.example.org", attempt.Recipient);
        Assert.Equal(BounceCategory.ReceiverError, classification.Category);
    }
}
