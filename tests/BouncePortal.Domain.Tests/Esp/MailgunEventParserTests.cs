using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Esp;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Esp;

public sealed class MailgunEventParserTests
{
    private const string PermanentFailure = """
        {"event":"failed","severity":"permanent","reason":"bounce","recipient":"sales@example.com","recipient-domain":"example.com","timestamp":1718097331.5,"delivery-status":{"code":550,"message":"5.1.1 The email account that you tried to reach does not exist.","description":"","attempt-no":1,"enhanced-code":"5.1.1","mx-host":"aspmx.l.google.com","retry-seconds":0,"session-seconds":0.4},"envelope":{"sender":"anna@outreach.example.com","targets":"sales@example.com","sending-ip":"198.51.100.23"},"message":{"headers":{"message-id":"20240611091531.1.ABC@outreach.example.com","from":"anna@outreach.example.com","to":"sales@example.com","subject":"Quick question"}},"log-level":"error","tags":["june-cfos"]}
        """;

    private static MailgunEventParser NewParser() => new("mailgun.json", SampleFiles.UploadedAt);

    [Fact]
    public void PermanentFailure_ReadsEveryField()
    {
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), PermanentFailure));

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("sales@example.com", attempt.Recipient);
        Assert.Equal("anna@outreach.example.com", attempt.Sender);
        Assert.Equal("198.51.100.23", attempt.SendingIp);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1718097331500), attempt.Timestamp);
        Assert.Equal("550 5.1.1 The email account that you tried to reach does not exist.", attempt.Reply);
        Assert.Equal("5.1.1", attempt.LogEnhancedCode);
        Assert.Equal("aspmx.l.google.com", attempt.RemoteHost);
        Assert.Equal("20240611091531.1.ABC@outreach.example.com", attempt.QueueId);
        Assert.Equal("june-cfos", attempt.Campaign);
        Assert.Equal("severity=permanent; reason=bounce", attempt.SourceVerdict);
    }

    [Fact]
    public void TemporaryFailure_IsDeferred()
    {
        const string Event = """{"event":"failed","severity":"temporary","reason":"greylisted","recipient":"ops@example.org","timestamp":1718097400.25,"delivery-status":{"code":451,"message":"4.7.1 Greylisted, try again later","enhanced-code":"4.7.1","mx-host":"mx.example.org"}}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), Event));

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal("451 4.7.1 Greylisted, try again later", attempt.Reply);
    }

    [Fact]
    public void Delivered_IsDelivered()
    {
        const string Event = """{"event":"delivered","recipient":"j.doe@example.com","timestamp":1718097500.0,"delivery-status":{"code":250,"message":"OK","mx-host":"gmail-smtp-in.l.google.com"}}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), Event));

        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("250 OK", attempt.Reply);
    }

    [Fact]
    public void MessageWithCode_IsNotPrefixedAgain()
    {
        const string Event = """{"event":"failed","severity":"permanent","recipient":"a@example.com","timestamp":1718097331,"delivery-status":{"code":550,"message":"550 5.1.1 user unknown"}}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), Event));

        Assert.Equal("550 5.1.1 user unknown", attempt.Reply);
    }

    [Fact]
    public void Suppression_UsesDescriptionWithoutCode()
    {
        const string Event = """{"event":"failed","severity":"permanent","reason":"suppress-bounce","recipient":"old@example.net","timestamp":1718097600,"delivery-status":{"code":605,"message":"","description":"Not delivering to previously bounced address"}}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), Event));

        Assert.Equal("Not delivering to previously bounced address", attempt.Reply);
        Assert.Equal("severity=permanent; reason=suppress-bounce", attempt.SourceVerdict);
        var classification = ClassifiedAttempt.From(attempt).Classification;
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
        Assert.Equal(BounceClass.Hard, classification.Class);
        Assert.True(classification.Suppress);
    }

    [Theory]
    [InlineData("suppress-unsubscribe")]
    [InlineData("suppress-complaint")]
    public void UnsentForOptOut_IsSkipped(string reason)
    {
        var parser = NewParser();
        var record = $$$"""{"event":"failed","severity":"permanent","reason":"{{{reason}}}","recipient":"optout@example.net","timestamp":1718097600,"delivery-status":{"code":606,"message":"","description":"Not delivering to unsubscribed address"}}""";

        var attempts = SampleFiles.Parse(parser, record);

        Assert.Empty(attempts);
        Assert.Equal(1, parser.Report.SkippedByReason[EspSkipReasons.DroppedNotSent]);
    }

    [Fact]
    public void WebhookWrapper_IsUnwrapped()
    {
        var webhook = $$"""{"signature":{"timestamp":"1718097600","token":"t","signature":"s"},"event-data":{{PermanentFailure}}}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), webhook));

        Assert.Equal("sales@example.com", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
    }

    [Fact]
    public void EventsApiPage_ReadsItems()
    {
        var page = $$$"""{"items":[{{{PermanentFailure}}},{"event":"opened","recipient":"a@example.com","timestamp":1}],"paging":{"next":"https://api.example.com/next"}}""";
        var parser = NewParser();

        var attempts = SampleFiles.Parse(parser, page);

        Assert.Single(attempts);
        Assert.Equal(1, parser.Report.SkippedByReason[EspSkipReasons.NotADeliveryEvent]);
    }

    [Fact]
    public void Opened_IsSkipped()
    {
        var parser = NewParser();

        var attempts = SampleFiles.Parse(parser, """[{"event":"opened","recipient":"a@example.com","timestamp":1718097900.0}]""");

        Assert.Empty(attempts);
        Assert.Equal(1, parser.Report.LinesSkipped);
    }
}
