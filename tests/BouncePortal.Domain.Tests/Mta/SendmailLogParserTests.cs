using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Mta;

namespace BouncePortal.Domain.Tests.Mta;

public sealed class SendmailLogParserTests
{
    private const string File = "maillog";

    private const string UserUnknown =
        "Jun 11 10:02:11 relay3 sm-mta[8812]: 4BBA2f0x008812: to=<sales@example.com>, delay=00:00:02, xdelay=00:00:02, mailer=esmtp, pri=120312, relay=mx.example.com. [192.0.2.80], dsn=5.1.1, stat=User unknown";

    private const string Deferred =
        "Jun 11 10:02:40 relay3 sm-mta[8815]: 4BBA2g0y008815: to=<cfo@example.org>, delay=00:10:31, xdelay=00:00:01, mailer=esmtp, pri=210450, relay=mx.example.org. [192.0.2.81], dsn=4.0.0, stat=Deferred: 421 4.7.0 Try again later, closing connection.";

    private const string SenderOfUserUnknown =
        "Jun 11 10:02:09 relay3 sm-mta[8810]: 4BBA2f0x008812: from=<anna@outreach-example.com>, size=5120, class=0, nrcpts=1, msgid=<cafe02@outreach-example.com>, proto=ESMTP, daemon=MTA, relay=laptop [203.0.113.9]";

    private static readonly DateTimeOffset UploadedAt = new(2024, 6, 20, 0, 0, 0, TimeSpan.Zero);

    private static (List<DeliveryAttempt> Attempts, ParseReport Report) Parse(DateTimeOffset uploadedAt, params string[] lines)
    {
        var parser = new SendmailLogParser(File, uploadedAt);
        var attempts = parser.Parse(new StringReader(string.Join('\n', lines) + "\n")).ToList();
        return (attempts, parser.Report);
    }

    private static (List<DeliveryAttempt> Attempts, ParseReport Report) Parse(params string[] lines) => Parse(UploadedAt, lines);

    private static DeliveryAttempt Single(params string[] lines) => Assert.Single(Parse(lines).Attempts);

