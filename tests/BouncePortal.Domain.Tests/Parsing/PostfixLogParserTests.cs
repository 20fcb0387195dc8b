using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Tests.Parsing;

public sealed class PostfixLogParserTests
{
    private const string File = "mail.log";

    private static (List<DeliveryAttempt> Attempts, ParseReport Report) Parse(string log, DateTimeOffset? uploadedAt = null)
    {
        var parser = new PostfixLogParser(File, uploadedAt ?? PostfixSamples.UploadedAt);
        var attempts = parser.Parse(new StringReader(log)).ToList();
        return (attempts, parser.Report);
    }

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    private static DeliveryAttempt Single(params string[] lines)
    {
        var (attempts, _) = Parse(Lines(lines));
        return Assert.Single(attempts);
    }

    private static string Smtp(string queueId, string fields, string time = "Jun 11 14:05:30") =>
        $"{time} mta2 postfix/smtp[4420]: {queueId}: {fields}";

    [Fact]
    public void Sent_JoinsSenderAndReadsRelay()
    {
        var attempt = Single(PostfixSamples.SenderLine, PostfixSamples.Sent);

        Assert.Equal(File, attempt.Source);
        Assert.Equal(2, attempt.Line);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 9, 12, 43, TimeSpan.Zero), attempt.Timestamp);
        Assert.Equal("7C1A94C0D2", attempt.QueueId);
        Assert.Equal("anna@outreach-example.com", attempt.Sender);
        Assert.Equal("j.doe@example.com", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("250 2.0.0 OK  1709543563 a1b2c3d4e5f6si0000001wmq.42 - gsmtp", attempt.Reply);
        Assert.Equal("2.0.0", attempt.LogEnhancedCode);
        Assert.Equal("gmail-smtp-in.l.google.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.27", attempt.RemoteIp);
        Assert.Equal(SmtpStage.Data, attempt.Stage);
    }

    [Fact]
    public void GmailUserUnknown_KeepsMultiLineReplyWhole()
    {
        var attempt = Single(PostfixSamples.GmailUserUnknown);

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal(PostfixSamples.GmailUserUnknownReply, attempt.Reply);
        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
        Assert.Equal("5.1.1", attempt.LogEnhancedCode);
        Assert.Equal("aspmx.l.google.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.26", attempt.RemoteIp);
        Assert.Null(attempt.Sender);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 9, 14, 2, TimeSpan.Zero), attempt.Timestamp);
    }

    [Fact]
    public void GmailRateLimit_ReadsRfc3339AndDataStage()
    {
        var attempt = Single(PostfixSamples.GmailRateLimit);

        var expectedTime = new DateTimeOffset(2024, 6, 11, 14, 2, 9, TimeSpan.Zero).AddTicks(1_145_200);
        Assert.Equal(expectedTime, attempt.Timestamp);
        Assert.Equal(TimeSpan.Zero, attempt.Timestamp.Offset);
        Assert.Equal("A04F11C2B7", attempt.QueueId);
        Assert.Equal("ops@example.org", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal(PostfixSamples.GmailRateLimitReply, attempt.Reply);
        Assert.Equal(SmtpStage.Data, attempt.Stage);
        Assert.Equal("4.7.28", attempt.LogEnhancedCode);
        Assert.Equal("alt1.aspmx.l.google.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.30", attempt.RemoteIp);
    }

    [Fact]
    public void ConnectTimedOut_TakesHostFromText()
    {
        var attempt = Single(PostfixSamples.ConnectTimedOut);

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal("Connection timed out", attempt.Reply);
        Assert.Equal(SmtpStage.Connect, attempt.Stage);
        Assert.Equal("mx.example.net", attempt.RemoteHost);
        Assert.Equal("192.0.2.44", attempt.RemoteIp);
        Assert.Equal("4.4.1", attempt.LogEnhancedCode);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 14, 5, 30, TimeSpan.Zero), attempt.Timestamp);
    }

    [Fact]
    public void LostConnection_ReadsGreetingStage()
    {
        var attempt = Single(PostfixSamples.LostConnection);

        Assert.Equal("lost connection with mx2.example.net[192.0.2.45] while receiving the initial server greeting", attempt.Reply);
        Assert.Equal(SmtpStage.Greeting, attempt.Stage);
        Assert.Equal("mx2.example.net", attempt.RemoteHost);
        Assert.Equal("192.0.2.45", attempt.RemoteIp);
        Assert.Equal("4.4.2", attempt.LogEnhancedCode);
    }

    [Fact]
    public void RefusedToTalk_SkipsIntermediateLine()
    {
        var (attempts, report) = Parse(Lines(PostfixSamples.RefusedIntermediate, PostfixSamples.Refused));

        var attempt = Assert.Single(attempts);
        Assert.Equal(2, attempt.Line);
        Assert.Equal("554 Blocked - see https://ipcheck.proofpoint.com/?ip=198.51.100.23", attempt.Reply);
        Assert.Equal(SmtpStage.Greeting, attempt.Stage);
        Assert.Equal("mx0b.example.org", attempt.RemoteHost);
        Assert.Equal("192.0.2.61", attempt.RemoteIp);
        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal("4.0.0", attempt.LogEnhancedCode);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.IntermediateReply]);
    }

    [Fact]
    public void HostNotFound_KeepsTextWithoutHost()
    {
        var attempt = Single(PostfixSamples.HostNotFound);

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal(
            "Host or domain name not found. Name service error for name=nosuchdomain-example.com type=AAAA: Host not found",
            attempt.Reply);
        Assert.Equal("5.4.4", attempt.LogEnhancedCode);
        Assert.Null(attempt.RemoteHost);
        Assert.Null(attempt.RemoteIp);
        Assert.Equal(SmtpStage.Unknown, attempt.Stage);
        Assert.Equal("nosuchdomain-example.com", attempt.RecipientDomain);
    }

    [Fact]
    public void Expired_CarriesLastDeferral()
    {
        var (attempts, _) = Parse(Lines(PostfixSamples.ConnectTimedOut, PostfixSamples.Expired, PostfixSamples.NonDeliveryNotification));

        Assert.Equal(2, attempts.Count);
        var expired = attempts[1];
        Assert.Equal(DeliveryOutcome.Expired, expired.LogOutcome);
        Assert.Equal(2, expired.Line);
        Assert.Equal(new DateTimeOffset(2024, 6, 16, 14, 9, 2, TimeSpan.Zero), expired.Timestamp);
        Assert.Equal("B7E29D0A11", expired.QueueId);
        Assert.Equal("anna@outreach-example.com", expired.Sender);
        Assert.Equal("info@example.net", expired.Recipient);
        Assert.Equal("Connection timed out", expired.Reply);
        Assert.Equal("4.4.1", expired.LogEnhancedCode);
        Assert.Equal("mx.example.net", expired.RemoteHost);
        Assert.Equal("192.0.2.44", expired.RemoteIp);
        Assert.Equal(SmtpStage.Connect, expired.Stage);
    }

    [Fact]
    public void AllSamples_CountsAttemptsAndSkips()
    {
        var (attempts, report) = Parse(Lines(PostfixSamples.All));

        Assert.Equal(8, attempts.Count);
        Assert.Equal(11, report.LinesRead);
        Assert.Equal(8, report.AttemptsFound);
        Assert.Equal(3, report.LinesSkipped);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.SenderLine]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.IntermediateReply]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.NoDeliveryStatus]);
        Assert.Equal(
            [2L, 3, 4, 5, 6, 8, 9, 10],
            attempts.Select(a => a.Line));
        Assert.Equal(
            [DeliveryOutcome.Delivered, DeliveryOutcome.Bounced, DeliveryOutcome.Deferred, DeliveryOutcome.Deferred,
                DeliveryOutcome.Deferred, DeliveryOutcome.Deferred, DeliveryOutcome.Bounced, DeliveryOutcome.Expired],
            attempts.Select(a => a.LogOutcome));
    }

    [Fact]
    public void BytesRead_CountsLineEnds()
    {
        var log = Lines(PostfixSamples.All);

        var (_, report) = Parse(log);

        Assert.Equal(log.Length, report.BytesRead);
    }

    [Fact]
    public void Crlf_IsStrippedFromReply()
    {
        var log = string.Join("\r\n", PostfixSamples.SenderLine, PostfixSamples.Sent) + "\r\n";

        var (attempts, report) = Parse(log);

        var attempt = Assert.Single(attempts);
        Assert.Equal("250 2.0.0 OK  1709543563 a1b2c3d4e5f6si0000001wmq.42 - gsmtp", attempt.Reply);
        Assert.Equal(log.Length, report.BytesRead);
    }

    [Fact]
    public void SyslogYear_DecemberLogReadInJanuary()
    {
        var uploadedAt = new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.Zero);
        var log = Lines(
            Smtp("B7E29D0A11", "to=<a@example.net>, relay=none, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection refused)", "Dec 31 23:59:58"),
            Smtp("B7E29D0A12", "to=<b@example.net>, relay=none, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection refused)", "Jan  1 00:00:03"));

        var (attempts, _) = Parse(log, uploadedAt);

        Assert.Equal(new DateTimeOffset(2024, 12, 31, 23, 59, 58, TimeSpan.Zero), attempts[0].Timestamp);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 3, TimeSpan.Zero), attempts[1].Timestamp);
    }

    [Fact]
    public void SyslogYear_AllowsOneDayAhead()
    {
        var uploadedAt = new DateTimeOffset(2024, 6, 20, 8, 0, 0, TimeSpan.Zero);
        var fields = "to=<a@example.net>, relay=none, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: No route to host)";
        var log = Lines(
            Smtp("B7E29D0A11", fields, "Jun 21 07:59:00"),
            Smtp("B7E29D0A12", fields, "Jun 21 08:01:00"),
            Smtp("B7E29D0A13", fields, "Jul  1 10:00:00"));

        var (attempts, _) = Parse(log, uploadedAt);

        Assert.Equal(2024, attempts[0].Timestamp.Year);
        Assert.Equal(2023, attempts[1].Timestamp.Year);
        Assert.Equal(new DateTimeOffset(2023, 7, 1, 10, 0, 0, TimeSpan.Zero), attempts[2].Timestamp);
    }

    [Fact]
    public void SyslogYear_February29PicksLeapYear()
    {
        var uploadedAt = new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);
        var log = Lines(Smtp("B7E29D0A11", "to=<a@example.net>, relay=none, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection refused)", "Feb 29 10:00:00"));

        var (attempts, _) = Parse(log, uploadedAt);

        Assert.Equal(new DateTimeOffset(2024, 2, 29, 10, 0, 0, TimeSpan.Zero), Assert.Single(attempts).Timestamp);
    }

    [Fact]
    public void Rfc3339_KeepsOffset()
    {
        var line = "2024-04-25T22:25:16.352700+02:00 mta1 postfix/smtp[1]: 7C1A94C0D2: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 1A2B3C)";

        var attempt = Single(line);

        Assert.Equal(new DateTimeOffset(2024, 4, 25, 22, 25, 16, TimeSpan.FromHours(2)).AddTicks(3_527_000), attempt.Timestamp);
        Assert.Equal(TimeSpan.FromHours(2), attempt.Timestamp.Offset);
    }

    [Fact]
    public void Rfc3339_ReadsZuluAndCompactOffset()
    {
        var zulu = "2024-06-11T14:02:09Z mta1 postfix/smtp[1]: 7C1A94C0D2: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=2.0.0, status=sent (250 ok)";
        var compact = "2024-06-11T14:02:09-0500 mta1 postfix/smtp[1]: 7C1A94C0D3: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=2.0.0, status=sent (250 ok)";

        var (attempts, _) = Parse(Lines(zulu, compact));

        Assert.Equal(new DateTimeOffset(2024, 6, 11, 14, 2, 9, TimeSpan.Zero), attempts[0].Timestamp);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 14, 2, 9, TimeSpan.FromHours(-5)), attempts[1].Timestamp);
    }

    [Fact]
    public void DockerPrefix_IsAccepted()
    {
        var attempt = Single("postfix-1  | " + PostfixSamples.ConnectTimedOut);

        Assert.Equal("info@example.net", attempt.Recipient);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 14, 5, 30, TimeSpan.Zero), attempt.Timestamp);
    }

    [Fact]
    public void LongQueueId_JoinsSender()
    {
        var attempt = Single(
            "Jun 11 09:00:00 mta1 postfix/qmgr[7]: 4JfcC62DS0z1c1C: from=<ben@outreach-example.net>, size=900, nrcpt=1 (queue active)",
            "Jun 11 09:00:02 mta1 postfix/smtp[8]: 4JfcC62DS0z1c1C: to=<x@example.org>, relay=mx.example.org[192.0.2.9]:25, delay=2, delays=0/0/1/1, dsn=2.0.0, status=sent (250 2.0.0 Ok)");

        Assert.Equal("4JfcC62DS0z1c1C", attempt.QueueId);
        Assert.Equal("ben@outreach-example.net", attempt.Sender);
    }

    [Fact]
    public void QmgrRecipientCount_JoinsAttempt()
    {
        var attempt = Single(
            "Jun 11 09:00:00 mta1 postfix/qmgr[7]: 4JfcC62DS0z1c1C: from=<ben@outreach-example.net>, size=900, nrcpt=1 (queue active)",
            "Jun 11 09:00:02 mta1 postfix/smtp[8]: 4JfcC62DS0z1c1C: to=<x@example.org>, relay=mx.example.org[192.0.2.9]:25, delay=2, delays=0/0/1/1, dsn=5.0.0, status=bounced (host mx.example.org[192.0.2.9] said: 552 Too many recipients (in reply to RCPT TO command))");

        Assert.Equal(1, attempt.MessageRecipients);
        Assert.Equal(BounceCategory.RateLimited, ClassifiedAttempt.From(attempt).Classification.Category);
    }

    [Fact]
    public void WithoutQmgrLine_RecipientCountIsUnknown()
    {
        var attempt = Single(
            "Jun 11 09:00:02 mta1 postfix/smtp[8]: 4JfcC62DS0z1c1C: to=<x@example.org>, relay=mx.example.org[192.0.2.9]:25, delay=2, delays=0/0/1/1, dsn=5.0.0, status=bounced (host mx.example.org[192.0.2.9] said: 552 Too many recipients (in reply to RCPT TO command))");

        Assert.Null(attempt.MessageRecipients);
        Assert.Equal(BounceCategory.SenderConfig, ClassifiedAttempt.From(attempt).Classification.Category);
    }

    [Fact]
    public void NullSender_IsNull()
    {
        var attempt = Single(
            "Jun 11 09:00:00 mta1 postfix/qmgr[7]: F00D1E2C3B: from=<>, size=2900, nrcpt=1 (queue active)",
            "Jun 11 09:00:02 mta1 postfix/smtp[8]: F00D1E2C3B: to=<anna@outreach-example.com>, relay=mx.example.com[192.0.2.9]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)");

        Assert.Null(attempt.Sender);
        Assert.Equal("F00D1E2C3B", attempt.QueueId);
    }

    [Fact]
    public void StatusText_RunsToLastParenthesis()
    {
        var attempt = Single(Smtp(
            "9D2B55C1E0",
            "to=<sales@example.com>, relay=mx.example.com[192.0.2.8]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.8] said: 550 5.1.1 <sales@example.com>: Recipient address rejected: User unknown (in virtual mailbox table) (in reply to RCPT TO command))"));

        Assert.Equal("550 5.1.1 <sales@example.com>: Recipient address rejected: User unknown (in virtual mailbox table)", attempt.Reply);
        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
    }

    [Theory]
    [InlineData("host mx.example.com[192.0.2.8] said: 550 5.7.1 Sender rejected (in reply to MAIL FROM command)", SmtpStage.MailFrom)]
    [InlineData("host mx.example.com[192.0.2.8] said: 550 5.7.26 Unauthenticated (in reply to end of DATA command)", SmtpStage.Data)]
    [InlineData("host mx.example.com[192.0.2.8] said: 554 5.5.1 No valid recipients (in reply to DATA command)", SmtpStage.Data)]
    [InlineData("host mx.example.com[192.0.2.8] said: 501 5.5.4 Syntax error (in reply to EHLO command)", SmtpStage.Helo)]
    [InlineData("host mx.example.com[192.0.2.8] said: 454 4.7.0 TLS not available (in reply to STARTTLS command)", SmtpStage.StartTls)]
    [InlineData("host mx.example.com[192.0.2.8] said: 550 5.1.1 Unknown (in reply to RCPT TO command)", SmtpStage.RcptTo)]
    [InlineData("host mx.example.com[192.0.2.8] refused to talk to me: 421 4.7.0 Try later", SmtpStage.Greeting)]
    [InlineData("lost connection with mx.example.com[192.0.2.8] while sending RCPT TO", SmtpStage.RcptTo)]
    [InlineData("lost connection with mx.example.com[192.0.2.8] while sending MAIL FROM", SmtpStage.MailFrom)]
    [InlineData("lost connection with mx.example.com[192.0.2.8] while sending end of data -- message may be sent more than once", SmtpStage.Data)]
    [InlineData("lost connection with mx.example.com[192.0.2.8] while performing the EHLO handshake", SmtpStage.Helo)]
    [InlineData("conversation with mx.example.com[192.0.2.8] timed out while receiving the initial server greeting", SmtpStage.Greeting)]
    [InlineData("conversation with mx.example.com[192.0.2.8] timed out while sending message body", SmtpStage.Data)]
    [InlineData("connect to mx.example.com[192.0.2.8]:25: Connection refused", SmtpStage.Connect)]
    [InlineData("Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again", SmtpStage.Unknown)]
    public void Stage_FollowsStatusText(string text, SmtpStage stage)
    {
        var attempt = Single(Smtp("C3F0A8B912", $"to=<hr@example.com>, relay=none, dsn=4.0.0, status=deferred ({text})"));

        Assert.Equal(stage, attempt.Stage);
    }

    [Fact]
    public void ConversationTimedOut_KeepsWholeText()
    {
        var text = "conversation with mx.example.com[192.0.2.8] timed out while sending end of data -- message may be sent more than once";

        var attempt = Single(Smtp("C3F0A8B912", $"to=<hr@example.com>, relay=mx.example.com[192.0.2.8]:25, dsn=4.4.2, status=deferred ({text})"));

        Assert.Equal(text, attempt.Reply);
        Assert.Equal("mx.example.com", attempt.RemoteHost);
    }

    [Fact]
    public void DeliverySuspended_ReadsCachedFailure()
    {
        var attempt = Single(
            "Jun 11 14:15:30 mta2 postfix/error[4501]: B7E29D0A11: to=<info@example.net>, relay=none, delay=600, delays=570/30/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mx.example.net[192.0.2.44]:25: Connection timed out)");

        Assert.Equal("Connection timed out", attempt.Reply);
        Assert.Equal(SmtpStage.Connect, attempt.Stage);
        Assert.Equal("mx.example.net", attempt.RemoteHost);
        Assert.Equal("192.0.2.44", attempt.RemoteIp);
        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
    }

    [Fact]
    public void DeliverySuspended_ReadsCachedReply()
    {
        var attempt = Single(
            "Jun 11 14:15:30 mta2 postfix/error[4501]: B7E29D0A11: to=<info@example.net>, relay=none, dsn=4.7.28, status=deferred (delivery temporarily suspended: host mx.example.net[192.0.2.44] said: 421 4.7.28 Try again later (in reply to end of DATA command))");

        Assert.Equal("421 4.7.28 Try again later", attempt.Reply);
        Assert.Equal(SmtpStage.Data, attempt.Stage);
        Assert.Equal("mx.example.net", attempt.RemoteHost);
    }

    [Fact]
    public void OrigTo_IsIgnored()
    {
        var attempt = Single(Smtp(
            "7C1A94C0D2",
            "to=<j.doe@example.com>, orig_to=<jd, sales@example.com>, relay=mx.example.com[192.0.2.8]:25, conn_use=2, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4Vxyz)"));

        Assert.Equal("j.doe@example.com", attempt.Recipient);
        Assert.Equal("mx.example.com", attempt.RemoteHost);
        Assert.Equal("2.0.0", attempt.LogEnhancedCode);
    }

    [Theory]
    [InlineData("lmtp", "relay=mail.example.com[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 <a@example.com> Saved)", "mail.example.com", null)]
    [InlineData("local", "relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)", null, null)]
    [InlineData("virtual", "relay=virtual, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to maildir)", null, null)]
    [InlineData("pipe", "relay=dovecot, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered via dovecot service)", null, null)]
    [InlineData("relay", "relay=smtp.example.net[2001:db8::25]:587, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)", "smtp.example.net", "2001:db8::25")]
    public void Services_ReadRelay(string service, string fields, string? host, string? ip)
    {
        var attempt = Single($"Jun 11 10:00:00 mta1 postfix/{service}[100]: 7C1A94C0D2: to=<a@example.com>, {fields}");

        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal(host, attempt.RemoteHost);
        Assert.Equal(ip, attempt.RemoteIp);
    }

    [Fact]
    public void Expired_OnlyRecipientsStillDeferred()
    {
        var log = Lines(
            "Jun 11 09:00:00 mta1 postfix/qmgr[7]: 7C1A94C0D2: from=<anna@outreach-example.com>, size=900, nrcpt=2 (queue active)",
            Smtp("7C1A94C0D2", "to=<a@example.com>, relay=mx.example.com[192.0.2.8]:25, dsn=4.2.2, status=deferred (host mx.example.com[192.0.2.8] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))", "Jun 11 09:00:05"),
            Smtp("7C1A94C0D2", "to=<b@example.com>, relay=mx.example.com[192.0.2.8]:25, dsn=4.7.1, status=deferred (host mx.example.com[192.0.2.8] said: 451 4.7.1 Greylisted (in reply to RCPT TO command))", "Jun 11 09:00:05"),
            Smtp("7C1A94C0D2", "to=<b@example.com>, relay=mx.example.com[192.0.2.8]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)", "Jun 11 09:16:05"),
            Smtp("7C1A94C0D2", "to=<a@example.com>, relay=mx2.example.com[192.0.2.9]:25, dsn=4.2.2, status=deferred (host mx2.example.com[192.0.2.9] said: 452 4.2.2 Over quota (in reply to RCPT TO command))", "Jun 12 09:00:05"),
            "Jun 16 09:00:06 mta1 postfix/qmgr[7]: 7C1A94C0D2: from=<anna@outreach-example.com>, status=expired, returned to sender",
            "Jun 16 09:00:06 mta1 postfix/qmgr[7]: 7C1A94C0D2: from=<anna@outreach-example.com>, status=expired, returned to sender");

        var (attempts, report) = Parse(log);

        Assert.Equal(5, attempts.Count);
        var expired = attempts[4];
        Assert.Equal(DeliveryOutcome.Expired, expired.LogOutcome);
        Assert.Equal("a@example.com", expired.Recipient);
        Assert.Equal("452 4.2.2 Over quota", expired.Reply);
        Assert.Equal("mx2.example.com", expired.RemoteHost);
        Assert.Equal("192.0.2.9", expired.RemoteIp);
        Assert.Equal(SmtpStage.RcptTo, expired.Stage);
        Assert.Equal(6, expired.Line);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.ExpiredWithoutDeferral]);
    }

    [Fact]
    public void Expired_WithoutDeferralIsSkipped()
    {
        var (attempts, report) = Parse(Lines(PostfixSamples.Expired));

        Assert.Empty(attempts);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.ExpiredWithoutDeferral]);
    }

    [Fact]
    public void Removed_FreesQueueState()
    {
        var parser = new PostfixLogParser(File, PostfixSamples.UploadedAt);
        var log = Lines(
            PostfixSamples.SenderLine,
            PostfixSamples.Sent,
            "Mar  4 09:12:43 mta1 postfix/qmgr[2210]: 7C1A94C0D2: removed");
        var inFlight = new List<int>();

        foreach (var _ in parser.Parse(new StringReader(log)))
        {
            inFlight.Add(parser.MessagesInFlight);
        }

        Assert.Equal([1], inFlight);
        Assert.Equal(0, parser.MessagesInFlight);
        Assert.Equal(1, parser.Report.SkippedByReason[SkipReasons.Removed]);
    }

    [Fact]
    public void Removed_ForgetsSender()
    {
        var log = Lines(
            PostfixSamples.SenderLine,
            "Mar  4 09:12:42 mta1 postfix/qmgr[2210]: 7C1A94C0D2: removed",
            PostfixSamples.Sent);

        var attempt = Assert.Single(Parse(log).Attempts);

        Assert.Null(attempt.Sender);
    }

    [Fact]
    public void SkipReasons_AreCounted()
    {
        var log = Lines(
            "",
            "Jun 11 14:00:00 mta2 kernel: [12.3] eth0 link up",
            "Jun 11 14:00:01 mta2 postfix/smtpd[77]: connect from unknown[203.0.113.5]",
            "Jun 11 14:00:02 mta2 postfix/smtpd[77]: NOQUEUE: reject: RCPT from unknown[203.0.113.5]: 554 5.7.1 Relay access denied",
            "Jun 11 14:00:03 mta2 postfix/cleanup[78]: 7C1A94C0D2: message-id=<x@example.com>",
            "Jun 11 14:00:04 mta2 postfix/smtp[79]: 7C1A94C0D2: host mx.example.com[192.0.2.8] said: 451 4.3.0 Try later (in reply to RCPT TO command)",
            "Jun 11 14:00:05 mta2 postfix/smtp[79]: connect to mx.example.com[192.0.2.8]:25: Connection refused",
            "Jun 11 14:00:06 mta2 postfix/verify[80]: 7C1A94C0D2: to=<a@example.com>, relay=mx.example.com[192.0.2.8]:25, dsn=2.1.5, status=deliverable (250 2.1.5 Ok)",
            "Jun 11 14:00:07 mta2 postfix/smtp[79]: 7C1A94C0D2: to=<a@example.com>, relay=mx.example.com[192.0.2.8]:25, dsn=2.0.0, status=weird (250 Ok)");

        var (attempts, report) = Parse(log);

        Assert.Empty(attempts);
        Assert.Equal(9, report.LinesRead);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.EmptyLine]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.NotPostfix]);
        Assert.Equal(4, report.SkippedByReason[SkipReasons.NoDeliveryStatus]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.IntermediateReply]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.AddressVerification]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.UnknownStatus]);
    }

    [Fact]
    public void NotPostfix_ThrowsAfterDetectionWindow()
    {
        var log = string.Concat(Enumerable.Repeat("2024-06-11 09:14:05 1sGxYz-000Ab1-Q2 <= anna@outreach-example.com H=(laptop) [203.0.113.9]\n", 1500));
        var parser = new PostfixLogParser("exim.log", PostfixSamples.UploadedAt);

        var error = Assert.Throws<LogFormatException>(() => parser.Parse(new StringReader(log)).ToList());

        Assert.Equal("exim.log", error.Source);
        Assert.Contains("not a Postfix maillog", error.Message);
        Assert.Contains("postfix/smtp[", error.Message);

        // The line that raises the error is not among the lines read before it.
        Assert.Equal(PostfixLogParser.DetectionLineCount - 1, parser.Report.LinesRead);
    }

    [Fact]
    public void NotPostfix_ThrowsForShortFile()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse("hello\nworld\n"));

        Assert.Contains("none of its 2 non-empty lines", error.Message);
        Assert.StartsWith("mail.log: ", error.Message);
    }

    [Fact]
    public void NotPostfix_ThrowsForBlankFile()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse("\n\n  \n"));

        Assert.Contains("only empty lines", error.Message);
    }

    [Fact]
    public void ForeignLinesFirst_AreSkipped()
    {
        var foreign = Enumerable.Repeat("Jun 11 14:00:00 mta2 dovecot: imap-login: Login: user=<a>", 999);
        var log = Lines([.. foreign, PostfixSamples.ConnectTimedOut]);

        var (attempts, report) = Parse(log);

        Assert.Single(attempts);
        Assert.Equal(999, report.SkippedByReason[SkipReasons.NotPostfix]);
    }

    [Fact]
    public void TruncatedLastLine_Throws()
    {
        var cut = PostfixSamples.GmailUserUnknown[..^40];
        var log = PostfixSamples.SenderLine + "\n" + PostfixSamples.Sent + "\n" + cut;

        var error = Assert.Throws<LogFormatException>(() => Parse(log));

        Assert.Equal(3, error.Line);
        Assert.Contains("cut off", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.StartsWith("mail.log, line 3: ", error.Message);
    }

    [Fact]
    public void TruncatedLastLine_BeforeStatusThrows()
    {
        var log = PostfixSamples.SenderLine + "\n" + PostfixSamples.Sent[..120];

        var error = Assert.Throws<LogFormatException>(() => Parse(log));

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void CutLineMidFile_KeepsTextToLineEnd()
    {
        var cut = PostfixSamples.GmailUserUnknown[..^40];

        var (attempts, _) = Parse(Lines(cut, PostfixSamples.Sent));

        Assert.Equal(2, attempts.Count);
        Assert.Equal(DeliveryOutcome.Bounced, attempts[0].LogOutcome);
        Assert.EndsWith("si0000001wmq.", attempts[0].Reply);
    }

    [Fact]
    public void UnterminatedCompleteLastLine_IsRead()
    {
        var (attempts, _) = Parse(PostfixSamples.SenderLine + "\n" + PostfixSamples.Sent);

        Assert.Single(attempts);
    }

    [Fact]
    public void LongLine_ThrowsWithLineNumber()
    {
        var log = PostfixSamples.Sent + "\n" + new string('x', PostfixLogParser.MaxLineLength + 1) + "\n" + PostfixSamples.Sent + "\n";

        var error = Assert.Throws<LogFormatException>(() => Parse(log));

        Assert.Equal(2, error.Line);
        Assert.Contains("longer than", error.Message);
    }

    [Fact]
    public void LineAtMaxLength_IsAccepted()
    {
        var filler = new string('x', PostfixLogParser.MaxLineLength);
        var log = PostfixSamples.Sent + "\n" + filler + "\n" + PostfixSamples.Sent + "\n";

        var (attempts, report) = Parse(log);

        Assert.Equal(2, attempts.Count);
        Assert.Equal(3, attempts[1].Line);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.NotPostfix]);
    }

    [Fact]
    public void Parse_IsLazy()
    {
        var parser = new PostfixLogParser(File, PostfixSamples.UploadedAt);

        var attempts = parser.Parse(new StringReader(Lines(PostfixSamples.All)));

        Assert.Equal(0, parser.Report.LinesRead);
        Assert.NotNull(attempts.First());
        Assert.Equal(2, parser.Report.LinesRead);
    }

    [Fact]
    public void Parse_RejectsNullReader()
    {
        var parser = new PostfixLogParser(File, PostfixSamples.UploadedAt);

        Assert.Throws<ArgumentNullException>(() => parser.Parse(null!));
    }
}
