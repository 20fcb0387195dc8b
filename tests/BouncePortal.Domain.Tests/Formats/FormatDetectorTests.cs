using System.Text;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Domain.Tests.Formats;

public sealed class FormatDetectorTests
{
    public static TheoryData<string, string, InputFormat> Heads => new()
    {
        {
            "maillog",
            "Jun 11 14:05:30 mta1 postfix/smtp[4420]: B7E29D0A11: to=<info@example.net>, relay=none, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)\n",
            InputFormat.Postfix
        },
        {
            "mainlog",
            "2024-06-11 09:14:02 1sGx4Y-000Abc-7Q ** sales@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.80]: SMTP error from remote mail server after RCPT TO:<sales@example.com>: 550 5.1.1 User unknown\n",
            InputFormat.Exim
        },
        {
            "mainlog-new-ids",
            "2024-06-11 09:14:02 1sGx4Y-00000000Abc-0007 <= anna@outreach.example.com H=app01 [198.51.100.23] P=esmtpa S=5120\n",
            InputFormat.Exim
        },
        {
            "sendmail.log",
            "Jun 11 10:02:11 relay3 sm-mta[8812]: 4BBA2f0x008812: to=<sales@example.com>, delay=00:00:02, mailer=esmtp, relay=mx.example.com. [192.0.2.80], dsn=5.1.1, stat=User unknown\n",
            InputFormat.Sendmail
        },
        {
            "acct.csv",
            "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat\nb,2024-06-11 09:15:10-0400,2024-06-11 09:15:07-0400,anna@outreach.example.com,sales@example.com,,failed,5.1.1,\"smtp;550 5.1.1 unknown\",mx.example.com (192.0.2.90),bad-mailbox\n",
            InputFormat.PowerMta
        },
        {
            "kumo.jsonl",
            "{\"type\":\"Bounce\",\"id\":\"0a1b\",\"sender\":\"anna@outreach.example.com\",\"recipient\":\"sales@example.com\",\"response\":{\"code\":550,\"content\":\"user unknown\"}}\n",
            InputFormat.KumoMta
        },
        {
            "MSGTRK2024061100-1.LOG",
            "\uFEFF#Software: Microsoft Exchange Server\n#Version: 15.01.2507.000\n#Log-type: Message Tracking Log\n#Fields: date-time,client-ip,recipient-address\n",
            InputFormat.ExchangeTracking
        },
        {
            "tracking.log",
            "#Fields: date-time,client-ip,client-hostname,server-ip\n2024-06-11T09:31:02.845Z,10.0.0.5,EX01,192.0.2.90\n",
            InputFormat.ExchangeTracking
        },
        {
            "bounces.mbox",
            "From MAILER-DAEMON Tue Jun 11 09:14:02 2024\nReturn-Path: <>\nFrom: Mail Delivery System <MAILER-DAEMON@mta1.example.com>\n",
            InputFormat.BounceEmail
        },
        {
            "bounce.eml",
            "Return-Path: <>\nFrom: MAILER-DAEMON@mta1.example.com\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\n",
            InputFormat.BounceEmail
        },
        {
            "message.txt",
            "Received: from mx.example.com\nX-Failed-Recipients: sales@example.com\nSubject: Mail delivery failed\n",
            InputFormat.BounceEmail
        },
        {
            "events.json",
            "[{\"email\":\"sales@example.com\",\"timestamp\":1718097331,\"event\":\"bounce\",\"sg_event_id\":\"ZXhhbXBsZS1ldmVudA\"}]",
            InputFormat.SendGrid
        },
        {
            "webhook.json",
            "{\"signature\":{\"token\":\"t\"},\"event-data\":{\"event\":\"failed\",\"severity\":\"permanent\"}}",
            InputFormat.Mailgun
        },
        {
            "mailgun.json",
            "[{\"event\":\"failed\",\"recipient\":\"sales@example.com\",\"delivery-status\":{\"code\":550}}]",
            InputFormat.Mailgun
        },
        {
            "ses.json",
            "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\"},\"mail\":{\"source\":\"anna@outreach.example.com\"}}",
            InputFormat.AmazonSes
        },
        {
            "ses-events.json",
            "{\"eventType\":\"DeliveryDelay\",\"mail\":{\"source\":\"anna@outreach.example.com\"},\"deliveryDelay\":{}}",
            InputFormat.AmazonSes
        },
        {
            "sns.json",
            "{\"Type\":\"Notification\",\"Message\":\"{\\\"notificationType\\\":\\\"Bounce\\\",\\\"mail\\\":{}}\"}",
            InputFormat.AmazonSes
        },
        {
            "postmark.json",
            "[{\"RecordType\":\"Bounce\",\"Type\":\"HardBounce\",\"Email\":\"sales@example.com\",\"BouncedAt\":\"2024-06-11T09:15:31Z\"}]",
            InputFormat.Postmark
        },
        {
            "leads.csv",
            "id,campaign_lead_map_id,status,category,is_interested,created_at,first_name,last_name,email\n",
            InputFormat.SequencerCsv
        },
        {
            "custom.csv",
            "Recipient;Status;Bounce Reason\nsales@example.com;bounced;550 5.1.1 unknown\n",
            InputFormat.SequencerCsv
        },
        {
            "contacts.csv",
            "contact,outcome,when,smtp_response,mailbox\nfirst@example.com,BOUNCE,2026-12-04T10:00:00Z,\"550 5.1.1 no such user\",anna@outreach.example.com\n",
            InputFormat.SequencerCsv
        },
        {
            "replies.txt",
            "550 5.1.1 The email account that you tried to reach does not exist.\n421-4.7.0 Try again later\n",
            InputFormat.Replies
        },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void Detect_RecognisesFormat(string fileName, string head, InputFormat expected)
    {
        var detection = FormatDetector.Detect(Encoding.UTF8.GetBytes(head), fileName);

        Assert.Equal(expected, detection.Format);
        Assert.InRange(detection.Confidence, 0.5, 1);
        Assert.False(string.IsNullOrWhiteSpace(detection.Reason));
    }

    [Fact]
    public void Detect_RecognisesZip()
    {
        byte[] head = [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0];

        var detection = FormatDetector.Detect(head, "bounces.zip");

        Assert.Equal(InputFormat.BounceEmail, detection.Format);
    }

    [Fact]
    public void Detect_PresetHasHigherConfidenceThanSynonyms()
    {
        var preset = FormatDetector.Detect("_id,type,leadEmail,sendUserEmail\n"u8, "a.csv");
        var synonyms = FormatDetector.Detect("Recipient,Status\n"u8, "b.csv");

        Assert.True(preset.Confidence > synonyms.Confidence);
        Assert.Contains("lemlist", preset.Reason);
    }

    [Fact]
    public void Detect_AddressColumnNamesColumn()
    {
        var detection = FormatDetector.Detect("id;contact;note\n1;sales@example.com;bounced\n2;ops@example.org;\n"u8, "contacts.csv");

        Assert.Equal(InputFormat.SequencerCsv, detection.Format);
        Assert.Contains("'contact'", detection.Reason);
        Assert.Contains("mapping", detection.Reason);
    }

    [Theory]
    [InlineData("name,company\nAnna,Example Inc\n")]
    [InlineData("name,contact\n")]
    public void Detect_CsvWithoutAddressColumnFails(string head)
    {
        var error = Assert.Throws<LogFormatException>(() => FormatDetector.Detect(System.Text.Encoding.UTF8.GetBytes(head), "people.csv"));

        Assert.Contains("not recognised", error.Problem);
    }

    [Theory]
    [InlineData("note,value\n\"broken,sales@example.com\n", 2)]
    [InlineData("note,contact\nfirst,sales@example.com\nsecond,\"ops@example.org\nthird,raj@example.net\n", 3)]
    [InlineData("note,contact\nfirst,sales@example.com\nsec\"ond,ops@example.org\nthird,raj@example.net\n", 3)]
    public void Detect_UnknownNamesBrokenQuote_NamesLine(string head, long line)
    {
        var error = Assert.Throws<LogFormatException>(() => FormatDetector.Detect(Encoding.UTF8.GetBytes(head), "people.csv"));

        Assert.Equal("people.csv", error.Source);
        Assert.Equal(line, error.Line);
        Assert.Contains("fix the quoting", error.Problem);
        Assert.DoesNotContain("not recognised", error.Problem);
    }

    [Fact]
    public void Detect_StrayQuoteInPartialHead_IsReported()
    {
        var csv = "note,contact\nfirst,sales@example.com\nsec\"ond,ops@example.org\n" + LongQuotedRow();

        var error = Assert.Throws<LogFormatException>(() => FormatDetector.Detect(Head(csv), "people.csv"));

        Assert.Equal(3, error.Line);
        Assert.Contains("fix the quoting", error.Problem);
    }

    [Fact]
    public void Detect_QuotedFieldPastHead_StillDetects()
    {
        var csv = "note,contact\nfirst,sales@example.com\nsecond,ops@example.org\n" + LongQuotedRow() + "fourth,raj@example.net\n";
        Assert.True(Encoding.UTF8.GetByteCount(csv) > FormatDetector.HeadSize);

        var detection = FormatDetector.Detect(Head(csv), "people.csv");

        Assert.Equal(InputFormat.SequencerCsv, detection.Format);
        Assert.Contains("'contact'", detection.Reason);
    }

    [Fact]
    public void Open_QuotedFieldPastHead_ReadsEveryRow()
    {
        var csv = "note,contact\nfirst,sales@example.com\nsecond,ops@example.org\n" + LongQuotedRow() + "fourth,raj@example.net\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var options = new BounceSourceOptions { CsvMapping = new CsvColumnMapping { RecipientColumn = "contact" } };

        var reading = BounceSourceReader.Open(stream, "people.csv", options);
        var recipients = reading.Attempts.Select(attempt => attempt.Recipient).ToList();

        Assert.Equal(InputFormat.SequencerCsv, reading.Detection.Format);
        Assert.Equal(["sales@example.com", "ops@example.org", "lee@example.com", "raj@example.net"], recipients);
    }

    [Fact]
    public void Detect_RepliesWithStrayQuote_StayReplies()
    {
        var detection = FormatDetector.Detect("550 5.1.1 unknown user, rejected\n421 \"try\" later, busy\n"u8, "replies.txt");

        Assert.Equal(InputFormat.Replies, detection.Format);
    }

    [Fact]
    public void Detect_UnknownNamesFileAndFirstLine()
    {
        var error = Assert.Throws<LogFormatException>(() => FormatDetector.Detect("hello world\nsecond line\n"u8, "notes.txt"));

        Assert.Equal("notes.txt", error.Source);
        Assert.Contains("'hello world'", error.Problem);
        Assert.Contains("Postfix", error.Problem);
        Assert.Contains("SendGrid", error.Problem);
    }

    [Fact]
    public void Detect_UnknownTruncatesFirstLine()
    {
        var line = "\u001b[31m" + new string('a', 500);

        var error = Assert.Throws<LogFormatException>(() => FormatDetector.Detect(Encoding.UTF8.GetBytes(line), "x.txt"));

        Assert.Contains("?[31maaaa", error.Problem);
        Assert.DoesNotContain(new string('a', 100), error.Problem);
        Assert.DoesNotContain('\u001b', error.Problem);
    }

    [Fact]
    public void Detect_UnknownJson()
    {
        var error = Assert.Throws<LogFormatException>(() => FormatDetector.Detect("{\"name\":\"value\"}"u8, "x.json"));

        Assert.Contains("not recognised", error.Problem);
    }

    [Fact]
    public void Detect_BinaryIsRejected()
    {
        byte[] head = [1, 2, 0, 4, 5];

        var error = Assert.Throws<LogFormatException>(() => FormatDetector.Detect(head, "x.bin"));

        Assert.Contains("binary", error.Problem);
    }

    [Fact]
    public void Detect_EmptyIsRejected()
    {
        var error = Assert.Throws<LogFormatException>(() => FormatDetector.Detect([], "x.log"));

        Assert.Contains("empty", error.Problem);
    }

    /// <summary>A row whose quoted note, with line breaks, is longer than the detector's head.</summary>
    private static string LongQuotedRow()
    {
        var note = string.Concat(Enumerable.Repeat("a long note, with \"\"quotes\"\"\n", FormatDetector.HeadSize / 20));
        return $"\"{note}\",lee@example.com\n";
    }

    /// <summary>The first <see cref="FormatDetector.HeadSize"/> bytes of <paramref name="content"/>, as the readers pass them.</summary>
    private static byte[] Head(string content) => Encoding.UTF8.GetBytes(content)[..FormatDetector.HeadSize];
}
