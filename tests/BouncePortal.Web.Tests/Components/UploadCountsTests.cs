using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The Uploads page words each upload's counts by what its format is made of, in singular or
/// plural, and its empty state names the kinds of file it accepts. The lines that gave attempts,
/// the skipped ones and those without a delivery result add up to the lines read, also for a
/// failed upload.
/// </summary>
public sealed partial class UploadCountsTests(PortalFactory factory) : PortalComponentContext(factory)
{
    public static TheoryData<string, string, string> CountedUploads => new()
    {
        { "bounce.eml", SampleBounces.BounceEmail, "1 email read · 1 attempt stored · 0 skipped" },
        { "bounces.mbox", SampleBounces.Mbox(2), "2 emails read · 2 attempts stored · 0 skipped" },
        { "maillog", SampleBounces.PostfixBouncedLine + "\n", "1 line read · 1 attempt stored · 0 skipped" },
    };

    [Theory]
    [MemberData(nameof(CountedUploads))]
    public async Task Upload_CountsNameItsItems(string fileName, string content, string expected)
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts " + fileName);
        var upload = await Factory.UploadAsync(agency.TenantId, fileName, content);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = page.WaitForElement("[data-testid=upload-counts]");

        Assert.Equal(expected, Normalize(counts.TextContent));
    }

    [Fact]
    public async Task BounceEmails_SayTheyAddNoSends()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Failures Only Agency");
        var emails = await Factory.UploadAsync(agency.TenantId, "bounces.mbox", SampleBounces.Mbox(2));
        await Factory.RunUploadJobAsync(agency.TenantId, emails.Id);
        var log = await Factory.UploadAsync(agency.TenantId, "maillog", SampleBounces.PostfixBouncedLine + "\n");
        await Factory.RunUploadJobAsync(agency.TenantId, log.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=upload-counts]");

        var note = Assert.Single(page.FindAll("[data-testid=failures-only]"));
        Assert.StartsWith("Bounce emails report failures only, so they add no sends to the rates.", Normalize(note.TextContent));
    }

    [Fact]
    public async Task EspExportWithoutDeliveries_AddsNoSends()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Failure Only Export Agency");
        var failures = await Factory.UploadAsync(agency.TenantId, "ses-bounces.jsonl", SesBounce);
        await Factory.RunUploadJobAsync(agency.TenantId, failures.Id);
        var withDelivery = await Factory.UploadAsync(agency.TenantId, "postmark.jsonl", PostmarkDeliveryAndBounce);
        await Factory.RunUploadJobAsync(agency.TenantId, withDelivery.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=upload-counts]");

        // Only the SES export, which contains no delivery event, shows the note.
        var note = Assert.Single(page.FindAll("[data-testid=failures-only]"));
        Assert.StartsWith("This export holds no delivery event, so it reports failures only and adds no sends to the rates.", Normalize(note.TextContent));
        var card = page.FindAll("[data-testid=upload-format]").Single(line => line.TextContent.Contains("Amazon SES", StringComparison.Ordinal));
        Assert.Same(card.ParentElement, note.ParentElement);
    }

    [Fact]
    public async Task Upload_SenderLines_AreNotSkips()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Routine Lines Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = Normalize(page.WaitForElement("[data-testid=upload-counts]").TextContent);

        Assert.StartsWith("21 lines read · 9 attempts stored · 0 skipped", counts);
        Assert.EndsWith("· other 12 lines without a delivery result", counts);
        Assert.Empty(page.FindAll("[data-testid=skipped-reasons]"));
        Assert.StartsWith("Without a delivery result: ", page.Find("[data-testid=routine-reasons]").TextContent);
    }

    [Fact]
    public async Task FailedJob_CountsLinesBeforeTheError()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Failed Job Agency");
        // Past the head that the upload inspects, so the job itself stops at the invalid UTF-8.
        var good = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(SampleLogs.TwoMailboxes, 200)));
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", [.. good, 0xC3, 0x28, (byte)'\n']);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = Normalize(page.WaitForElement("[data-testid=upload-counts]").TextContent);

        Assert.Equal(UploadStatus.Failed, (await Factory.ReloadAsync(agency.TenantId, upload.Id)).Status);
        Assert.Equal("4,200 lines read before the error · 1,800 lines with delivery attempts, none stored · 0 skipped · other 2,400 lines without a delivery result", counts);
    }

    [Fact]
    public async Task CorruptGzip_FiguresAddUp()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Corrupt Gzip Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog.gz", CorruptGzip(LogWithOtherPrograms(300)));
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = Normalize(page.WaitForElement("[data-testid=upload-counts]").TextContent);
        var figures = FailedCounts().Match(counts);
        var failed = await Factory.ReloadAsync(agency.TenantId, upload.Id);
        var listed = SkippedReasonsText.Read(failed.SkippedReasons).Sum(reason => reason.Count);

        Assert.Equal(UploadStatus.Failed, failed.Status);
        Assert.Contains("the gzip data is corrupt", failed.Error);
        Assert.True(figures.Success, counts);
        Assert.Equal(Figure(figures, "read"), Figure(figures, "attempts") + Figure(figures, "skipped") + Figure(figures, "other"));
        Assert.True(Figure(figures, "attempts") > 0, counts);
        Assert.True(Figure(figures, "skipped") > 0, counts);
        Assert.Equal(Figure(figures, "skipped") + Figure(figures, "other"), listed);
    }

    [Fact]
    public async Task ExpiredRecipients_NameLinesBehindAttempts()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Expired Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", TwoRecipientsExpired);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = Normalize(page.WaitForElement("[data-testid=upload-counts]").TextContent);

        Assert.Equal("5 lines read · 4 attempts stored from 3 lines · 0 skipped · other 2 lines without a delivery result", counts);
    }

    [Fact]
    public async Task ZipEntries_CountApartFromEmails()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Zip Agency");
        var zip = Zip(
            ("bounces/", ""),
            ("bounces/notes.txt", "call the client on Monday\n"),
            ("bounces/a.eml", SampleBounces.BounceEmail),
            ("bounces/b.mbox", SampleBounces.Mbox(2)));
        var upload = await Factory.UploadAsync(agency.TenantId, "bounces.zip", zip);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = Normalize(page.WaitForElement("[data-testid=upload-counts]").TextContent);
        var entries = Normalize(page.Find("[data-testid=archive-entry-reasons]").TextContent);

        Assert.Equal("3 emails read · 3 attempts stored · 0 skipped · 2 zip entries not read as emails", counts);
        Assert.StartsWith("Zip entries not read as emails: ", entries);
        Assert.Contains("folder entry in the zip: 1", entries);
        Assert.Empty(page.FindAll("[data-testid=skipped-reasons]"));
        Assert.Empty(page.FindAll("[data-testid=routine-reasons]"));
    }

    [Fact]
    public void UploadCountsOf_SplitsByReasonKind()
    {
        var upload = new Upload
        {
            FileName = "bounces.zip",
            Status = UploadStatus.Completed,
            LinesRead = 10,
            LinesSkipped = 7,
            SkippedReasons = "email without a failed or delayed recipient: 2\nfolder entry in the zip: 3 (in a/, b/, c/)\n"
                + "zip entry that is not an email (empty, binary or without message headers): 1 (in notes.txt)\nempty line: 1",
        };

        var counts = UploadCounts.Of(upload);

        Assert.Equal(10, counts.Read);
        Assert.Equal(7, counts.WithAttempts);
        Assert.Equal(2, counts.Skipped);
        Assert.Equal(1, counts.WithoutResult);
        Assert.Equal(4, counts.ArchiveEntries);
    }

    [Fact]
    public void UploadCountsOf_RunningJob_CountsEverySkip()
    {
        var upload = new Upload { FileName = "maillog", Status = UploadStatus.Processing, LinesRead = 40_000, LinesSkipped = 25_000 };

        var counts = UploadCounts.Of(upload);

        Assert.Equal(15_000, counts.WithAttempts);
        Assert.Equal(25_000, counts.Skipped);
        Assert.Equal(0, counts.WithoutResult);
    }

    [Fact]
    public async Task RejectedFile_SaysNothingIsStored()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Rejected Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "notes.txt", "call the client on Monday\nsend the report\n");
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = Normalize(page.WaitForElement("[data-testid=upload-counts]").TextContent);

        Assert.Equal(UploadStatus.Failed, (await Factory.ReloadAsync(agency.TenantId, upload.Id)).Status);
        Assert.Equal("Nothing stored", counts);
    }

    [Fact]
    public void SplitRoutine_SeparatesRoutineReasons()
    {
        const string text = "sender line (qmgr from=): 290609\nnot a Postfix line: 12 (first at lines 3, 9, 11)\nmessage removed from the queue: 200000";

        var (skipped, routine) = SkippedReasonsText.SplitRoutine(text);

        Assert.Equal("not a Postfix line: 12 (first at lines 3, 9, 11)", skipped);
        Assert.Equal("sender line (qmgr from=): 290609\nmessage removed from the queue: 200000", routine);
        Assert.Equal((null, null), SkippedReasonsText.SplitRoutine(null));
    }

    [Fact]
    public void CountRoutine_AddsOnlyRoutineReasons()
    {
        const string text = "sender line (qmgr from=): 290609\nmessage removed from the queue: 200000\nnot a Postfix line: 12 (first at lines 3, 9, 11)";

        Assert.Equal(490_609, SkippedReasonsText.CountRoutine(text));
        Assert.Equal(0, SkippedReasonsText.CountRoutine(null));
    }

    [Fact]
    public async Task Upload_ShowsProcessingTime()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Duration Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleBounces.PostfixBouncedLine + "\n");
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var duration = Normalize(page.WaitForElement("[data-testid=upload-duration]").TextContent);

        Assert.StartsWith("Processed in ", duration);
        Assert.EndsWith(" attempts/s", duration);
    }

    [Fact]
    public void ProcessingTime_NamesDurationAndRate()
    {
        var started = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var quick = new Upload { FileName = "a.log", Status = UploadStatus.Completed, StartedAt = started, FinishedAt = started.AddSeconds(4.2), AttemptsStored = 210_000 };
        var slow = new Upload { FileName = "b.log", Status = UploadStatus.Completed, StartedAt = started, FinishedAt = started.AddSeconds(125), AttemptsStored = 0 };
        var running = new Upload { FileName = "c.log", Status = UploadStatus.Processing, StartedAt = started };

        Assert.Equal("4.2 s, 50,000 attempts/s", Uploads.ProcessingTime(quick));
        Assert.Equal("0:02:05", Uploads.ProcessingTime(slow));
        Assert.Null(Uploads.ProcessingTime(running));
    }

    [Fact]
    public async Task Empty_NamesAcceptedFiles()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Empty Agency");
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var empty = Normalize(page.WaitForElement("[data-testid=uploads-empty]").TextContent);

        Assert.DoesNotContain("Postfix maillog", empty);
        Assert.Contains("an MTA log, bounce emails, a sequencer CSV export or an ESP event export", empty);
    }

    /// <summary>One message to two recipients, both deferred and then expired by one qmgr line: 4 attempts from 3 lines.</summary>
    private const string TwoRecipientsExpired = """
        2024-06-11T09:00:00+00:00 mta1 postfix/qmgr[2210]: 3C0000000A: from=<anna@outreach-example.com>, size=4812, nrcpt=2 (queue active)
        2024-06-11T09:00:30+00:00 mta1 postfix/smtp[4420]: 3C0000000A: to=<info@example.net>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)
        2024-06-11T09:00:30+00:00 mta1 postfix/smtp[4420]: 3C0000000A: to=<sales@example.net>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)
        2024-06-16T09:00:30+00:00 mta1 postfix/qmgr[980]: 3C0000000A: from=<anna@outreach-example.com>, status=expired, returned to sender
        2024-06-16T09:00:31+00:00 mta1 postfix/qmgr[980]: 3C0000000A: removed

        """;

    /// <summary>
    /// Returns <paramref name="copies"/> copies of <see cref="SampleLogs.TwoMailboxes"/>, each followed by a
    /// line of another syslog program, which the parser skips as not a Postfix line. Each of those lines
    /// carries random session data, so that gzip compresses the log less than 20 times, which would look
    /// like a decompression bomb.
    /// </summary>
    private static string LogWithOtherPrograms(int copies)
    {
        var random = new Random(20240611);
        var session = new byte[1500];
        var log = new StringBuilder();
        for (var copy = 0; copy < copies; copy++)
        {
            random.NextBytes(session);
            log.Append(SampleLogs.TwoMailboxes)
                .Append("2024-06-11T09:00:00+00:00 mta1 dovecot: imap-login: Login: user=<anna>, session=")
                .Append(Convert.ToBase64String(session))
                .Append('\n');
        }

        return log.ToString();
    }

    /// <summary>Compresses <paramref name="log"/> with gzip and flips 40 bytes in the middle of the compressed data.</summary>
    private static byte[] CorruptGzip(string log)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(log));
        }

        var bytes = output.ToArray();
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 40; i++)
        {
            bytes[i] ^= 0x5A;
        }

        return bytes;
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return output.ToArray();
    }

    private static long Figure(Match figures, string name) =>
        long.Parse(figures.Groups[name].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<read>[\d,]+) lines read before the error · (?<attempts>[\d,]+) lines? with delivery attempts, none stored · (?<skipped>[\d,]+) skipped · other (?<other>[\d,]+) lines? without a delivery result$")]
    private static partial Regex FailedCounts();

    private static string Normalize(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private const string SesBounce = """
        {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"sales@example.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":"2024-06-11T09:15:31.420Z","feedbackId":"0100018f-example-000000"},"mail":{"timestamp":"2024-06-11T09:15:30.000Z","source":"anna@outreach.example.com","messageId":"0100018f-example-msg-000000","destination":["sales@example.com"]}}

        """;

    private const string PostmarkDeliveryAndBounce = """
        {"RecordType":"Delivery","ServerID":23,"MessageStream":"outbound","MessageID":"00000000-0000-4000-8000-000000000101","Recipient":"lead1@example.com","Tag":"june","DeliveredAt":"2024-06-11T09:01:00Z","Details":"smtp;250 2.0.0 OK"}
        {"RecordType":"Bounce","ID":1,"Type":"HardBounce","TypeCode":1,"Tag":"june","MessageID":"00000000-0000-4000-8000-0000000002aa","Description":"The server was unable to deliver your message.","Details":"smtp;550 5.1.1 The email account that you tried to reach does not exist.","Email":"gone@example.com","From":"carl@betaleads.example.com","BouncedAt":"2024-06-11T09:30:00Z"}

        """;
}
