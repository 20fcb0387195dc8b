using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Esp;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Esp;

public sealed class PostmarkBounceParserTests
{
    private const string HardBounce = """
        {"RecordType":"Bounce","ID":4323372036854775807,"Type":"HardBounce","TypeCode":1,"Name":"Hard bounce","Tag":"june-cfos","MessageID":"00000000-0000-4000-8000-0000000000a1","ServerID":23,"MessageStream":"outbound","Description":"The server was unable to deliver your message.","Details":"smtp;550 5.1.1 The email account that you tried to reach does not exist.","Email":"sales@example.com","From":"anna@outreach.example.com","BouncedAt":"2024-06-11T09:15:31Z","DumpAvailable":true,"Inactive":true,"CanActivate":true,"Subject":"Quick question"}
        """;

    private static PostmarkBounceParser NewParser() => new("postmark.json", SampleFiles.UploadedAt);

    [Fact]
    public void HardBounce_ReadsEveryField()
    {
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), HardBounce));

        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("sales@example.com", attempt.Recipient);
        // Postmark's delivery records name no sender, so a bounce's From is not its sender either.
        Assert.Null(attempt.Sender);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 31, TimeSpan.Zero), attempt.Timestamp);
        Assert.Equal("550 5.1.1 The email account that you tried to reach does not exist.", attempt.Reply);
        Assert.Equal("june-cfos", attempt.Campaign);
        Assert.Equal("00000000-0000-4000-8000-0000000000a1", attempt.QueueId);
        Assert.Equal("Type=HardBounce", attempt.SourceVerdict);
    }

    [Theory]
    [InlineData("HardBounce", DeliveryOutcome.Bounced)]
    [InlineData("DnsError", DeliveryOutcome.Bounced)]
    [InlineData("BadEmailAddress", DeliveryOutcome.Bounced)]
    [InlineData("Blocked", DeliveryOutcome.Bounced)]
    [InlineData("DMARCPolicy", DeliveryOutcome.Bounced)]
    [InlineData("SoftBounce", DeliveryOutcome.Bounced)]
    [InlineData("Transient", DeliveryOutcome.Deferred)]
    public void Type_DecidesOutcome(string type, DeliveryOutcome expected)
    {
        var record = HardBounce.Replace("\"HardBounce\"", $"\"{type}\"", StringComparison.Ordinal);

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), record));

        Assert.Equal(expected, attempt.LogOutcome);
    }

    [Theory]
    [InlineData("smtp;452 4.2.2 The email account that you tried to reach is over quota.")]
    [InlineData("Mailbox full")]
    public void SoftBounce_IsFinalSoftFailure(string details)
    {
        var record = HardBounce
            .Replace("\"HardBounce\"", "\"SoftBounce\"", StringComparison.Ordinal)
            .Replace("smtp;550 5.1.1 The email account that you tried to reach does not exist.", details, StringComparison.Ordinal);
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), record));

        var classification = ClassifiedAttempt.From(attempt).Classification;

        Assert.Equal(BounceClass.Soft, attempt.SourceClass);
        Assert.Equal(DeliveryOutcome.Bounced, classification.Outcome);
        Assert.Equal(BounceClass.Soft, classification.Class);
        Assert.Equal(BounceCategory.MailboxFull, classification.Category);
        Assert.False(classification.Suppress);
    }

    [Theory]
    [InlineData("DNS Error: temporary failure in name resolution for example.com")]
    [InlineData("smtp;451 4.4.3 Temporary DNS lookup failure")]
    public void DnsError_IsFinalSoftFailure(string details)
    {
        var record = HardBounce
            .Replace("\"HardBounce\"", "\"DnsError\"", StringComparison.Ordinal)
            .Replace("smtp;550 5.1.1 The email account that you tried to reach does not exist.", details, StringComparison.Ordinal);
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), record));

        var classification = ClassifiedAttempt.From(attempt).Classification;

        Assert.Equal(BounceClass.Soft, attempt.SourceClass);
        Assert.Equal(DeliveryOutcome.Bounced, classification.Outcome);
        Assert.Equal(BounceClass.Soft, classification.Class);
        Assert.Equal(BounceCategory.NetworkError, classification.Category);
        Assert.False(classification.Suppress);
    }

    [Theory]
    [InlineData("DnsError", BounceCategory.NetworkError)]
    [InlineData("BadEmailAddress", BounceCategory.UserUnknown)]
    [InlineData("DMARCPolicy", BounceCategory.AuthenticationFailed)]
    [InlineData("Blocked", BounceCategory.SenderReputation)]
    public void TypeWithoutDetails_NamesCause(string type, BounceCategory expected)
    {
        var record = HardBounce
            .Replace("\"HardBounce\"", $"\"{type}\"", StringComparison.Ordinal)
            .Replace("smtp;550 5.1.1 The email account that you tried to reach does not exist.", "", StringComparison.Ordinal)
            .Replace("The server was unable to deliver your message.", "", StringComparison.Ordinal);
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), record));

        var classification = ClassifiedAttempt.From(attempt).Classification;

        Assert.Equal(expected, classification.Category);
    }

    [Fact]
    public void Transient_IsSoftRetry()
    {
        var record = HardBounce
            .Replace("\"HardBounce\"", "\"Transient\"", StringComparison.Ordinal)
            .Replace("smtp;550 5.1.1 The email account that you tried to reach does not exist.", "Message delayed", StringComparison.Ordinal);
        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), record));

        var classification = ClassifiedAttempt.From(attempt).Classification;

        Assert.Equal(DeliveryOutcome.Deferred, classification.Outcome);
        Assert.Equal(BounceClass.Soft, classification.Class);
        Assert.False(classification.Suppress);
    }

    [Theory]
    [InlineData("SpamNotification")]
    [InlineData("AutoResponder")]
    [InlineData("Subscribe")]
    [InlineData("ChallengeVerification")]
    public void Notification_IsSkipped(string type)
    {
        var record = HardBounce.Replace("\"HardBounce\"", $"\"{type}\"", StringComparison.Ordinal);
        var parser = NewParser();

        var attempts = SampleFiles.Parse(parser, record);

        Assert.Empty(attempts);
        Assert.Equal(1, parser.Report.SkippedByReason[EspSkipReasons.NotAFailure]);
    }

    [Fact]
    public void EmptyDetails_FallsBackToDescription()
    {
        var record = HardBounce.Replace("smtp;550 5.1.1 The email account that you tried to reach does not exist.", string.Empty, StringComparison.Ordinal);

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), record));

        Assert.Equal("The server was unable to deliver your message.", attempt.Reply);
    }

    [Fact]
    public void Delivery_IsDelivered()
    {
        const string Record = """{"RecordType":"Delivery","MessageID":"m4","Recipient":"j.doe@example.com","Tag":"june-cfos","DeliveredAt":"2024-06-11T09:16:00Z","Details":"smtp;250 2.0.0 OK"}""";

        var attempt = Assert.Single(SampleFiles.Parse(NewParser(), Record));

        Assert.Equal(DeliveryOutcome.Delivered, attempt.LogOutcome);
        Assert.Equal("j.doe@example.com", attempt.Recipient);
    }

    [Fact]
    public void OpenRecord_IsSkipped()
    {
        var parser = NewParser();

        var attempts = SampleFiles.Parse(parser, """{"RecordType":"Open","Recipient":"j.doe@example.com"}""");

        Assert.Empty(attempts);
        Assert.Equal(1, parser.Report.SkippedByReason[EspSkipReasons.NotADeliveryEvent]);
    }
}
