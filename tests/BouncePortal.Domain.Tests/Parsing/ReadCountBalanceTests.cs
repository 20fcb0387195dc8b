using System.IO.Compression;
using System.Text;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Email;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Tests.Email;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Parsing;

/// <summary>
/// Every line, record or email that a parse counts as read is either skipped under one reason or
/// gives at least one attempt, also when the parse stops at an error. The upload page derives the
/// lines that gave attempts from this balance.
/// </summary>
public sealed class ReadCountBalanceTests
{
    private const string PowerMtaHeader =
        "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool";

    private const string PowerMtaBounce =
        "b,2024-06-11 09:15:10-0400,2024-06-11 09:15:07-0400,anna@outreach-example.com,sales@example.com,,failed,5.1.1 (bad destination mailbox address),\"smtp;550 5.1.1 User unknown\",mx.example.com (192.0.2.90),bad-mailbox,smtp,app01,smtp,198.51.100.23,192.0.2.90,,5120,vmta-a,camp-0611,,example.com/vmta-a,pool-a";

    private const string ExchangeFields =
        "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version";

    private const string ExchangeFail =
        "2024-06-11T09:33:40.101Z,10.0.0.5,EX01,192.0.2.91,mx.example.net,,Outbound to Internet,SMTP,FAIL,12884901905,<a1b3@outreach-example.com>,0f1e2d3c-0000-4000-8000-000000000002,sales@example.net,\"550 5.1.1 <sales@example.net>: Recipient address rejected: User unknown\",6120,1,,,\"Re: pricing, Q3\",anna@outreach-example.com,anna@outreach-example.com,,Originating,,10.0.0.5,10.0.0.6,,Email,,";

    private const string KumoBounce =
        "{\"type\":\"Bounce\",\"id\":\"2e98076abbbc11ed940250ebf67f93bd\",\"sender\":\"anna@outreach-example.com\",\"recipient\":\"sales@example.com\",\"queue\":\"example.com\",\"response\":{\"code\":550,\"enhanced_code\":{\"class\":5,\"subject\":1,\"detail\":1},\"content\":\"User unknown\",\"command\":\"RCPT TO\"},\"timestamp\":1718097331}";

    private const string SesBounce =
        "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bouncedRecipients\":[{\"emailAddress\":\"sales@example.com\",\"status\":\"5.1.1\",\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}],\"timestamp\":\"2024-06-11T09:15:31.420Z\"},\"mail\":{\"timestamp\":\"2024-06-11T09:15:30.000Z\",\"source\":\"anna@outreach.example.com\",\"messageId\":\"m1\"}}";

    public static TheoryData<string> SampleFileNames => new()
    {
        "custom-sequencer.csv",
        "exchange-MSGTRK.LOG",
        "exim-mainlog.log",
        "instantly-leads.csv",
        "kumomta-log.jsonl",
        "lemlist-activities.csv",
        "mailgun-events.json",
        "postmark-bounces.json",
        "powermta-acct.csv",
        "replies.txt",
        "sendgrid-events.json",
        "sendmail-maillog.log",
        "ses-notifications.jsonl",
        "smartlead-leads.csv",
    };

    [Theory]
    [MemberData(nameof(SampleFileNames))]
    public void SampleFile_Balances(string name)
    {
        var parse = Run(SampleFiles.OpenSample(name));

        AssertBalanced(parse);
        Assert.Null(parse.Error);
    }

    [Fact]
    public void PostfixLog_Balances()
    {
        var parse = Run(Open(string.Join('\n', PostfixSamples.All) + "\n", "maillog"));

        AssertBalanced(parse);
        Assert.Equal(PostfixSamples.All.Length, parse.Report.LinesRead);
    }

    [Fact]
    public void CorruptGzip_Balances()
    {
        var gzip = Gzip(Encoding.UTF8.GetBytes(LargePostfixLog()));
        for (var i = gzip.Length / 2; i < gzip.Length / 2 + 40; i++)
        {
            gzip[i] ^= 0x5A;
        }

        var parse = Run(SampleFiles.Open(gzip, "maillog.gz", Options(InputFormat.Postfix)));

        Assert.NotNull(parse.Error);
        Assert.Contains("gzip", parse.Error.Message, StringComparison.Ordinal);
        Assert.InRange(parse.Report.LinesRead, 1, 3999);
        AssertBalanced(parse);
    }

