using System.IO.Compression;
using System.Text;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Domain.Tests.Formats;

public sealed class BounceSourceReaderTests
{
    [Theory]
    [InlineData("sendgrid-events.json", InputFormat.SendGrid, 5)]
    [InlineData("mailgun-events.json", InputFormat.Mailgun, 4)]
    [InlineData("ses-notifications.jsonl", InputFormat.AmazonSes, 5)]
    [InlineData("postmark-bounces.json", InputFormat.Postmark, 4)]
    [InlineData("smartlead-leads.csv", InputFormat.SequencerCsv, 2)]
    [InlineData("instantly-leads.csv", InputFormat.SequencerCsv, 2)]
    [InlineData("lemlist-activities.csv", InputFormat.SequencerCsv, 2)]
    [InlineData("custom-sequencer.csv", InputFormat.SequencerCsv, 3)]
    [InlineData("replies.txt", InputFormat.Replies, 4)]
    public void Sample_IsDetectedAndRead(string name, InputFormat format, int attempts)
    {
        var reading = SampleFiles.OpenSample(name);

        var found = reading.Attempts.ToList();

        Assert.Equal(format, reading.Detection.Format);
        Assert.Equal(attempts, found.Count);
        Assert.Equal(attempts, reading.Report.AttemptsFound);
        Assert.All(found, a => Assert.Equal(name, a.Source));
    }

    [Fact]
    public void Csv_AddressColumnWithoutMappingNamesColumn()
    {
        var csv = "contact,outcome\nfirst@example.com,BOUNCE\nsecond@example.com,OK\n"u8.ToArray();
        var options = new BounceSourceOptions { CsvMappingAdvice = column => $"use column {column}" };

        var error = Assert.Throws<LogFormatException>(() => BounceSourceReader.Open(new MemoryStream(csv), "contacts.csv", options));

        Assert.Equal("contacts.csv", error.Source);
        Assert.Equal(1, error.Line);
        Assert.Contains("'contact' contains email addresses", error.Problem);
        Assert.EndsWith("use column contact", error.Problem);
    }

    [Fact]
    public void Csv_AddressColumnWithMappingIsRead()
    {
        var csv = "contact,outcome\nfirst@example.com,BOUNCE\nsecond@example.com,OK\n"u8.ToArray();
        var mapping = new CsvColumnMapping { RecipientColumn = "contact", StatusColumn = "outcome", BouncedValues = ["BOUNCE"], DeliveredValues = ["OK"] };

        var reading = BounceSourceReader.Open(new MemoryStream(csv), "contacts.csv", new BounceSourceOptions { CsvMapping = mapping });
        var found = reading.Attempts.ToList();

        Assert.Equal(InputFormat.SequencerCsv, reading.Detection.Format);
        Assert.Equal([DeliveryOutcome.Bounced, DeliveryOutcome.Delivered], found.Select(a => a.LogOutcome));
    }

    [Fact]
    public void Sample_SendGridValues()
    {
        var found = SampleFiles.OpenSample("sendgrid-events.json").Attempts.ToList();

        Assert.Equal(
            [DeliveryOutcome.Bounced, DeliveryOutcome.Deferred, DeliveryOutcome.Bounced, DeliveryOutcome.Delivered, DeliveryOutcome.Bounced],
            found.Select(a => a.LogOutcome));
        Assert.Equal("type=blocked; bounce_classification=Reputation", found[2].SourceVerdict);
        Assert.Equal([2L, 3L, 4L, 5L, 6L], found.Select(a => a.Line));
    }

    [Fact]
    public void Sample_SesValues()
    {
        var found = SampleFiles.OpenSample("ses-notifications.jsonl").Attempts.ToList();

        Assert.Equal(
            [DeliveryOutcome.Bounced, DeliveryOutcome.Bounced, DeliveryOutcome.Deferred, DeliveryOutcome.Delivered, DeliveryOutcome.Bounced],
            found.Select(a => a.LogOutcome));
        Assert.Equal("who@example.org", found[4].Recipient);
        Assert.Equal(5, found[4].Line);
    }

    [Fact]
    public void Sample_PostmarkValues()
    {
        var found = SampleFiles.OpenSample("postmark-bounces.json").Attempts.ToList();

        Assert.Equal(["sales@example.com", "full@example.net", "cfo@example.net", "j.doe@example.com"], found.Select(a => a.Recipient));
        Assert.Null(found[2].Sender);
    }

