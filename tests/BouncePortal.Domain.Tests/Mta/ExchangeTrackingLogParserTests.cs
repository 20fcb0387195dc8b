using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Mta;

namespace BouncePortal.Domain.Tests.Mta;

public sealed class ExchangeTrackingLogParserTests
{
    private const string File = "MSGTRK2024061100-1.LOG";

    private const string Fields =
        "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version";

    private const string Send =
        "2024-06-11T09:31:02.845Z,10.0.0.5,EX01,192.0.2.90,mx.example.com,08DC8A1B2C3D4E5F;250 2.0.0 OK;ClientSubmitTime:,Outbound to Internet,SMTP,SEND,12884901901,<a1b2@outreach-example.com>,0f1e2d3c-0000-4000-8000-000000000001,j.doe@example.com,250 2.0.0 OK,6120,1,,,Quick question,anna@outreach-example.com,anna@outreach-example.com,,Originating,,10.0.0.5,10.0.0.6,,Email,,";

    private const string Fail =
        "2024-06-11T09:33:40.101Z,10.0.0.5,EX01,192.0.2.91,mx.example.net,,Outbound to Internet,SMTP,FAIL,12884901905,<a1b3@outreach-example.com>,0f1e2d3c-0000-4000-8000-000000000002,sales@example.net,\"550 5.1.1 <sales@example.net>: Recipient address rejected: User unknown\",6120,1,,,\"Re: pricing, Q3\",anna@outreach-example.com,anna@outreach-example.com,,Originating,,10.0.0.5,10.0.0.6,,Email,,";

    private static readonly string[] Header =
    [
        "\uFEFF#Software: Microsoft Exchange Server",
        "#Version: 15.01.2507.000",
        "#Log-type: Message Tracking Log",
        "#Date: 2024-06-11T00:00:01.112Z",
        Fields,
    ];

    private static (List<DeliveryAttempt> Attempts, ParseReport Report) Parse(params string[] events)
    {
        var parser = new ExchangeTrackingLogParser(File, new DateTimeOffset(2024, 6, 20, 0, 0, 0, TimeSpan.Zero));
        var attempts = parser.Parse(new StringReader(string.Join("\r\n", Header.Concat(events)) + "\r\n")).ToList();
        return (attempts, parser.Report);
    }

    private static string Event(string eventId, string recipients, string statuses) =>
        $"2024-06-11T09:40:00.000Z,10.0.0.5,EX01,192.0.2.92,mx.example.org,,Outbound to Internet,SMTP,{eventId},12884901910,<a1b4@outreach-example.com>,0f1e2d3c-0000-4000-8000-000000000003,\"{recipients}\",\"{statuses}\",6120,2,,,Hello,ben@outreach-example.net,ben@outreach-example.net,,Originating,,10.0.0.5,10.0.0.6,,Email,,";

