using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Esp;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Esp;

public sealed class AmazonSesEventParserTests
{
    private const string BounceNotification = """
        {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"sales@example.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":"2024-06-11T09:15:31.420Z","feedbackId":"0100018f-example-000000","remoteMtaIp":"192.0.2.90","reportingMTA":"dns; a1-2.smtp-out.example.amazonses.com"},"mail":{"timestamp":"2024-06-11T09:15:30.000Z","source":"anna@outreach.example.com","messageId":"0100018f-example-msg-000000","destination":["sales@example.com"]}}
        """;

    private static AmazonSesEventParser NewParser() => new("ses.jsonl", SampleFiles.UploadedAt);

    /// <summary>A Transient MailboxFull bounce of a message sent at <paramref name="sentAt"/>.</summary>
    private static string TransientBounce(string sentAt, string bouncedAt) =>
        $$$"""{"notificationType":"Bounce","bounce":{"bounceType":"Transient","bounceSubType":"MailboxFull","bouncedRecipients":[{"emailAddress":"full@example.net","action":"failed","status":"4.2.2","diagnosticCode":"smtp; 452 4.2.2 Mailbox full"}],"timestamp":"{{{bouncedAt}}}"},"mail":{"timestamp":"{{{sentAt}}}","source":"anna@outreach.example.com","messageId":"m5","destination":["full@example.net"]}}""";