    [Fact]
    public void CutOffLastLine_NotRead()
    {
        var cutOff = PostfixSamples.GmailUserUnknown[..PostfixSamples.GmailUserUnknown.IndexOf(", dsn=", StringComparison.Ordinal)];
        var content = $"{PostfixSamples.SenderLine}\n{PostfixSamples.Sent}\n{cutOff}";

        var parse = Run(Open(content, "maillog", InputFormat.Postfix));

        Assert.Equal(3, parse.Error?.Line);
        Assert.Equal(2, parse.Report.LinesRead);
        Assert.Equal(1, parse.Report.LinesWithAttempts);
        AssertBalanced(parse);
    }

    [Fact]
    public void NotPostfixFile_Balances()
    {
        var content = string.Concat(Enumerable.Repeat("meeting notes, nothing to deliver\n", PostfixLogParser.DetectionLineCount + 5));

        var parse = Run(Open(content, "notes.log", InputFormat.Postfix));

        Assert.NotNull(parse.Error);
        Assert.Equal(PostfixLogParser.DetectionLineCount - 1, parse.Report.LinesRead);
        Assert.Equal(0, parse.Report.LinesWithAttempts);
        AssertBalanced(parse);
    }

    [Fact]
    public void InvalidUtf8_Balances()
    {
        var good = Encoding.UTF8.GetBytes(LargePostfixLog());
        var parse = Run(SampleFiles.Open([.. good, 0xC3, 0x28, (byte)'\n'], "maillog", Options(InputFormat.Postfix)));

        Assert.NotNull(parse.Error);
        Assert.Equal(4000, parse.Report.LinesRead);
        AssertBalanced(parse);
    }

