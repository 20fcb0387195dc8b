using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Email;
using BouncePortal.Domain.Parsing.Esp;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Mta;
using BouncePortal.Domain.Parsing.Sequencer;
using BouncePortal.Domain.Tests.Email;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Parsing;

public sealed class ParseReportTests
{
    private const string PostfixBounce = "2024-06-11T14:00:02+00:00 mta1 postfix/smtp[30121]: 9D2B55C1E0: to=<sales@example.com>, relay=mx.example.com[192.0.2.26]:25, delay=0.8, delays=0.02/0/0.3/0.48, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.26] said: 550 5.1.1 User unknown (in reply to RCPT TO command))";

    private const string PowerMtaHeader =
        "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool";

    private const string PowerMtaBounce =
        "b,2024-06-11 09:15:10-0400,2024-06-11 09:15:07-0400,anna@outreach-example.com,sales@example.com,,failed,5.1.1 (bad destination mailbox address),\"smtp;550 5.1.1 User unknown\",mx.example.com (192.0.2.90),bad-mailbox,smtp,app01,smtp,198.51.100.23,192.0.2.90,,5120,vmta-a,camp-0611,,example.com/vmta-a,pool-a";

    /// <summary>A bounce-like email that names no recipient.</summary>
    private const string NoRecipientNotice =
        "From: MAILER-DAEMON@mta1.example.net\nTo: anna@example.net\nSubject: Undelivered Mail Returned to Sender\nDate: Tue, 11 Jun 2024 09:20:00 +0000\n\nYour message could not be delivered.\n";

    [Fact]
    public void Skip_KeepsFirstLocationsOnly()
    {
        var report = new ParseReport();

        for (var line = 1; line <= ParseReport.MaxLocationsPerReason + 2; line++)
        {
            report.SetPosition("maillog", line);
            report.Skip(SkipReasons.NotPostfix);
        }

        Assert.Equal(ParseReport.MaxLocationsPerReason + 2, report.SkippedByReason[SkipReasons.NotPostfix]);
        Assert.Equal(
            Enumerable.Range(1, ParseReport.MaxLocationsPerReason).Select(line => new SkipLocation("maillog", line)),
            report.FirstSkippedAt(SkipReasons.NotPostfix));
    }

    [Fact]
    public void Skip_BeforeAnyPosition_CountsWithoutLocation()
    {
        var report = new ParseReport();

        report.Skip(SkipReasons.EmptyLine);

        Assert.Equal(1, report.SkippedByReason[SkipReasons.EmptyLine]);
        Assert.Empty(report.FirstSkippedAt(SkipReasons.EmptyLine));
        Assert.Empty(report.FirstSkippedAt(SkipReasons.NotPostfix));
    }

    [Theory]
    [InlineData(SkipReasons.EmptyLine, true)]
    [InlineData(SkipReasons.SenderLine, true)]
    [InlineData(MtaSkipReasons.HeaderRow, true)]
    [InlineData(EspSkipReasons.NotADeliveryEvent, true)]
    [InlineData(EmailSkipReasons.Folder, true)]
    [InlineData(SequencerCsvParser.OtherStatus, true)]
    [InlineData(SkipReasons.NotPostfix, false)]
    [InlineData(SkipReasons.ExpiredWithoutDeferral, false)]
    [InlineData(MtaSkipReasons.InvalidTimestamp, false)]
    [InlineData(EspSkipReasons.NoRecipient, false)]
    [InlineData(EmailSkipReasons.NoRecipient, false)]
    [InlineData(EmailSkipReasons.NestedArchive, false)]
    [InlineData(SequencerCsvParser.InvalidRecipient, false)]
    [InlineData("a reason no parser uses", false)]
    public void IsRoutine_ByReason(string reason, bool routine)
    {
        Assert.Equal(routine, SkipReasons.IsRoutine(reason));
    }

    [Fact]
    public void PostfixLog_RecordsSkippedLine()
    {
        var report = Read($"{PostfixBounce}\nnot a log line\n", "maillog", InputFormat.Postfix);

        Assert.Equal([new SkipLocation("maillog", 2)], report.FirstSkippedAt(SkipReasons.NotPostfix));
    }

    [Fact]
    public void SendGridJsonLines_RecordsSkippedLine()
    {
        var events = """
            {"email":"sales@example.com","timestamp":1718097331,"event":"bounce","reason":"550 5.1.1 User unknown","status":"5.1.1","type":"bounce"}
            {"timestamp":1718097400,"event":"bounce","reason":"550 5.1.1 User unknown","status":"5.1.1","type":"bounce"}
            """;

        var report = Read(events, "events.json", InputFormat.SendGrid);

        Assert.Equal([new SkipLocation("events.json", 2)], report.FirstSkippedAt(EspSkipReasons.NoRecipient));
    }

    [Fact]
    public void SequencerCsv_RecordsSkippedLine()
    {
        var report = Read("email,status\nsales@example.com,bounced\nnot-an-address,bounced\n", "leads.csv", InputFormat.SequencerCsv);

        Assert.Equal([new SkipLocation("leads.csv", 3)], report.FirstSkippedAt(SequencerCsvParser.InvalidRecipient));
    }

    [Fact]
    public void PowerMtaCsv_RecordsSkippedLine()
    {
        var unknownType = "zz" + PowerMtaBounce[1..];

        var report = Read($"{PowerMtaHeader}\n{PowerMtaBounce}\n{unknownType}\n", "acct.csv", InputFormat.PowerMta);

        Assert.Equal([new SkipLocation("acct.csv", 1)], report.FirstSkippedAt(MtaSkipReasons.HeaderRow));
        Assert.Equal([new SkipLocation("acct.csv", 3)], report.FirstSkippedAt(MtaSkipReasons.PowerMtaUnknownType));
    }

    [Fact]
    public void Mbox_RecordsEmailPosition()
    {
        var mbox = $"From MAILER-DAEMON Tue Jun 11 09:14:05 2024\n{BounceEmails.Rfc3464Failed}\n\nFrom MAILER-DAEMON Tue Jun 11 09:20:00 2024\n{NoRecipientNotice}\n";

        var report = Read(mbox, "bounces.mbox", InputFormat.BounceEmail);

        Assert.Equal(2, report.AttemptsFound);
        Assert.Equal([new SkipLocation("bounces.mbox", 2)], report.FirstSkippedAt(EmailSkipReasons.NoRecipient));
    }

    [Fact]
    public void SingleEmail_RecordsFileWithoutNumber()
    {
        var report = Read(NoRecipientNotice, "notice.eml", InputFormat.BounceEmail);

        Assert.Equal([new SkipLocation("notice.eml", null)], report.FirstSkippedAt(EmailSkipReasons.NoRecipient));
    }

    private static ParseReport Read(string content, string name, InputFormat format)
    {
        var reading = SampleFiles.Open(content, name, new BounceSourceOptions { Format = format, UploadedAt = SampleFiles.UploadedAt });
        _ = reading.Attempts.ToList();
        return reading.Report;
    }
}