    [Fact]
    public void PermanentBounce_ReadsEveryField()
    {
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), BounceNotification));

        Assert.Equal(1, attempt.Line);
        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("sales@example.com", attempt.Recipient);
        Assert.Equal("anna@outreach.example.com", attempt.Sender);
        Assert.Equal("0100018f-example-msg-000000", attempt.QueueId);
        Assert.Equal("550 5.1.1 user unknown", attempt.Reply);
        Assert.Equal("5.1.1", attempt.LogEnhancedCode);
        Assert.Equal("192.0.2.90", attempt.RemoteIp);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 31, 420, TimeSpan.Zero), attempt.Timestamp);
        Assert.Equal("bounceType=Permanent; bounceSubType=General", attempt.SourceVerdict);
    }

    [Theory]
    [InlineData("Permanent", DeliveryOutcome.Bounced)]
    [InlineData("Transient", DeliveryOutcome.Bounced)]
    [InlineData("Undetermined", DeliveryOutcome.Bounced)]
    public void BounceType_DecidesOutcome(string bounceType, DeliveryOutcome expected)
    {
        var notification = BounceNotification.Replace("\"Permanent\"", $"\"{bounceType}\"", StringComparison.Ordinal);

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), notification));

        Assert.Equal(expected, attempt.LogOutcome);
    }

    [Fact]
    public void TransientBounce_IsFinalSoftFailure()
    {
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), TransientBounce(sentAt: "2024-06-11T09:15:30.000Z", bouncedAt: "2024-06-11T15:15:30.000Z")));

        var classification = ClassifiedAttempt.From(attempt).Classification;

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal(BounceClass.Soft, attempt.SourceClass);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 30, TimeSpan.Zero), attempt.FirstAttemptAt);
        Assert.Equal(DeliveryOutcome.Bounced, classification.Outcome);
        Assert.Equal(BounceClass.Soft, classification.Class);
        Assert.Equal(BounceCategory.MailboxFull, classification.Category);
        Assert.False(classification.Suppress);
    }

    [Fact]
    public void TransientBounceWithoutCode_IsSoft()
    {
        var notification = TransientBounce(sentAt: "2024-06-11T09:15:30.000Z", bouncedAt: "2024-06-11T15:15:30.000Z")
            .Replace(",\"status\":\"4.2.2\",\"diagnosticCode\":\"smtp; 452 4.2.2 Mailbox full\"", "", StringComparison.Ordinal);
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), notification));

        var classification = ClassifiedAttempt.From(attempt).Classification;

        Assert.Null(attempt.Reply);
        Assert.Null(attempt.LogEnhancedCode);
        Assert.Equal(DeliveryOutcome.Bounced, classification.Outcome);
        Assert.Equal(BounceClass.Soft, classification.Class);
        Assert.Equal(BounceCategory.MailboxFull, classification.Category);
    }

    [Fact]
    public void TransientAfterThreeDays_IsPersistent()
    {
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), TransientBounce(sentAt: "2024-06-08T09:15:30.000Z", bouncedAt: "2024-06-11T09:15:30.000Z")));

        var classified = ClassifiedAttempt.From(attempt);
        var tracker = new RecipientOutcomeTracker();
        tracker.Add(classified);
        var outcome = Assert.Single(tracker.Outcomes);

        Assert.True(classified.Classification.Suppress);
        Assert.Contains("retries over 72 hours", classified.Classification.Evidence);
        Assert.True(outcome.SoftBounced);
        Assert.False(outcome.HardBounced);
        Assert.True(outcome.PersistentSoftBounce);
        Assert.True(outcome.Suppress);
        Assert.Equal(new DateTimeOffset(2024, 6, 8, 9, 15, 30, TimeSpan.Zero), outcome.FirstAttemptAt);
    }

    [Fact]
    public void PermanentBounce_ReportsNoRetries()
    {
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), BounceNotification));

        Assert.Null(attempt.SourceClass);
        Assert.Null(attempt.FirstAttemptAt);
        Assert.Equal(BounceClass.Hard, ClassifiedAttempt.From(attempt).Classification.Class);
    }

    [Fact]
    public void EventTypeShape_IsRead()
    {
        var published = BounceNotification.Replace("\"notificationType\"", "\"eventType\"", StringComparison.Ordinal);

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), published));

        Assert.Equal("sales@example.com", attempt.Recipient);
    }

    [Fact]
    public void SeveralRecipients_GiveOneAttemptEach()
    {
        const string Notification = """{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":[{"emailAddress":"a@example.com","status":"5.1.1"},{"emailAddress":"b@example.com","status":"5.1.1"}],"timestamp":"2024-06-11T09:15:31Z"},"mail":{"source":"anna@outreach.example.com"}}""";

        var attempts = SampleFiles.Parse(NewParser(), Notification);

        Assert.Equal(["a@example.com", "b@example.com"], attempts.Select(a => a.Recipient));
        Assert.All(attempts, a => Assert.Null(a.Reply));
    }

    [Fact]
    public void DeliveryDelay_IsDeferredPerRecipient()
    {
        const string Notification = """{"eventType":"DeliveryDelay","deliveryDelay":{"delayType":"TransientCommunicationFailure","delayedRecipients":[{"emailAddress":"ops@example.org","status":"4.4.7","diagnosticCode":"smtp; 421 4.4.5 Server busy"}],"timestamp":"2024-06-11T10:00:00.000Z","expirationTime":"2024-06-12T09:15:30.000Z"},"mail":{"source":"anna@outreach.example.com","messageId":"m1"}}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), Notification));

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal("ops@example.org", attempt.Recipient);
        Assert.Equal("421 4.4.5 Server busy", attempt.Reply);
        Assert.Equal("4.4.7", attempt.LogEnhancedCode);
        Assert.Equal("delayType=TransientCommunicationFailure", attempt.SourceVerdict);
    }

    [Fact]
    public void Delivery_IsDeliveredPerRecipient()
    {
        const string Notification = """{"notificationType":"Delivery","delivery":{"timestamp":"2024-06-11T09:16:00.000Z","recipients":["j.doe@example.com","raj@example.net"],"smtpResponse":"250 2.0.0 OK","remoteMtaIp":"192.0.2.27"},"mail":{"source":"anna@outreach.example.com","messageId":"m2"}}""";

        var attempts = SampleFiles.Parse(NewParser(), Notification);

        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(DeliveryOutcome.Delivered, a.LogOutcome));
        Assert.All(attempts, a => Assert.Equal("250 2.0.0 OK", a.Reply));
        Assert.All(attempts, a => Assert.Equal("anna@outreach.example.com", a.Sender));
    }

    [Fact]
    public void SnsEnvelope_IsUnwrapped()
    {
        var envelope = $$"""{"Type":"Notification","MessageId":"00000000-0000-4000-8000-000000000001","Message":{{System.Text.Json.JsonSerializer.Serialize(BounceNotification.Trim())}}}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), envelope));

        Assert.Equal("sales@example.com", attempt.Recipient);
        Assert.Equal("anna@outreach.example.com", attempt.Sender);
    }

    [Fact]
    public void SnsEnvelopeWithInvalidMessage_NamesLine()
    {
        const string Envelope = """{"Type":"Notification","Message":"{not json"}""";

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Parse(NewParser(), Envelope));

        Assert.Equal(1, error.Line);
        Assert.Contains("SNS envelope", error.Problem);
    }

    [Fact]
    public void Complaint_IsSkipped()
    {
        var parser = NewParser();

        var attempts = SampleFiles.Parse(parser, """{"notificationType":"Complaint","complaint":{},"mail":{}}""");

        Assert.Empty(attempts);
        Assert.Equal(1, parser.Report.SkippedByReason[EspSkipReasons.NotADeliveryEvent]);
    }
}