    [Fact]
    public void PowerMtaBadQuoting_Balances()
    {
        var content = $"{PowerMtaHeader}\n{PowerMtaBounce}\n{PowerMtaBounce.Replace("\"smtp;550", "\"smtp;\"550", StringComparison.Ordinal)}\n{PowerMtaBounce}\n";

        var parse = Run(Open(content, "acct.csv", InputFormat.PowerMta));

        Assert.Equal(3, parse.Error?.Line);
        Assert.Equal(2, parse.Report.LinesRead);
        AssertBalanced(parse);
    }

    [Fact]
    public void ExchangeLineBreak_CountsContinuation()
    {
        var twoLineSubject = ExchangeFail.Replace("\"Re: pricing, Q3\"", "\"Re: pricing,\nQ3\"", StringComparison.Ordinal);
        var content = $"{ExchangeFields}\n{twoLineSubject}\n{ExchangeFail}\n";

        var parse = Run(Open(content, "MSGTRK.LOG", InputFormat.ExchangeTracking));

        Assert.Null(parse.Error);
        Assert.Equal(4, parse.Report.LinesRead);
        Assert.Equal(2, parse.Report.LinesWithAttempts);
        AssertBalanced(parse);
    }

    [Fact]
    public void ExchangeFieldCountError_Balances()
    {
        var content = $"{ExchangeFields}\n{ExchangeFail}\n{ExchangeFail},extra\n{ExchangeFail}\n";

        var parse = Run(Open(content, "MSGTRK.LOG", InputFormat.ExchangeTracking));

        Assert.Equal(3, parse.Error?.Line);
        Assert.Equal(2, parse.Report.LinesRead);
        AssertBalanced(parse);
    }

    [Fact]
    public void KumoInvalidJson_Balances()
    {
        var content = $"{KumoBounce}\n{{\"type\":\"Bounce\",\n{KumoBounce}\n";

        var parse = Run(Open(content, "kumo.jsonl", InputFormat.KumoMta));

        Assert.Equal(2, parse.Error?.Line);
        Assert.Equal(1, parse.Report.LinesRead);
        AssertBalanced(parse);
    }

    [Fact]
    public void SesBrokenEnvelope_Balances()
    {
        const string brokenEnvelope = "{\"Type\":\"Notification\",\"Message\":\"{not json\"}";
        var content = $"{SesBounce}\n{brokenEnvelope}\n{SesBounce}\n";

        var parse = Run(Open(content, "ses.jsonl", InputFormat.AmazonSes));

        Assert.Equal(2, parse.Error?.Line);
        Assert.Equal(1, parse.Report.LinesRead);
        AssertBalanced(parse);
    }

    [Fact]
    public void Mbox_Balances()
    {
        const string notABounce = "From: anna@example.net\nTo: ben@example.net\nSubject: Lunch\nDate: Tue, 11 Jun 2024 09:20:00 +0000\n\nSee you at noon.\n";
        var mbox = BounceEmails.Mbox(BounceEmails.Rfc3464Failed, notABounce, BounceEmails.Gmail);

        var parse = Run(Open(mbox, "bounces.mbox"));

        Assert.Null(parse.Error);
        Assert.Equal(3, parse.Report.LinesRead);
        Assert.Equal(2, parse.Report.LinesWithAttempts);
        AssertBalanced(parse);
    }

    [Fact]
    public void ZipNonEmailEntries_NotRead()
    {
        var zip = BounceEmails.Zip(
            ("bounces/", []),
            ("__MACOSX/._a.eml", [0, 5, 22, 7]),
            ("notes.txt", BounceEmails.Bytes("call the client on Monday\n")),
            ("a.eml", BounceEmails.Bytes(BounceEmails.Rfc3464Failed)),
            ("b.mbox", BounceEmails.Bytes(BounceEmails.Mbox(BounceEmails.Gmail, BounceEmails.Yahoo))));

        var parse = Run(SampleFiles.Open(zip, "bounces.zip"));

        Assert.Null(parse.Error);
        Assert.Equal(3, parse.Report.LinesRead);
        Assert.Equal(3, parse.Report.LinesWithAttempts);
        Assert.Equal(3, parse.Report.ArchiveEntriesSkipped);
        AssertBalanced(parse);
    }

    [Theory]
    [InlineData(EmailSkipReasons.Folder, true)]
    [InlineData(EmailSkipReasons.ArchiverMetadata, true)]
    [InlineData(EmailSkipReasons.NotAnEmail, true)]
    [InlineData(EmailSkipReasons.NestedArchive, true)]
    [InlineData(EmailSkipReasons.NoRecipient, false)]
    [InlineData(EmailSkipReasons.AlreadyImported, false)]
    [InlineData(SkipReasons.EmptyLine, false)]
    [InlineData("a reason no parser uses", false)]
    public void IsArchiveEntry_ByReason(string reason, bool entry)
    {
        Assert.Equal(entry, SkipReasons.IsArchiveEntry(reason));
    }

    [Fact]
    public void SkipWithCount_KeepsOneLocation()
    {
        var report = new ParseReport();
        report.SetPosition("MSGTRK.LOG", 7);

        report.Skip(SkipReasons.ContinuationLine, 3);

        Assert.Equal(3, report.SkippedByReason[SkipReasons.ContinuationLine]);
        Assert.Equal([new SkipLocation("MSGTRK.LOG", 7)], report.FirstSkippedAt(SkipReasons.ContinuationLine));
    }

    /// <summary>
    /// Checks that the items read split into those skipped and those that gave attempts, counting
    /// an item that gave attempts by the distinct source and position of its attempts.
    /// </summary>
    private static void AssertBalanced(Parse parse)
    {
        var report = parse.Report;
        var itemsSkipped = report.LinesSkipped - report.ArchiveEntriesSkipped;

        Assert.Equal(parse.ItemsWithAttempts, report.LinesWithAttempts);
        Assert.Equal(report.LinesRead, itemsSkipped + parse.ItemsWithAttempts);
    }

    private static Parse Run(BounceSourceReading reading)
    {
        var items = new HashSet<(string Source, long Line)>();
        LogFormatException? error = null;
        try
        {
            foreach (var attempt in reading.Attempts)
            {
                items.Add((attempt.Source, attempt.Line));
            }
        }
        catch (LogFormatException stopped)
        {
            error = stopped;
        }

        return new Parse(reading.Report, items.Count, error);
    }

    private static BounceSourceReading Open(string content, string name, InputFormat? format = null) =>
        SampleFiles.Open(content, name, Options(format));

    private static BounceSourceOptions Options(InputFormat? format) =>
        new() { UploadedAt = PostfixSamples.UploadedAt, Format = format };

    /// <summary>4,000 lines of Postfix samples, long enough that gzip damage in the middle stops the parse partway.</summary>
    private static string LargePostfixLog()
    {
        var log = new StringBuilder();
        for (var i = 0; i < 4000; i++)
        {
            log.Append(PostfixSamples.All[i % PostfixSamples.All.Length]).Append('\n');
        }

        return log.ToString();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private sealed record Parse(ParseReport Report, long ItemsWithAttempts, LogFormatException? Error);
}