    [Fact]
    public void Send_IsDeliveredWithRemoteServer()
    {
        var attempt = Assert.Single(Parse(Send).Attempts);

        Assert.Equal(File, attempt.Source);
        Assert.Equal(6, attempt.Line);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 31, 2, 845, TimeSpan.Zero), attempt.Timestamp);
        Assert.Equal("<a1b2@outreach-example.com>", attempt.QueueId);
        Assert.Equal("anna@outreach-example.com", attempt.Sender);
        Assert.Equal("j.doe@example.com", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("250 2.0.0 OK", attempt.Reply);
        Assert.Null(attempt.LogEnhancedCode);
        Assert.Equal("mx.example.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.90", attempt.RemoteIp);
        Assert.Equal("10.0.0.5", attempt.SendingIp);
        Assert.Equal(SmtpStage.Data, attempt.Stage);
    }

    [Fact]
    public void Fail_IsBouncedWithQuotedReply()
    {
        var attempt = Assert.Single(Parse(Fail).Attempts);

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("550 5.1.1 <sales@example.net>: Recipient address rejected: User unknown", attempt.Reply);
        Assert.Equal("sales@example.net", attempt.Recipient);
        Assert.Equal("mx.example.net", attempt.RemoteHost);
        Assert.Equal("192.0.2.91", attempt.RemoteIp);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 33, 40, 101, TimeSpan.Zero), attempt.Timestamp);
        Assert.Equal(SmtpStage.Unknown, attempt.Stage);
    }

    [Fact]
    public void SeveralRecipients_PairWithStatuses()
    {
        var (attempts, report) = Parse(Event("FAIL", "a@example.org;b@example.org", "550 5.1.1 User unknown;552 5.2.2 Mailbox full"));

        Assert.Equal(2, attempts.Count);
        Assert.Equal("a@example.org", attempts[0].Recipient);
        Assert.Equal("550 5.1.1 User unknown", attempts[0].Reply);
        Assert.Equal("b@example.org", attempts[1].Recipient);
        Assert.Equal("552 5.2.2 Mailbox full", attempts[1].Reply);
        Assert.All(attempts, attempt => Assert.Equal(6, attempt.Line));
        Assert.Equal(2, report.AttemptsFound);
    }

    [Fact]
    public void UnpairedStatuses_GoToEveryRecipient()
    {
        var (attempts, _) = Parse(Event("SEND", "a@example.org;b@example.org;c@example.org", "250 2.0.0 OK;250 2.0.0 OK"));

        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal("250 2.0.0 OK;250 2.0.0 OK", attempt.Reply));
    }

    [Fact]
    public void Defer_ReadsQueueFormReply()
    {
        var status = "[{LED=451 4.4.395 Target host responded with error. -> 421 4.3.2 Service not available};{MSG=};{FQDN=mx.example.net};{IP=192.0.2.9};{LRT=6/11/2024 9:21:04 AM}]";

        var (attempts, _) = Parse(Event("DEFER", "a@example.net;b@example.net", status + ";" + status));

        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome));
        Assert.Equal("451 4.4.395 Target host responded with error. -> 421 4.3.2 Service not available", attempts[1].Reply);
        Assert.Equal("mx.example.net", attempts[1].RemoteHost);
        Assert.Equal("192.0.2.9", attempts[1].RemoteIp);
        Assert.Equal("b@example.net", attempts[1].Recipient);
    }

    [Fact]
    public void Deliver_IsDelivered()
    {
        var attempt = Assert.Single(Parse(Event("DELIVER", "j.doe@example.org", "250 2.0.0 OK")).Attempts);

        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("ben@outreach-example.net", attempt.Sender);
    }

    [Fact]
    public void OtherEvents_AreSkipped()
    {
        var (attempts, report) = Parse(
            Event("RECEIVE", "a@example.org", ""),
            Event("SUBMIT", "a@example.org", ""),
            Event("AGENTINFO", "a@example.org", ""),
            Event("DSN", "a@example.org", ""),
            "",
            Send);

        Assert.Single(attempts);
        Assert.Equal(4, report.SkippedByReason[MtaSkipReasons.ExchangeOtherEvent]);
        Assert.Equal(4, report.SkippedByReason[MtaSkipReasons.ExchangeComment]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.ExchangeFields]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.EmptyLine]);
        Assert.Equal(11, attempts[0].Line);
    }

    [Fact]
    public void Exchange2010Fields_AreMappedByName()
    {
        var parser = new ExchangeTrackingLogParser(File, DateTimeOffset.UnixEpoch);
        var log = string.Join(
            "\n",
            "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data",
            "2024-06-11T09:31:02.845Z,10.0.0.5,EX01,192.0.2.90,mx.example.com,,Outbound,SMTP,SEND,1,<a@outreach-example.com>,j.doe@example.com,250 2.0.0 OK,6120,1,,,Hi,anna@outreach-example.com,anna@outreach-example.com,,Originating,,10.0.0.5,10.0.0.6,");

        var attempt = Assert.Single(parser.Parse(new StringReader(log)).ToList());

        Assert.Equal("j.doe@example.com", attempt.Recipient);
        Assert.Equal("anna@outreach-example.com", attempt.Sender);
        Assert.Equal(2, attempt.Line);
    }

    [Fact]
    public void MissingFields_ThrowNamingFoundAndNeeded()
    {
        var parser = new ExchangeTrackingLogParser(File, DateTimeOffset.UnixEpoch);

        var error = Assert.Throws<LogFormatException>(() => parser.Parse(new StringReader("#Fields: date-time,sender-address\n")).ToList());

        Assert.Equal(1, error.Line);
        Assert.Contains("event-id, recipient-address", error.Message);
        Assert.Contains("date-time,sender-address", error.Message);
    }

    [Fact]
    public void BrokenQuote_ThrowsWithLine()
    {
        var broken = Fail.Replace("\"Re: pricing, Q3\"", "\"Re: \"pricing\", Q3\"", StringComparison.Ordinal);

        var error = Assert.Throws<LogFormatException>(() => Parse(Send, broken));

        Assert.Equal(7, error.Line);
        Assert.Contains("quoting", error.Message);
    }

    [Fact]
    public void WrongFormat_ThrowsNamingFile()
    {
        var parser = new ExchangeTrackingLogParser(File, DateTimeOffset.UnixEpoch);
        var log = string.Join('\n', Enumerable.Repeat("d,2024-06-11 09:14:02-0400,anna@outreach-example.com,j.doe@example.com", 1000));

        var error = Assert.Throws<LogFormatException>(() => parser.Parse(new StringReader(log)).ToList());

        Assert.Equal(File, error.Source);
        Assert.Contains("not an Exchange message tracking log", error.Message);
        Assert.Contains("#Fields:", error.Message);
    }

    [Fact]
    public void OverlongLine_ThrowsWithLineNumber()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(Send, new string('x', ExchangeTrackingLogParser.MaxLineLength + 1)));

        Assert.Equal(7, error.Line);
    }
}
