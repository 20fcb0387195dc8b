using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Mta;

namespace BouncePortal.Domain.Tests.Mta;

public sealed class PowerMtaCsvParserTests
{
    private const string File = "acct-2024-06-11.csv";

    private const string Header =
        "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool";

    private const string Delivered =
        "d,2024-06-11 09:14:02-0400,2024-06-11 09:13:58-0400,anna@outreach-example.com,j.doe@example.com,,relayed,2.0.0 (success),\"smtp;250 2.0.0 OK 1718111642 zz00si03 - gsmtp\",gmail-smtp-in.l.google.com (192.0.2.27),,smtp,app01,smtp,198.51.100.23,192.0.2.27,\"PIPELINING,8BITMIME,SIZE,STARTTLS\",5120,vmta-a,camp-0611,,gmail.com/vmta-a,pool-a";

    private const string Bounced =
        "b,2024-06-11 09:15:10-0400,2024-06-11 09:15:07-0400,anna@outreach-example.com,sales@example.com,,failed,5.1.1 (bad destination mailbox address),\"smtp;550 5.1.1 <sales@example.com>: Recipient address rejected: User unknown\",mx.example.com (192.0.2.90),bad-mailbox,smtp,app01,smtp,198.51.100.23,192.0.2.90,,5120,vmta-a,camp-0611,,example.com/vmta-a,pool-a";

    private const string Transient =
        "t,2024-06-11 09:16:40-0400,2024-06-11 09:13:58-0400,ben@outreach-example.net,ops@example.org,,delayed,4.7.500,\"smtp;451 4.7.500 Server busy. Please try again later from [198.51.100.24]. (S77714)\",example-org.mail.protection.outlook.com (192.0.2.95),policy-related,smtp,app01,smtp,198.51.100.24,192.0.2.95,,4980,vmta-b,camp-0611,,example.org/vmta-b,pool-b";

    private static readonly TimeSpan EasternDaylight = TimeSpan.FromHours(-4);

    private static (List<DeliveryAttempt> Attempts, ParseReport Report) Parse(params string[] lines)
    {
        var parser = new PowerMtaCsvParser(File, new DateTimeOffset(2024, 6, 20, 0, 0, 0, TimeSpan.Zero));
        var attempts = parser.Parse(new StringReader(string.Join('\n', lines) + "\n")).ToList();
        return (attempts, parser.Report);
    }

