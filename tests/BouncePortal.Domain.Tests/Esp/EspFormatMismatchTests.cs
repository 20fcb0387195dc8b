using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Esp;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Esp;

/// <summary>
/// An ESP export read in another ESP's format, whose records all lack that format's event type
/// field, fails with an error that names the format and the field, instead of storing nothing.
/// </summary>
public sealed class EspFormatMismatchTests
{
    public static TheoryData<string, string, string> Mismatches => new()
    {
        { "mailgun", "postmark-bounces.json", "not an export of Mailgun events: 5 records read, none with an \"event\" field." },
        { "sendgrid", "postmark-bounces.json", "not an export of SendGrid events: 5 records read, none with an \"event\" field." },
        { "ses", "sendgrid-events.json", "not an export of Amazon SES events: 7 records read, none with a \"notificationType\" or \"eventType\" field." },
        { "postmark", "sendgrid-events.json", "not an export of Postmark events: 7 records read, none with a \"Type\" field." },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void OtherEspExport_IsRejected(string format, string sample, string expected)
    {
        var parser = NewParser(format);

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Parse(parser, File.ReadAllText(SampleFiles.PathOf(sample))));

        Assert.Contains(expected, error.Message);
        Assert.EndsWith("Choose the format that matches the file, or let detection choose it", error.Message);
        Assert.StartsWith("events.json", error.Message);
    }

    [Fact]
    public void LongMismatch_StopsAtDetectionLimit()
    {
        var records = string.Concat(Enumerable.Repeat("{\"RecordType\":\"Bounce\"}\n", EspEventParser.DetectionRecordCount + 500));
        var parser = NewParser("sendgrid");

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Parse(parser, records));

        Assert.Contains("the first 1,000 records read, none with an \"event\" field", error.Message);
        Assert.Equal(EspEventParser.DetectionRecordCount, parser.Report.LinesRead);
    }

    [Fact]
    public void OneRecordWithEventType_IsNotRejected()
    {
        var records = "{\"RecordType\":\"Bounce\"}\n{\"event\":\"open\",\"email\":\"a@example.com\",\"timestamp\":1718097331}\n";
        var parser = NewParser("sendgrid");

        var attempts = SampleFiles.Parse(parser, records);

        Assert.Empty(attempts);
        Assert.Equal(1, parser.Report.SkippedByReason[EspSkipReasons.NoEventType]);
        Assert.Equal(1, parser.Report.SkippedByReason[EspSkipReasons.NotADeliveryEvent]);
    }

    [Fact]
    public void EmptyArray_IsNotRejected()
    {
        var parser = NewParser("sendgrid");

        var attempts = SampleFiles.Parse(parser, "[]");

        Assert.Empty(attempts);
        Assert.Equal(0, parser.Report.LinesRead);
    }

    private static EspEventParser NewParser(string format) => format switch
    {
        "sendgrid" => new SendGridEventParser("events.json", SampleFiles.UploadedAt),
        "mailgun" => new MailgunEventParser("events.json", SampleFiles.UploadedAt),
        "ses" => new AmazonSesEventParser("events.json", SampleFiles.UploadedAt),
        _ => new PostmarkBounceParser("events.json", SampleFiles.UploadedAt),
    };
}
