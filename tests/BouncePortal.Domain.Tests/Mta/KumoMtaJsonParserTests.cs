using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Mta;

namespace BouncePortal.Domain.Tests.Mta;

public sealed class KumoMtaJsonParserTests
{
    private const string File = "kumo-20240611.jsonl";

    private const string Delivery =
        """{"type":"Delivery","id":"1d98076abbbc11ed940250ebf67f93bd","sender":"anna@outreach-example.com","recipient":"j.doe@example.com","queue":"spring-launch:agency@example.com","site":"source2->gmail-smtp-in.l.google.com.","size":5120,"response":{"code":250,"enhanced_code":{"class":2,"subject":0,"detail":0},"content":"OK  1718097247 zz00si01 - gsmtp","command":"."},"peer_address":{"name":"gmail-smtp-in.l.google.com.","addr":"192.0.2.27"},"timestamp":1718097247,"created":1718097245,"num_attempts":0,"bounce_classification":"Uncategorized","egress_pool":"pool-a","egress_source":"source2","source_address":{"address":"198.51.100.23:53210"},"meta":{},"headers":{}}""";

    private const string Bounce =
        """{"type":"Bounce","id":"2e98076abbbc11ed940250ebf67f93bd","sender":"anna@outreach-example.com","recipient":"sales@example.com","queue":"example.com","response":{"code":550,"enhanced_code":{"class":5,"subject":1,"detail":1},"content":"The email account that you tried to reach does not exist.","command":"RCPT TO"},"peer_address":{"name":"mx.example.com.","addr":"192.0.2.90"},"timestamp":1718097330,"created":1718097328,"num_attempts":0,"bounce_classification":"InvalidRecipient","egress_pool":"pool-a","egress_source":"198.51.100.24"}""";

    private const string Transient =
        """{"type":"TransientFailure","id":"3f98076abbbc11ed940250ebf67f93bd","sender":"ben@outreach-example.net","recipient":"ops@example.org","queue":"example.org","response":{"code":451,"enhanced_code":{"class":4,"subject":7,"detail":500},"content":"Server busy. Please try again later from [198.51.100.24]. (S77714)","command":"MAIL FROM"},"peer_address":{"name":"example-org.mail.protection.outlook.com.","addr":"192.0.2.95"},"timestamp":1718097400,"created":1718097245,"num_attempts":1,"bounce_classification":"Uncategorized","egress_source":"source3"}""";

    private const string Expiration =
        """{"type":"Expiration","id":"3f98076abbbc11ed940250ebf67f93bd","sender":"ben@outreach-example.net","recipient":"ops@example.org","queue":"example.org","response":{"code":551,"enhanced_code":{"class":5,"subject":4,"detail":7},"content":"Next delivery time would be after the expiry time","command":null},"peer_address":null,"timestamp":1718443000,"created":1718097245,"num_attempts":20}""";

    private static (List<DeliveryAttempt> Attempts, ParseReport Report) Parse(params string[] lines)
    {
        var parser = new KumoMtaJsonParser(File, new DateTimeOffset(2024, 6, 20, 0, 0, 0, TimeSpan.Zero));
        var attempts = parser.Parse(new StringReader(string.Join('\n', lines) + "\n")).ToList();
        return (attempts, parser.Report);
    }