    [Fact]
    public void Sample_MailgunValues()
    {
        var found = SampleFiles.OpenSample("mailgun-events.json").Attempts.ToList();

        Assert.Equal(
            [DeliveryOutcome.Bounced, DeliveryOutcome.Deferred, DeliveryOutcome.Delivered, DeliveryOutcome.Bounced],
            found.Select(a => a.LogOutcome));
        Assert.Equal("old@example.net", found[3].Recipient);
    }

    [Fact]
    public void GivenFormat_HasFullConfidence()
    {
        var reading = SampleFiles.Open("550 5.1.1 unknown\n", "x.txt", new BounceSourceOptions { Format = InputFormat.Replies });

        Assert.Equal(1, reading.Detection.Confidence);
        Assert.Single(reading.Attempts);
    }

    [Fact]
    public void GivenMapping_IsUsed()
    {
        var mapping = new CsvColumnMapping { RecipientColumn = "addr", StatusColumn = "state", BouncedValues = ["gone"] };
        var options = new BounceSourceOptions { CsvMapping = mapping, Format = InputFormat.SequencerCsv };

        var reading = SampleFiles.Open("addr,state\nsales@example.com,gone\nops@example.org,ok\n", "x.csv", options);

        Assert.Equal("sales@example.com", Assert.Single(reading.Attempts).Recipient);
    }

    [Fact]
    public void CsvWithoutRecipientColumn_AsksForMapping()
    {
        var options = new BounceSourceOptions { Format = InputFormat.SequencerCsv };

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open("addr,state\nsales@example.com,gone\n", "x.csv", options));

