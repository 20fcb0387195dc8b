using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Mta;

namespace BouncePortal.Domain.Tests.Mta;

public sealed class EximLogParserTests
{
    private const string File = "mainlog";

    private static readonly DateTimeOffset UploadedAt = new(2024, 6, 20, 0, 0, 0, TimeSpan.Zero);

    private static (List<DeliveryAttempt> Attempts, ParseReport Report) Parse(params string[] lines)
    {
        var parser = new EximLogParser(File, UploadedAt);
        var attempts = parser.Parse(new StringReader(string.Join('\n', lines) + "\n")).ToList();
        return (attempts, parser.Report);
    }

    private static DeliveryAttempt Single(params string[] lines) => Assert.Single(Parse(lines).Attempts);

    [Fact]
    public void Delivered_JoinsSenderFromArrival()
    {
        var attempt = Single(EximSamples.Arrival, EximSamples.Delivered);

        Assert.Equal(File, attempt.Source);
        Assert.Equal(2, attempt.Line);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 14, 7, TimeSpan.Zero), attempt.Timestamp);
        Assert.Equal("1sGxYz-000Ab1-Q2", attempt.QueueId);
        Assert.Equal("anna@outreach-example.com", attempt.Sender);
        Assert.Equal("j.doe@example.com", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("250 2.0.0 OK  1718097247 zz00si01 - gsmtp", attempt.Reply);
        Assert.Null(attempt.LogEnhancedCode);
        Assert.Equal("gmail-smtp-in.l.google.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.27", attempt.RemoteIp);
        Assert.Equal(SmtpStage.Data, attempt.Stage);
    }

    [Fact]
    public void Failed_KeepsLiteralLineBreaks()
    {
        var attempt = Single(EximSamples.Failed);

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal(EximSamples.GmailUserUnknownReply, attempt.Reply);
        Assert.Contains("\\n550-5.1.1", attempt.Reply);
        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
        Assert.Equal("gmail-smtp-in.l.google.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.27", attempt.RemoteIp);
        Assert.Equal("sales@example.com", attempt.Recipient);
        Assert.Equal("1sGxZa-000Ab4-7K", attempt.QueueId);
        Assert.Null(attempt.Sender);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 30, TimeSpan.Zero), attempt.Timestamp);
    }

    [Fact]
    public void Greylisted_ReadsHostAfterDefer()
    {
        var attempt = Single(EximSamples.Greylisted);

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal("451 4.7.1 <cfo@example.org>: Recipient address rejected: Greylisted for 5 minutes", attempt.Reply);
        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
        Assert.Equal("mx1.example.org", attempt.RemoteHost);
        Assert.Equal("192.0.2.70", attempt.RemoteIp);
        Assert.Equal("cfo@example.org", attempt.Recipient);
    }

    [Fact]
    public void ConnectionTimedOut_IsConnectStage()
    {
        var attempt = Single(EximSamples.TimedOut);

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal("Connection timed out", attempt.Reply);
        Assert.Equal(SmtpStage.Connect, attempt.Stage);
        Assert.Null(attempt.RemoteHost);
        Assert.Null(attempt.RemoteIp);
    }

    [Fact]
    public void RetryTimeout_CarriesLastDeferral()
    {
        var (attempts, _) = Parse(
            "2024-06-11 09:17:40 1sGxZc-000AbB-9P <= ben@outreach-example.net H=(laptop) [203.0.113.10] P=esmtpsa S=4000",
            "2024-06-12 09:17:45 1sGxZc-000AbB-9P == info@example.net R=dnslookup T=remote_smtp defer (-46) H=mx.example.net [192.0.2.44]: SMTP error from remote mail server after end of data: 421 4.7.0 Try again later",
            EximSamples.TimedOut,
            EximSamples.RetryTimeout,
            "2024-06-15 09:17:51 1sGxZc-000AbB-9P Completed");

        Assert.Equal(3, attempts.Count);
        var expiry = attempts[2];
        Assert.Equal(DeliveryOutcome.Expired, expiry.LogOutcome);
        Assert.Equal(4, expiry.Line);
        Assert.Equal(new DateTimeOffset(2024, 6, 15, 9, 17, 50, TimeSpan.Zero), expiry.Timestamp);
        Assert.Equal("Connection timed out", expiry.Reply);
        Assert.Equal(SmtpStage.Connect, expiry.Stage);
        Assert.Equal("ben@outreach-example.net", expiry.Sender);
        Assert.Equal("info@example.net", expiry.Recipient);
    }

    [Fact]
    public void RetryTimeout_WithoutDeferralKeepsOwnText()
    {
        var attempt = Single(EximSamples.RetryTimeout);

        Assert.Equal(DeliveryOutcome.Expired, attempt.LogOutcome);
        Assert.Equal("retry timeout exceeded", attempt.Reply);
        Assert.Equal(SmtpStage.Unknown, attempt.Stage);
    }

    [Fact]
    public void RetryTimeout_DoesNotRepeatDeliveredRecipient()
    {
        var (attempts, _) = Parse(
            EximSamples.TimedOut,
            "2024-06-12 09:17:45 1sGxZc-000AbB-9P => info@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.44] C=\"250 OK\"",
            EximSamples.RetryTimeout);

        Assert.Equal("retry timeout exceeded", attempts[2].Reply);
    }

    [Fact]
    public void AllSamples_CountsAttemptsAndSkips()
    {
        var (attempts, report) = Parse(EximSamples.All);

        Assert.Equal(
            [DeliveryOutcome.Delivered, DeliveryOutcome.Bounced, DeliveryOutcome.Deferred, DeliveryOutcome.Deferred, DeliveryOutcome.Expired],
            attempts.Select(attempt => attempt.LogOutcome));
        Assert.Equal(6, report.LinesRead);
        Assert.Equal(5, report.AttemptsFound);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.EximArrival]);
    }

    [Fact]
    public void LongMessageId_JoinsSender()
    {
        var (attempts, _) = Parse(
            "2024-06-11 09:14:05 1x6mUB-00000006Pya-498Q <= anna@outreach-example.com H=(laptop) [203.0.113.9] P=esmtpsa S=5120",
            "2024-06-11 09:14:07 1x6mUB-00000006Pya-498Q => j.doe@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.80] C=\"250 OK\"");

        var attempt = Assert.Single(attempts);
        Assert.Equal("1x6mUB-00000006Pya-498Q", attempt.QueueId);
        Assert.Equal("anna@outreach-example.com", attempt.Sender);
        Assert.Equal("250 OK", attempt.Reply);
    }

    [Fact]
    public void SenderField_OverridesArrival()
    {
        var attempt = Single(
            EximSamples.Arrival,
            "2024-06-11 09:14:09 1sGxYz-000Ab1-Q2 ** ops@example.com F=<ben@outreach-example.net> R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.80]: SMTP error from remote mail server after MAIL FROM:<ben@outreach-example.net> SIZE=5120: 550 5.7.1 Sender rejected");

        Assert.Equal("ben@outreach-example.net", attempt.Sender);
        Assert.Equal(SmtpStage.MailFrom, attempt.Stage);
        Assert.Equal("550 5.7.1 Sender rejected", attempt.Reply);
    }

    [Fact]
    public void Completed_FreesMessageState()
    {
        var parser = new EximLogParser(File, UploadedAt);
        var log = string.Join('\n', EximSamples.Arrival, EximSamples.Delivered, "2024-06-11 09:14:08 1sGxYz-000Ab1-Q2 Completed", EximSamples.Delivered);

        var attempts = parser.Parse(new StringReader(log)).ToList();

        Assert.Equal("anna@outreach-example.com", attempts[0].Sender);
        Assert.Null(attempts[1].Sender);
        Assert.Equal(1, parser.Report.SkippedByReason[MtaSkipReasons.EximCompleted]);
    }

    [Fact]
    public void TimeZone_IsRead()
    {
        var attempt = Single("2024-06-11 09:17:45 +0100 1sGxZc-000AbB-9P == info@example.net R=dnslookup T=remote_smtp defer (111): Connection refused");

        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 17, 45, TimeSpan.FromHours(1)), attempt.Timestamp);
        Assert.Equal("Connection refused", attempt.Reply);
    }

    [Fact]
    public void NegativeZoneAndFraction_AreRead()
    {
        var attempt = Single("2024-06-11 09:17:45.250 -0430 1sGxZc-000AbB-9P == info@example.net R=dnslookup T=remote_smtp defer (111): Connection refused");

        var expected = new DateTimeOffset(2024, 6, 11, 9, 17, 45, 250, new TimeSpan(-4, -30, 0));
        Assert.Equal(expected, attempt.Timestamp);
        Assert.Equal(expected.Offset, attempt.Timestamp.Offset);
    }

    [Fact]
    public void ProcessId_IsSkipped()
    {
        var attempt = Single("2024-06-11 09:17:45 [4711] 1sGxZc-000AbB-9P == info@example.net R=dnslookup T=remote_smtp defer (111): Connection refused");

        Assert.Equal("1sGxZc-000AbB-9P", attempt.QueueId);
    }

    [Fact]
    public void PipelinedEndOfData_IsDataStage()
    {
        var attempt = Single("2024-06-11 09:20:00 1sGxZd-000AbC-1A ** hr@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.80]:25 X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256: SMTP error from remote mail server after pipelined end of data: 550 5.7.26 Unauthenticated email is not accepted");

        Assert.Equal(SmtpStage.Data, attempt.Stage);
        Assert.Equal("550 5.7.26 Unauthenticated email is not accepted", attempt.Reply);
        Assert.Equal("192.0.2.80", attempt.RemoteIp);
    }

    [Theory]
    [InlineData("initial connection", SmtpStage.Greeting)]
    [InlineData("MAIL FROM:<anna@outreach-example.com>", SmtpStage.MailFrom)]
    [InlineData("RCPT TO:<hr@example.com>", SmtpStage.RcptTo)]
    [InlineData("DATA", SmtpStage.Data)]
    [InlineData("EHLO mta1.outreach-example.com", SmtpStage.Helo)]
    public void SmtpError_ReadsStage(string command, SmtpStage stage)
    {
        var attempt = Single($"2024-06-11 09:20:00 1sGxZd-000AbC-1A ** hr@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.80]: SMTP error from remote mail server after {command}: 554 5.7.1 Rejected");

        Assert.Equal(stage, attempt.Stage);
        Assert.Equal("554 5.7.1 Rejected", attempt.Reply);
    }

    [Fact]
    public void UnrouteableAddress_IsBounced()
    {
        var attempt = Single("2024-06-11 09:21:00 1sGxZe-000AbD-2B ** bob@nosuchdomain-example.com: Unrouteable address");

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("bob@nosuchdomain-example.com", attempt.Recipient);
        Assert.Equal("Unrouteable address", attempt.Reply);
        Assert.Equal(SmtpStage.Unknown, attempt.Stage);
    }

    [Fact]
    public void AdditionalAddress_IsDelivered()
    {
        var (attempts, _) = Parse(
            EximSamples.Arrival,
            EximSamples.Delivered,
            "2024-06-11 09:14:07 1sGxYz-000Ab1-Q2 -> m.roe@example.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [192.0.2.27] C=\"250 2.0.0 OK\"");

        Assert.Equal(2, attempts.Count);
        Assert.Equal("m.roe@example.com", attempts[1].Recipient);
        Assert.Equal(DeliveryOutcome.Delivered, attempts[1].LogOutcome);
        Assert.Equal("anna@outreach-example.com", attempts[1].Sender);
    }

    [Fact]
    public void OutgoingInterface_IsSendingIp()
    {
        var attempt = Single("2024-06-11 09:14:07 1sGxYz-000Ab1-Q2 => j.doe@example.com <alias@example.com> R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.80]:25 I=[198.51.100.23]:50000 C=\"250 \\\"queued\\\" ok\"");

        Assert.Equal("198.51.100.23", attempt.SendingIp);
        Assert.Equal("j.doe@example.com", attempt.Recipient);
        Assert.Equal("250 \"queued\" ok", attempt.Reply);
        Assert.Equal("mx.example.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.80", attempt.RemoteIp);
    }

    [Fact]
    public void OlderMailerWording_ReadsHostFromText()
    {
        var attempt = Single("2024-06-11 09:22:00 1sGxZf-000AbE-3C ** sales@example.com R=dnslookup T=remote_smtp: SMTP error from remote mailer after RCPT TO:<sales@example.com>: host mx.example.com [192.0.2.80]: 550 5.1.1 User unknown");

        Assert.Equal("550 5.1.1 User unknown", attempt.Reply);
        Assert.Equal("mx.example.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.80", attempt.RemoteIp);
        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
    }

    [Fact]
    public void RetryTimeNotReached_IsSkipped()
    {
        var (attempts, report) = Parse("2024-06-11 09:23:00 1sGxZc-000AbB-9P == info@example.net R=dnslookup T=remote_smtp defer (-53): retry time not reached for any host for 'example.net'");

        Assert.Empty(attempts);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.EximRetryTimeNotReached]);
    }

    [Fact]
    public void OtherLines_AreSkippedWithReasons()
    {
        var (attempts, report) = Parse(
            "2024-06-11 09:00:00 exim 4.97 daemon started: pid=100, -q30m, listening for SMTP on port 25",
            "2024-06-11 09:00:01 1sGxZc-000AbB-9P *> info@example.net R=dnslookup T=remote_smtp",
            "",
            EximSamples.Delivered);

        Assert.Single(attempts);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.EximNoDelivery]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.EximOtherFlag]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.EmptyLine]);
    }

    [Fact]
    public void WrongFormat_ThrowsNamingFile()
    {
        var lines = Enumerable.Repeat("Jun 11 14:05:30 mta2 postfix/smtp[4420]: B7E29D0A11: to=<info@example.net>, status=sent (250 OK)", 1000).ToArray();
        var parser = new EximLogParser(File, UploadedAt);

        var error = Assert.Throws<LogFormatException>(() => parser.Parse(new StringReader(string.Join('\n', lines))).ToList());

        Assert.Equal(File, error.Source);
        Assert.Contains("not an Exim mainlog", error.Message);
        Assert.Contains("first 1,000 non-empty lines", error.Message);
        Assert.Contains("1sGxZc-000AbB-9P", error.Message);
    }

    [Fact]
    public void ShortWrongFile_ThrowsAtEnd()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse("hello", "world"));

        Assert.Contains("none of its 2 non-empty lines fits that format", error.Message);
    }

    [Fact]
    public void OverlongLine_ThrowsWithLineNumber()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(EximSamples.Delivered, new string('x', EximLogParser.MaxLineLength + 1)));

        Assert.Equal(2, error.Line);
        Assert.Equal(File, error.Source);
    }

    [Fact]
    public void NullReader_ThrowsImmediately()
    {
        var parser = new EximLogParser(File, UploadedAt);

        Assert.Throws<ArgumentNullException>(() => parser.Parse(null!));
    }
}
