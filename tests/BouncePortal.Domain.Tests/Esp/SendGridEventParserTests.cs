using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Esp;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Esp;

public sealed class SendGridEventParserTests
{
    private const string WebhookSample = """
        [{"email":"sales@example.com","timestamp":1718097331,"smtp-id":"<x1@outreach.example.com>","event":"bounce","category":["june"],"sg_event_id":"ZXhhbXBsZS1ldmVudA","sg_message_id":"abc.filter0001","reason":"550 5.1.1 The email account that you tried to reach does not exist.","status":"5.1.1","type":"bounce","bounce_classification":"Invalid Address"},
         {"email":"ops@example.org","timestamp":1718097400,"event":"deferred","response":"451 4.7.500 Server busy. Please try again later from [198.51.100.24]. (S77714)","attempt":"3","sg_event_id":"ZXhhbXBsZS0y","sg_message_id":"abd.filter0001"}]
        """;

    private static SendGridEventParser NewParser() => new("events.json", SampleFiles.UploadedAt);

    [Fact]
    public void Bounce_ReadsEveryField()
    {
        var attempts = SampleFiles.Parse(NewParser(), WebhookSample);

        var bounce = attempts[0];
        Assert.Equal("events.json", bounce.Source);
        Assert.Equal(1, bounce.Line);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1718097331), bounce.Timestamp);
        Assert.Equal("x1@outreach.example.com", bounce.QueueId);
        Assert.Null(bounce.Sender);
        Assert.Equal("sales@example.com", bounce.Recipient);
        Assert.Equal(DeliveryOutcome.Bounced, bounce.LogOutcome);
        Assert.Equal("550 5.1.1 The email account that you tried to reach does not exist.", bounce.Reply);
        Assert.Equal("5.1.1", bounce.LogEnhancedCode);
        Assert.Equal("june", bounce.Campaign);
        Assert.Equal("bounce_classification=Invalid Address", bounce.SourceVerdict);
    }

    [Fact]
    public void Deferred_ReadsResponse()
    {
        var attempts = SampleFiles.Parse(NewParser(), WebhookSample);

        var deferred = attempts[1];
        Assert.Equal(2, attempts.Count);
        Assert.Equal(2, deferred.Line);
        Assert.Equal("ops@example.org", deferred.Recipient);
        Assert.Equal(DeliveryOutcome.Deferred, deferred.LogOutcome);
        Assert.Equal("451 4.7.500 Server busy. Please try again later from [198.51.100.24]. (S77714)", deferred.Reply);
        Assert.Equal("abd.filter0001", deferred.QueueId);
        Assert.Null(deferred.SourceVerdict);
    }

    [Fact]
    public void Blocked_IsBouncedWithVerdict()
    {
        const string Event = """{"email":"cfo@example.net","timestamp":1718097460,"event":"bounce","reason":"554 5.7.1 blocked","type":"blocked","bounce_classification":"Reputation","ip":"198.51.100.24"}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), Event));

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("type=blocked; bounce_classification=Reputation", attempt.SourceVerdict);
        Assert.Equal("198.51.100.24", attempt.SendingIp);
    }

    [Fact]
    public void Dropped_IsBouncedWithReason()
    {
        const string Event = """{"email":"old@example.org","timestamp":1718097560,"event":"dropped","reason":"Bounced Address"}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), Event));

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("Bounced Address", attempt.Reply);
        Assert.Equal("event=dropped; reason=Bounced Address", attempt.SourceVerdict);
        var classification = ClassifiedAttempt.From(attempt).Classification;
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
        Assert.True(classification.Suppress);
    }

    [Theory]
    [InlineData("Unsubscribed Address")]
    [InlineData("Spam Reporting Address")]
    public void DroppedForOptOut_IsSkipped(string reason)
    {
        var parser = NewParser();
        var record = $$"""{"email":"optout@example.org","timestamp":1718097560,"event":"dropped","reason":"{{reason}}"}""";

        var attempts = SampleFiles.Parse(parser, record);

        Assert.Empty(attempts);
        Assert.Equal(1, parser.Report.SkippedByReason[EspSkipReasons.DroppedNotSent]);
    }

    [Fact]
    public void Delivered_IsDelivered()
    {
        const string Event = """{"email":"j.doe@example.com","timestamp":"1718097500","event":"delivered","response":"250 2.0.0 OK"}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), Event));

        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("250 2.0.0 OK", attempt.Reply);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1718097500), attempt.Timestamp);
    }

    [Fact]
    public void EngagementEvents_AreSkipped()
    {
        const string Events = """
            {"email":"j.doe@example.com","timestamp":1718097490,"event":"processed"}
            {"email":"j.doe@example.com","timestamp":1718097900,"event":"open"}
            {"email":"j.doe@example.com","timestamp":1718097950,"event":"click"}
            """;
        var parser = NewParser();

        var attempts = SampleFiles.Parse(parser, Events);

        Assert.Empty(attempts);
        Assert.Equal(3, parser.Report.LinesRead);
        Assert.Equal(3, parser.Report.SkippedByReason[EspSkipReasons.NotADeliveryEvent]);
    }

    [Fact]
    public void JsonLines_GiveLineNumbers()
    {
        const string Events = """
            {"email":"a@example.com","timestamp":1718097331,"event":"bounce","reason":"550 5.1.1 unknown"}

            {"email":"b@example.com","timestamp":1718097332,"event":"deferred","response":"421 4.7.0 try later"}
            """;

        var attempts = SampleFiles.Parse(NewParser(), Events);

        Assert.Equal([1L, 3L], attempts.Select(a => a.Line));
    }

    [Fact]
    public void MissingRecipient_IsSkipped()
    {
        var parser = NewParser();

        var attempts = SampleFiles.Parse(parser, """[{"timestamp":1718097331,"event":"bounce"}]""");

        Assert.Empty(attempts);
        Assert.Equal(1, parser.Report.SkippedByReason[EspSkipReasons.NoRecipient]);
    }

    [Fact]
    public void InvalidJson_NamesLine()
    {
        const string Events = """
            [
              {"email":"a@example.com","timestamp":1718097331,"event":"bounce"},
              {"email":"b@example.com","timestamp":1718097332,"event":"bounce",}
            ]
            """;

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Parse(NewParser(), Events));

        Assert.Equal("events.json", error.Source);
        Assert.Equal(3, error.Line);
        Assert.Contains("invalid JSON", error.Problem);
        Assert.DoesNotContain("LineNumber", error.Problem);
        Assert.DoesNotContain("BytePositionInLine", error.Problem);
    }

    [Fact]
    public void UnclosedArray_IsReported()
    {
        var error = Assert.Throws<LogFormatException>(() =>
            SampleFiles.Parse(NewParser(), """[{"email":"a@example.com","timestamp":1718097331,"event":"bounce"}"""));

        Assert.Contains("closing ']'", error.Problem);
    }

    [Fact]
    public void TruncatedRecord_IsReported()
    {
        var error = Assert.Throws<LogFormatException>(() =>
            SampleFiles.Parse(NewParser(), "\n{\"email\":\"a@example.com\",\"timestamp\":17180"));

        Assert.Equal(2, error.Line);
        Assert.Contains("incomplete", error.Problem);
    }

    [Fact]
    public void NotJson_IsReported()
    {
        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Parse(NewParser(), "email,event\n"));

        Assert.Equal(1, error.Line);
        Assert.Contains("expected a JSON array", error.Problem);
    }

    [Fact]
    public void LargeArray_StreamsElements()
    {
        var events = Enumerable.Range(0, 20_000)
            .Select(i => $$"""{"email":"r{{i}}@example.com","timestamp":1718097331,"event":"bounce","reason":"550 5.1.1 unknown"}""");
        var text = "[" + string.Join(",", events) + "]";

        var count = NewParser().Parse(new StringReader(text)).Count();

        Assert.Equal(20_000, count);
    }

    [Fact]
    public void OversizedRecord_IsRejected()
    {
        var text = $$"""[{"email":"a@example.com","reason":"{{new string('x', JsonRecordReader.MaxRecordBytes + 10)}}"}]""";

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Parse(NewParser(), text));

        Assert.Contains("longer than", error.Problem);
    }
}