    [Fact]
    public void Delivery_ReadsEveryField()
    {
        var attempt = Assert.Single(Parse(Delivery).Attempts);

        Assert.Equal(File, attempt.Source);
        Assert.Equal(1, attempt.Line);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1718097247), attempt.Timestamp);
        Assert.Equal("1d98076abbbc11ed940250ebf67f93bd", attempt.QueueId);
        Assert.Equal("anna@outreach-example.com", attempt.Sender);
        Assert.Equal("j.doe@example.com", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("250 2.0.0 OK  1718097247 zz00si01 - gsmtp", attempt.Reply);
        Assert.Equal("2.0.0", attempt.LogEnhancedCode);
        Assert.Equal("gmail-smtp-in.l.google.com", attempt.RemoteHost);
        Assert.Equal("192.0.2.27", attempt.RemoteIp);
        Assert.Equal(SmtpStage.Data, attempt.Stage);
        Assert.Equal("spring-launch", attempt.Campaign);
        Assert.Equal("198.51.100.23", attempt.SendingIp);
        Assert.Null(attempt.SourceVerdict);
    }

    [Fact]
    public void Bounce_ReadsRcptStageAndClassification()
    {
        var attempt = Assert.Single(Parse(Bounce).Attempts);

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("550 5.1.1 The email account that you tried to reach does not exist.", attempt.Reply);
        Assert.Equal("5.1.1", attempt.LogEnhancedCode);
        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
        Assert.Equal("bounce_classification=InvalidRecipient", attempt.SourceVerdict);
        Assert.Equal("198.51.100.24", attempt.SendingIp);
        Assert.Null(attempt.Campaign);
        Assert.Equal("mx.example.com", attempt.RemoteHost);
    }

    [Fact]
    public void TransientFailure_IsDeferredAtMailFrom()
    {
        var attempt = Assert.Single(Parse(Transient).Attempts);

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal("451 4.7.500 Server busy. Please try again later from [198.51.100.24]. (S77714)", attempt.Reply);
        Assert.Equal(SmtpStage.MailFrom, attempt.Stage);
        Assert.Equal("4.7.500", attempt.LogEnhancedCode);
        Assert.Null(attempt.SendingIp);
    }

    [Fact]
    public void Expiration_IsExpiredWithoutPeer()
    {
        var attempt = Assert.Single(Parse(Expiration).Attempts);

        Assert.Equal(DeliveryOutcome.Expired, attempt.LogOutcome);
        Assert.Equal("551 5.4.7 Next delivery time would be after the expiry time", attempt.Reply);
        Assert.Null(attempt.RemoteHost);
        Assert.Null(attempt.RemoteIp);
        Assert.Equal(SmtpStage.Unknown, attempt.Stage);
    }

    [Fact]
    public void AdminBounce_IsBounced()
    {
        var attempt = Assert.Single(Parse("""{"type":"AdminBounce","id":"4a","sender":"anna@outreach-example.com","recipient":"hr@example.net","response":{"code":551,"enhanced_code":null,"content":"Administrator bounced","command":null},"timestamp":1718097500}""").Attempts);

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("551 Administrator bounced", attempt.Reply);
        Assert.Null(attempt.LogEnhancedCode);
    }

    [Fact]
    public void OtherTypes_AreSkippedWithReasons()
    {
        var (attempts, report) = Parse(
            """{"type":"Reception","id":"5a","sender":"anna@outreach-example.com","recipient":"j.doe@example.com","timestamp":1718097240}""",
            """{"type":"Feedback","id":"5b","sender":"","recipient":"fbl@outreach-example.com","timestamp":1718097241}""",
            """{"type":"OOB","id":"5c","sender":"","recipient":"sales@example.com","timestamp":1718097242}""",
            """{"type":"Rejection","id":"5d","sender":"","recipient":"x@example.com","timestamp":1718097243}""",
            "",
            Delivery);

        Assert.Single(attempts);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.KumoReception]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.KumoFeedback]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.KumoOutOfBand]);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.KumoOtherType]);
        Assert.Equal(1, report.SkippedByReason[SkipReasons.EmptyLine]);
        Assert.Equal(6, attempts[0].Line);
    }

    [Fact]
    public void AllSamples_KeepInputOrder()
    {
        var (attempts, report) = Parse(Delivery, Bounce, Transient, Expiration);

        Assert.Equal(
            [DeliveryOutcome.Delivered, DeliveryOutcome.Bounced, DeliveryOutcome.Deferred, DeliveryOutcome.Expired],
            attempts.Select(attempt => attempt.LogOutcome));
        Assert.Equal(4, report.AttemptsFound);
    }

    [Fact]
    public void StringTimestamp_IsRead()
    {
        var attempt = Assert.Single(Parse(Bounce.Replace("\"timestamp\":1718097330", "\"timestamp\":\"2024-06-11T09:15:30Z\"", StringComparison.Ordinal)).Attempts);

        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 30, TimeSpan.Zero), attempt.Timestamp);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("\"last tuesday\"")]
    [InlineData("-5")]
    public void InvalidTimestamp_IsSkipped(string value)
    {
        var (attempts, report) = Parse(Bounce.Replace("1718097330", value, StringComparison.Ordinal));

        Assert.Empty(attempts);
        Assert.Equal(1, report.SkippedByReason[MtaSkipReasons.InvalidTimestamp]);
    }

    [Fact]
    public void FractionalTimestamp_IsRead()
    {
        var attempt = Assert.Single(Parse(Bounce.Replace("1718097330", "1718097330.5", StringComparison.Ordinal)).Attempts);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1718097330500), attempt.Timestamp);
    }

    [Fact]
    public void InvalidJson_ThrowsWithLineAndPosition()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(Delivery, """{"type":"Bounce","recipient":"sales@example.com",timestamp:1}"""));

        Assert.Equal(File, error.Source);
        Assert.Equal(2, error.Line);
        Assert.Contains("invalid JSON at byte 50", error.Message);
        Assert.DoesNotContain("LineNumber: 0", error.Message);
    }

    [Fact]
    public void TextLineAfterRecords_IsInvalidJson()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(Delivery, "truncated"));

        Assert.Equal(2, error.Line);
        Assert.Contains("invalid JSON", error.Message);
    }

    [Fact]
    public void WrongFormat_ThrowsNamingFile()
    {
        var lines = Enumerable.Repeat("2024-06-11 09:17:45 1sGxZc-000AbB-9P == info@example.net defer (110): Connection timed out", 1000).ToArray();

        var error = Assert.Throws<LogFormatException>(() => Parse(lines));

        Assert.Equal(File, error.Source);
        Assert.Null(error.Line);
        Assert.Contains("not a KumoMTA JSON log", error.Message);
        Assert.Contains("one JSON object per line", error.Message);
    }

    [Fact]
    public void OverlongLine_ThrowsWithLineNumber()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(Delivery, new string('x', KumoMtaJsonParser.MaxLineLength + 1)));

        Assert.Equal(2, error.Line);
    }
}