    [Fact]
    public void Delivery_ReadsEveryColumn()
    {
        var attempt = Assert.Single(Parse(Header, Delivered).Attempts);

        Assert.Equal(File, attempt.Source);
        Assert.Equal(2, attempt.Line);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 14, 2, EasternDaylight), attempt.Timestamp);
        Assert.Equal(EasternDaylight, attempt.Timestamp.Offset);
        Assert.Equal("2024-06-11T13:13:58Z anna@outreach-example.com", attempt.QueueId);
        Assert.Equal("anna@outreach-example.com", attempt.Sender);
        Assert.Equal("j.doe@example.com", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("250 2.0.0 OK 1718111642 zz00si03 - gsmtp", attempt.Reply);
        Assert.Equal("2.0.0", attempt.LogEnhancedCode);
        Assert.Equal("gmail-smtp-in.l.google.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.27", attempt.RemoteIp);
        Assert.Equal(SmtpStage.Data, attempt.Stage);
        Assert.Equal("camp-0611", attempt.Campaign);
        Assert.Equal("198.51.100.23", attempt.SendingIp);
        Assert.Null(attempt.SourceVerdict);
    }

    [Fact]
    public void Bounce_KeepsBounceCategoryAsEvidence()
    {
        var attempt = Assert.Single(Parse(Header, Bounced).Attempts);

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("550 5.1.1 <sales@example.com>: Recipient address rejected: User unknown", attempt.Reply);
        Assert.Equal("5.1.1", attempt.LogEnhancedCode);
        Assert.Equal("mx.example.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.90", attempt.RemoteIp);
        Assert.Equal("bounceCat=bad-mailbox", attempt.SourceVerdict);
        Assert.Equal(SmtpStage.Unknown, attempt.Stage);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 10, EasternDaylight), attempt.Timestamp);
    }

    [Fact]
    public void Transient_IsDeferredDespitePolicyCategory()
    {
        var attempt = Assert.Single(Parse(Header, Transient).Attempts);

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal("451 4.7.500 Server busy. Please try again later from [198.51.100.24]. (S77714)", attempt.Reply);
        Assert.Equal("4.7.500", attempt.LogEnhancedCode);
        Assert.Equal("ben@outreach-example.net", attempt.Sender);
        Assert.Equal("example-org.mail.protection.outlook.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.95", attempt.RemoteIp);
        Assert.Equal("198.51.100.24", attempt.SendingIp);
        Assert.Equal("bounceCat=policy-related", attempt.SourceVerdict);
    }

    [Fact]
    public void AllSamples_CountAttemptsAndLines()
    {
        var (attempts, report) = Parse(Header, Delivered, Bounced, Transient);

        Assert.Equal([2L, 3L, 4L], attempts.Select(attempt => attempt.Line));
        Assert.Equal(4, report.LinesRead);
        Assert.Equal(3, report.AttemptsFound);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.HeaderRow]);
    }

    [Fact]
    public void OtherTypes_AreSkippedWithReasons()
    {
        var (attempts, report) = Parse(
            Header,
            Transient.Replace("t,", "tq,", StringComparison.Ordinal),
            Bounced.Replace("b,", "rb,", StringComparison.Ordinal),
            Bounced.Replace("b,", "rs,", StringComparison.Ordinal),
            Bounced.Replace("b,", "f,", StringComparison.Ordinal),
            Bounced.Replace("b,", "x,", StringComparison.Ordinal),
            "",
            Delivered);

        Assert.Single(attempts);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.PowerMtaTransientQueue]);
        Assert.Equal(2, report.SkippedByReason[MtaSkipReasons.PowerMtaRemoteStatus]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.PowerMtaFeedback]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.PowerMtaUnknownType]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.EmptyLine]);
        Assert.Equal(8, attempts[0].Line);
    }

    [Fact]
    public void ColumnsInOtherOrder_AreMappedByHeader()
    {
        var (attempts, _) = Parse(
            "rcpt,type,timeLogged,bounceCat,dsnDiag,orig,header_X-Campaign-Id,jobId,envId",
            "hr@example.net,b,2024-06-11T13:15:10Z,quota-issues,smtp;552 5.2.2 Mailbox full,anna@outreach-example.com,spring-launch,job-7,env-42");

        var attempt = Assert.Single(attempts);
        Assert.Equal("hr@example.net", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("552 5.2.2 Mailbox full", attempt.Reply);
        Assert.Equal("bounceCat=quota-issues", attempt.SourceVerdict);
        Assert.Equal("spring-launch", attempt.Campaign);
        Assert.Equal("env-42", attempt.QueueId);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 13, 15, 10, TimeSpan.Zero), attempt.Timestamp);
        Assert.Null(attempt.RemoteHost);
        Assert.Null(attempt.LogEnhancedCode);
    }

    [Fact]
    public void EmptyEnvId_KeysByQueueTime()
    {
        var (attempts, _) = Parse(Header, MailboxFullRetries("")[0], MailboxFullRetries("")[1]);

        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal("2024-06-11T09:01:58Z tia@outreach-example.net", attempt.QueueId));
    }

    [Fact]
    public void NoQueueTime_LeavesQueueIdNull()
    {
        var (attempts, _) = Parse(
            "type,timeLogged,orig,rcpt,dsnDiag,envId",
            "t,2024-06-11T09:02:00Z,tia@outreach-example.net,full@example.net,smtp;452 4.2.2 Mailbox full,");

        Assert.Null(Assert.Single(attempts).QueueId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Retries_CountAsOneMessage(bool withEnvId)
    {
        string EnvId(string recipient) => withEnvId ? $"env-{recipient}" : "";
        var lines = new List<string> { Header };
        lines.AddRange(MailboxFullRetries(EnvId("full@example.net")));
        lines.Add(Record("t", "09:00:00", "08:59:58", "sam@outreach-example.com", "grey@example.org", "delayed", "4.7.1", "451 4.7.1 Greylisted for 300 seconds", EnvId("grey@example.org")));
        lines.Add(Record("d", "09:06:00", "08:59:58", "sam@outreach-example.com", "grey@example.org", "relayed", "2.0.0", "250 2.0.0 Ok: queued as 4Vz1AB", EnvId("grey@example.org")));
        lines.Add(Record("b", "09:08:00", "09:07:58", "tia@outreach-example.net", "gone@example.com", "failed", "5.1.1", "550 5.1.1 User unknown", EnvId("gone@example.com")));
        lines.Add(Record("d", "09:10:00", "09:09:58", "tia@outreach-example.net", "ok@example.com", "relayed", "2.0.0", "250 2.0.0 Ok", EnvId("ok@example.com")));

        var tracker = new RecipientOutcomeTracker();
        foreach (var attempt in Parse([.. lines]).Attempts)
        {
            tracker.Add(ClassifiedAttempt.From(attempt));
        }

        var outcomes = tracker.Outcomes.ToDictionary(outcome => outcome.Recipient);
        var rates = RecipientOutcomeTracker.Summarize(outcomes.Values);
        Assert.Equal(4, outcomes.Count);
        Assert.Equal(4, rates.Sent);
        Assert.Equal(2, rates.SoftBounced);
        Assert.Equal(1, rates.HardBounced);

        var full = outcomes["full@example.net"];
        Assert.Equal(6, full.Attempts);
        Assert.Equal(6, full.SoftFailures);
        Assert.True(full.PersistentSoftBounce);
        Assert.True(full.Suppress);

        var grey = outcomes["grey@example.org"];
        Assert.True(grey.GreylistingResolved);
        Assert.False(grey.Suppress);

        Assert.Equal(new[] { "full@example.net", "gone@example.com" }, outcomes.Values.Where(outcome => outcome.Suppress).Select(outcome => outcome.Recipient).Order());
    }

    /// <summary>Six <c>t</c> records of one message to a full mailbox, retried over 15 hours.</summary>
    private static string[] MailboxFullRetries(string envId) =>
        new[] { "09:02:00", "09:32:00", "10:32:00", "12:32:00", "16:32:00", "23:59:00" }
            .Select(logged => Record("t", logged, "09:01:58", "tia@outreach-example.net", "full@example.net", "delayed", "4.2.2", "452 4.2.2 <full@example.net>: Recipient address rejected: Mailbox full", envId))
            .ToArray();

    /// <summary>Writes an accounting record for <see cref="Header"/>, dated 11 June 2024 in UTC.</summary>
    private static string Record(string type, string logged, string queued, string sender, string recipient, string action, string status, string reply, string envId) =>
        $"{type},2024-06-11 {logged}+0000,2024-06-11 {queued}+0000,{sender},{recipient},,{action},{status},\"smtp;{reply}\",mx.example.net (192.0.2.20),,smtp,app01,smtp,198.51.100.23,192.0.2.20,,4100,vmta-a,camp-0611,{envId},example.net/vmta-a,pool-a";

    [Fact]
    public void RepeatedHeader_IsSkipped()
    {
        var (attempts, report) = Parse(Header, Delivered, Header, Bounced);

        Assert.Equal(2, attempts.Count);
        Assert.Equal(2, report.SkippedByReason[MtaSkipReasons.HeaderRow]);
    }

    [Fact]
    public void InvalidTimestamp_IsSkipped()
    {
        var (attempts, report) = Parse(Header, Delivered.Replace("2024-06-11 09:14:02-0400", "yesterday", StringComparison.Ordinal));

        Assert.Empty(attempts);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.InvalidTimestamp]);
    }

    [Fact]
    public void BrokenQuote_ThrowsWithPhysicalLine()
    {
        var broken = Bounced.Replace("\"smtp;550 5.1.1 <sales@example.com>: Recipient address rejected: User unknown\"", "\"smtp;550 5.1.1 user \"unknown\"\"", StringComparison.Ordinal);

        var error = Assert.Throws<LogFormatException>(() => Parse(Header, Delivered, "", broken, Transient));

        Assert.Equal(File, error.Source);
        Assert.Equal(4, error.Line);
        Assert.Contains("quoting", error.Message);
        Assert.Contains("fix the quoting", error.Message);
    }

    [Fact]
    public void UnclosedQuote_ThrowsOnItsLine()
    {
        var broken = Bounced.Replace("User unknown\"", "User unknown", StringComparison.Ordinal);

        var error = Assert.Throws<LogFormatException>(() => Parse(Header, broken, Transient, Delivered));

        Assert.Equal(2, error.Line);
        Assert.Contains("not closed on its line", error.Message);
    }

    [Fact]
    public void FieldCountMismatch_Throws()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(Header, "d,2024-06-11 09:14:02-0400,x"));

        Assert.Equal(2, error.Line);
        Assert.Contains("3 field(s) but the header row has 23", error.Message);
    }

    [Fact]
    public void MissingColumns_ThrowNamingFoundAndNeeded()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse("timeLogged,orig,dsnDiag", "2024-06-11 09:14:02-0400,anna@outreach-example.com,smtp;250 OK"));

        Assert.Equal(File, error.Source);
        Assert.Equal(1, error.Line);
        Assert.Contains("type, rcpt", error.Message);
        Assert.Contains("timeLogged, orig, dsnDiag", error.Message);
    }

    [Fact]
    public void WrongFormat_ThrowsNamingFile()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse("Jun 11 10:02:11 relay3 sm-mta[8812]: 4BBA2f0x008812: to=<sales@example.com>, stat=User unknown"));

        Assert.Contains("type,timeLogged", error.Message);
        Assert.Contains("rcpt", error.Message);
    }

    [Fact]
    public void EmptyFile_Throws()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(""));

        Assert.Contains("not a PowerMTA accounting CSV", error.Message);
    }

    [Fact]
    public void OverlongLine_ThrowsWithLineNumber()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(Header, Delivered, new string('x', PowerMtaCsvParser.MaxLineLength + 1)));

        Assert.Equal(3, error.Line);
        Assert.Equal(File, error.Source);
    }
}