    [Fact]
    public void UserUnknown_IsBouncedWithSender()
    {
        var attempt = Single(SenderOfUserUnknown, UserUnknown);

        Assert.Equal(File, attempt.Source);
        Assert.Equal(2, attempt.Line);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 10, 2, 11, TimeSpan.Zero), attempt.Timestamp);
        Assert.Equal("4BBA2f0x008812", attempt.QueueId);
        Assert.Equal("anna@outreach-example.com", attempt.Sender);
        Assert.Equal("sales@example.com", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("User unknown", attempt.Reply);
        Assert.Equal("5.1.1", attempt.LogEnhancedCode);
        Assert.Equal("mx.example.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.80", attempt.RemoteIp);
        Assert.Equal(SmtpStage.Unknown, attempt.Stage);
    }

    [Fact]
    public void Deferred_KeepsReplyAfterColon()
    {
        var attempt = Single(Deferred);

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal("421 4.7.0 Try again later, closing connection.", attempt.Reply);
        Assert.Equal("4.0.0", attempt.LogEnhancedCode);
        Assert.Equal("mx.example.org", attempt.RemoteHost);
        Assert.Equal("192.0.2.81", attempt.RemoteIp);
        Assert.Equal("4BBA2g0y008815", attempt.QueueId);
        Assert.Null(attempt.Sender);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 10, 2, 40, TimeSpan.Zero), attempt.Timestamp);
    }

    [Fact]
    public void Sent_ReadsReplyInParentheses()
    {
        var attempt = Single("Jun 11 10:03:00 relay3 sendmail[8820]: 4BBA2h0z008820: to=<j.doe@example.com>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30312, relay=gmail-smtp-in.l.google.com. [192.0.2.27], dsn=2.0.0, stat=Sent (OK  1718100180 zz00si04 - gsmtp (queued))");

        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("OK  1718100180 zz00si04 - gsmtp (queued)", attempt.Reply);
        Assert.Equal(SmtpStage.Data, attempt.Stage);
        Assert.Equal("2.0.0", attempt.LogEnhancedCode);
    }

    [Fact]
    public void ServiceUnavailable_IsBounced()
    {
        var attempt = Single("Jun 11 10:04:00 relay3 sm-mta[8830]: 4BBA2i10008830: to=<hr@example.net>, ctladdr=<anna@outreach-example.com> (1000/1000), delay=00:00:03, xdelay=00:00:03, mailer=esmtp, pri=30312, relay=mx.example.net. [192.0.2.82], dsn=5.0.0, stat=Service unavailable");

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("Service unavailable", attempt.Reply);
        Assert.Equal("5.0.0", attempt.LogEnhancedCode);
        Assert.Equal("hr@example.net", attempt.Recipient);
    }

    [Fact]
    public void SeveralRecipients_YieldOneAttemptEach()
    {
        var (attempts, report) = Parse("Jun 11 10:05:00 relay3 sm-mta[8840]: 4BBA2j20008840: to=<a@example.com>,<b@example.com>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30312, relay=mx.example.com. [192.0.2.80], dsn=2.0.0, stat=Sent (ok)");

        Assert.Equal(["a@example.com", "b@example.com"], attempts.Select(attempt => attempt.Recipient));
        Assert.All(attempts, attempt => Assert.Equal(1, attempt.Line));
        Assert.Equal(2, report.AttemptsFound);
    }

    [Fact]
    public void ConnectionRefused_IsConnectStage()
    {
        var attempt = Single("Jun 11 10:06:00 relay3 sm-mta[8850]: 4BBA2k30008850: to=<info@example.net>, delay=00:00:30, xdelay=00:00:30, mailer=esmtp, pri=30312, relay=mx.example.net., dsn=4.0.0, stat=Deferred: Connection refused by mx.example.net.");

        Assert.Equal(SmtpStage.Connect, attempt.Stage);
        Assert.Equal("Connection refused by mx.example.net.", attempt.Reply);
        Assert.Equal("mx.example.net", attempt.RemoteHost);
        Assert.Null(attempt.RemoteIp);
    }

    [Fact]
    public void Queued_IsSkipped()
    {
        var (attempts, report) = Parse("Jun 11 10:07:00 relay3 sm-mta[8860]: 4BBA2l40008860: to=<ops@example.org>, delay=00:00:00, mailer=esmtp, pri=30312, stat=queued");

        Assert.Empty(attempts);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.SendmailQueued]);
    }

    [Fact]
    public void NullSender_IsNull()
    {
        var attempt = Single(
            "Jun 11 10:02:09 relay3 sm-mta[8810]: 4BBA2f0x008812: from=<>, size=5120, class=0, nrcpts=1",
            UserUnknown);

        Assert.Null(attempt.Sender);
    }

    [Fact]
    public void SyslogYear_DecemberLogReadInJanuary()
    {
        var (attempts, _) = Parse(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), UserUnknown.Replace("Jun 11", "Dec 31", StringComparison.Ordinal));

        Assert.Equal(new DateTimeOffset(2024, 12, 31, 10, 2, 11, TimeSpan.Zero), Assert.Single(attempts).Timestamp);
    }

    [Fact]
    public void OtherLines_AreSkippedWithReasons()
    {
        var (attempts, report) = Parse(
            "Jun 11 10:00:00 relay3 sm-mta[100]: starting daemon (8.17.2): SMTP+queueing@00:30:00",
            SenderOfUserUnknown,
            "Jun 11 10:02:12 relay3 sm-mta[8812]: 4BBA2f0x008812: 4BBA2f0y008812: DSN: User unknown",
            "Jun 11 10:02:13 relay3 dovecot: imap-login: Login: user=<anna>",
            UserUnknown);

        Assert.Single(attempts);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.SendmailNoQueueId]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.SendmailSender]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.SendmailNoStatus]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.NotThisFormat]);
    }

    [Fact]
    public void ReplyLine_GivesFullReplyToBounce()
    {
        var (attempts, report) = Parse(
            "Jun 11 10:04:00 relay3 sm-mta[8830]: 4BBA2i10008830: <hr@example.net>... 554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.25",
            "Jun 11 10:04:00 relay3 sm-mta[8830]: 4BBA2i10008830: to=<hr@example.net>, delay=00:00:02, xdelay=00:00:02, mailer=esmtp, pri=120312, relay=mx.example.net. [192.0.2.82], dsn=5.7.1, stat=Service unavailable");

        var attempt = Assert.Single(attempts);
        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal(2, attempt.Line);
        Assert.Equal(
            "554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.25",
            attempt.Reply);
        Assert.Equal("5.7.1", attempt.LogEnhancedCode);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.SendmailReply]);
        Assert.False(report.SkippedByReason.ContainsKey(MtaSkipReasons.SendmailNoStatus));
    }

    [Theory]
    [InlineData(
        "<spam@example.com>... 554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.25",
        "spam@example.com",
        BounceCategory.Blocklisted)]
    [InlineData(
        "<cfo@contoso.example>... 550 5.7.1 Unfortunately, messages from [203.0.113.25] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM2PEPF0001C70A.eurprd05.prod.outlook.com]",
        "cfo@contoso.example",
        BounceCategory.SenderReputation)]
    public void ReplyLine_NamesCauseOfServiceUnavailable(string replyLine, string recipient, BounceCategory expected)
    {
        var attempt = Single(
            $"Jun 11 10:04:00 relay3 sm-mta[8830]: 4BBA2i10008830: {replyLine}",
            $"Jun 11 10:04:00 relay3 sm-mta[8830]: 4BBA2i10008830: to=<{recipient}>, delay=00:00:02, xdelay=00:00:02, mailer=esmtp, pri=120312, relay=mx.example.net. [192.0.2.82], dsn=5.7.1, stat=Service unavailable");

        var classification = ClassifiedAttempt.From(attempt).Classification;

        Assert.Equal(expected, classification.Category);
        Assert.Equal(Blame.Sender, classification.Blame);
        Assert.Equal(BounceClass.Hard, classification.Class);
        Assert.False(classification.Suppress);
    }

    [Fact]
    public void ReplyLine_JoinsOnlyItsRecipient()
    {
        var (attempts, _) = Parse(
            "Jun 11 10:05:00 relay3 sm-mta[8840]: 4BBA2j20008840: <a@example.com>... 550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
            "Jun 11 10:05:00 relay3 sm-mta[8840]: 4BBA2j20008840: <b@example.com>... 552 5.2.2 <b@example.com>: Mailbox full",
            "Jun 11 10:05:01 relay3 sm-mta[8840]: 4BBA2j20008840: to=<b@example.com>,<c@example.com>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30312, relay=mx.example.com. [192.0.2.80], dsn=5.2.2, stat=Service unavailable",
            "Jun 11 10:05:01 relay3 sm-mta[8840]: 4BBA2j20008840: to=<a@example.com>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30312, relay=mx.example.com. [192.0.2.80], dsn=5.1.1, stat=User unknown");

        Assert.Equal(["b@example.com", "c@example.com", "a@example.com"], attempts.Select(attempt => attempt.Recipient));
        Assert.Equal("552 5.2.2 <b@example.com>: Mailbox full", attempts[0].Reply);
        Assert.Equal("Service unavailable", attempts[1].Reply);
        Assert.Equal("550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in virtual mailbox table", attempts[2].Reply);
    }

    [Fact]
    public void ReplyLine_UsedOncePerQueueId()
    {
        const string ReplyLine = "Jun 11 10:04:00 relay3 sm-mta[8830]: 4BBA2i10008830: <hr@example.net>... 554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org";
        const string Bounce = "relay3 sm-mta[8830]: 4BBA2i10008830: to=<hr@example.net>, delay=00:00:02, mailer=esmtp, pri=120312, relay=mx.example.net. [192.0.2.82], dsn=5.7.1, stat=Service unavailable";

        var (attempts, _) = Parse(
            ReplyLine,
            "Jun 11 10:04:01 relay3 sm-mta[8831]: 4BBA2i10008831: to=<hr@example.net>, delay=00:00:02, mailer=esmtp, pri=120312, relay=mx.example.net. [192.0.2.82], dsn=5.7.1, stat=Service unavailable",
            $"Jun 11 10:04:02 {Bounce}",
            $"Jun 11 10:34:02 {Bounce}");

        Assert.Equal(3, attempts.Count);
        Assert.Equal("Service unavailable", attempts[0].Reply);
        Assert.StartsWith("554 5.7.1 Service unavailable; Client host", attempts[1].Reply);
        Assert.Equal("Service unavailable", attempts[2].Reply);
    }

    [Fact]
    public void ReplyLine_StatWithCodeKeepsStat()
    {
        var attempt = Single(
            "Jun 11 10:02:40 relay3 sm-mta[8815]: 4BBA2g0y008815: <cfo@example.org>... 421 4.7.0 Try again later",
            Deferred);

        Assert.Equal("421 4.7.0 Try again later, closing connection.", attempt.Reply);
    }

    [Theory]
    [InlineData("<ops@example.org>... User unknown")]
    [InlineData("<ops@example.org>... Deferred: Connection timed out with mx.example.org.")]
    [InlineData("<ops@example.org>... Connecting to mx.example.org. via esmtp...")]
    [InlineData("<ops@example.org>... 250 2.1.5 Ok")]
    [InlineData("<ops@example.org>...550 5.1.1 User unknown")]
    public void RecipientNoteWithoutFailureCode_IsNoReply(string note)
    {
        var (attempts, report) = Parse(
            $"Jun 11 10:07:00 relay3 sm-mta[8860]: 4BBA2l40008860: {note}",
            "Jun 11 10:07:01 relay3 sm-mta[8860]: 4BBA2l40008860: to=<ops@example.org>, delay=00:00:01, mailer=esmtp, pri=30312, relay=mx.example.org. [192.0.2.81], dsn=5.1.1, stat=User unknown");

        Assert.Equal("User unknown", Assert.Single(attempts).Reply);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.SendmailNoStatus]);
        Assert.False(report.SkippedByReason.ContainsKey(MtaSkipReasons.SendmailReply));
    }

    [Fact]
    public void WrongFormat_ThrowsNamingFile()
    {
        var lines = Enumerable.Repeat("2024-06-11 09:17:45 1sGxZc-000AbB-9P == info@example.net defer (110): Connection timed out", 1000).ToArray();

        var error = Assert.Throws<LogFormatException>(() => Parse(lines));

        Assert.Equal(File, error.Source);
        Assert.Contains("not a Sendmail log", error.Message);
        Assert.Contains("stat=User unknown", error.Message);
    }

    [Fact]
    public void EmptyFile_Throws()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(""));

        Assert.Contains("only empty lines", error.Message);
    }

    [Fact]
    public void OverlongLine_ThrowsWithLineNumber()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(UserUnknown, Deferred, new string('x', SendmailLogParser.MaxLineLength + 1)));

        Assert.Equal(3, error.Line);
    }
}