        Assert.Contains("map the columns", error.Problem);
        Assert.Contains("'addr'", error.Problem);
    }

    [Fact]
    public void Gzip_IsDecompressed()
    {
        var content = Gzip(File.ReadAllBytes(SampleFiles.PathOf("sendgrid-events.json")));

        var reading = SampleFiles.Open(content, "events.json.gz");

        Assert.Equal(InputFormat.SendGrid, reading.Detection.Format);
        Assert.Equal(5, reading.Attempts.Count());
    }

    [Fact]
    public void Open_ReadsLazily()
    {
        var bytes = Encoding.UTF8.GetBytes("550 5.1.1 unknown\n").Concat(new byte[] { 0xff, (byte)'\n' }).ToArray();

        var reading = SampleFiles.Open(bytes, "x.txt");

        Assert.Equal(InputFormat.Replies, reading.Detection.Format);
        Assert.Throws<LogFormatException>(() => reading.Attempts.ToList());
    }

    [Fact]
    public void Zip_GoesToBounceEmailReader()
    {
        byte[] zip = [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0];

        var reading = SampleFiles.Open(zip, "bounces.zip");

        Assert.Equal(InputFormat.BounceEmail, reading.Detection.Format);
    }

    [Fact]
    public void EmptyFile_IsRejected()
    {
        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open([], "empty.log"));

        Assert.Equal("empty.log", error.Source);
        Assert.Contains("empty", error.Problem);
    }

    [Fact]
    public void EmptyGzip_IsRejected()
    {
        // A complete gzip member of no data: header, an empty final deflate block, CRC-32 and size 0.
        byte[] emptyGzip = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open(emptyGzip, "empty.log.gz"));

        Assert.Contains("contains no data", error.Problem);
    }

    [Fact]
    public void BinaryFile_IsRejected()
    {
        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2], "a.out"));

        Assert.Contains("binary", error.Problem);
    }

    [Fact]
    public void BinaryWithGivenTextFormat_IsRejected()
    {
        var options = new BounceSourceOptions { Format = InputFormat.Postfix };

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open([(byte)'P', (byte)'K', 3, 4, 0, 0], "x.zip", options));

        Assert.Contains("zip archive", error.Problem);
    }

    [Fact]
    public void UnknownFormat_IsRejected()
    {
        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open("Dear customer,\nthank you.\n", "letter.txt"));

        Assert.Equal("letter.txt", error.Source);
        Assert.Contains("'Dear customer,'", error.Problem);
        Assert.Contains("Supported formats", error.Problem);
    }

    [Fact]
    public void BrokenQuoteCsv_NamesLine()
    {
        var csv = "email,status,reason\nsales@example.com,bounced,\"550 5.1.1 unknown\nops@example.org,bounced,x\n";

        var reading = SampleFiles.Open(csv, "broken.csv");
        var error = Assert.Throws<LogFormatException>(() => reading.Attempts.ToList());

        Assert.Equal("broken.csv", error.Source);
        Assert.Equal(2, error.Line);
        Assert.Contains("fix the quoting", error.Problem);
    }

    [Fact]
    public void CorruptGzip_IsRejected()
    {
        var content = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("550 5.1.1 unknown user\n", 1000))));
        content[20] ^= 0xff;
        content[21] ^= 0xff;

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open(content, "corrupt.gz").Attempts.ToList());

        Assert.Equal("corrupt.gz", error.Source);
        Assert.Contains("gzip", error.Problem);
    }

    [Fact]
    public void TruncatedGzip_IsRejected()
    {
        var content = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("550 5.1.1 unknown user\n", 1000))));

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open(content[..^6], "cut.gz").Attempts.ToList());

        Assert.Contains("truncated", error.Problem);
    }

    [Fact]
    public void GzipBeyondRatio_IsRejected()
    {
        // About 4 MiB of one repeated reply compresses far beyond 20 times.
        var content = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("550 5.1.1 unknown user\n", 180_000))));

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open(content, "bomb.gz").Attempts.ToList());

        Assert.Contains("decompression bomb", error.Problem);
        Assert.Contains("20 times", error.Problem);
    }

    [Fact]
    public void GzipBeyondSizeLimit_IsRejected()
    {
        var content = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("550 5.1.1 unknown user\n", 10_000))));
        var options = new BounceSourceOptions { MaxExpandedBytes = 100_000, MaxExpansionRatio = 1000 };

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Open(content, "big.gz", options).Attempts.ToList());

        Assert.Contains("100,000 bytes", error.Problem);
    }

    [Fact]
    public void GzipWithinLimits_IsRead()
    {
        var content = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("550 5.1.1 unknown user\n", 10_000))));
        var options = new BounceSourceOptions { MaxExpansionRatio = 1000 };

        var count = SampleFiles.Open(content, "ok.gz", options).Attempts.Count();

        Assert.Equal(10_000, count);
    }

    [Fact]
    public void TenMegabyteLine_IsRejected()
    {
        var text = "550 5.1.1 unknown user\n" + new string('5', 10 * 1024 * 1024) + "\n";

        var reading = SampleFiles.Open(text, "long.txt");
        var error = Assert.Throws<LogFormatException>(() => reading.Attempts.ToList());

        Assert.Equal(2, error.Line);
        Assert.Contains("longer than", error.Problem);
    }

    [Fact]
    public void TenMegabyteJsonLine_IsRejected()
    {
        var text = "{\"email\":\"a@example.com\",\"event\":\"bounce\",\"sg_event_id\":\"x\",\"reason\":\"" + new string('x', 10 * 1024 * 1024) + "\"}\n";

        var reading = SampleFiles.Open(text, "long.json");
        var error = Assert.Throws<LogFormatException>(() => reading.Attempts.ToList());

        Assert.Equal(1, error.Line);
        Assert.Contains("longer than", error.Problem);
    }

    [Fact]
    public void InvalidUtf8_NamesLine()
    {
        var bytes = Encoding.UTF8.GetBytes("550 5.1.1 unknown\n451 4.7.1 greylisted\n550 caf")
            .Concat(new byte[] { 0xe9, (byte)'\n' })
            .ToArray();

        var reading = SampleFiles.Open(bytes, "latin1.txt");
        var error = Assert.Throws<LogFormatException>(() => reading.Attempts.ToList());

        Assert.Equal("latin1.txt", error.Source);
        Assert.Equal(3, error.Line);
        Assert.Contains("UTF-8", error.Problem);
    }

    [Fact]
    public void InvalidUtf8AfterFirstBlock_NamesLine()
    {
        var valid = string.Concat(Enumerable.Repeat("550 5.1.1 unknown user\n", 10_000));
        var bytes = Encoding.UTF8.GetBytes(valid).Concat(new byte[] { 0xc3, 0x28, (byte)'\n' }).ToArray();

        var reading = SampleFiles.Open(bytes, "bad.txt");
        var error = Assert.Throws<LogFormatException>(() => reading.Attempts.ToList());

        Assert.Equal(10_001, error.Line);
    }

    [Fact]
    public void ByteOrderMark_IsDropped()
    {
        var bytes = new byte[] { 0xef, 0xbb, 0xbf }.Concat(Encoding.UTF8.GetBytes("email,status\nsales@example.com,bounced\n")).ToArray();

        var attempt = Assert.Single(SampleFiles.Open(bytes, "bom.csv").Attempts);

        Assert.Equal("sales@example.com", attempt.Recipient);
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
