using System.IO.Compression;
using System.Text;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Sequencer;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class MultiFormatUploadTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static string SamplesFolder => Path.Combine(PortalFactory.RepositoryRoot, "tests", "BouncePortal.Domain.Tests", "Samples");

    private static string CorpusFolder => Path.Combine(PortalFactory.RepositoryRoot, "tests", "BouncePortal.Domain.Tests", "Corpus", "sisimai", "maildir");

    [Theory]
    [InlineData("exim-mainlog.log", InputFormat.Exim)]
    [InlineData("sendmail-maillog.log", InputFormat.Sendmail)]
    [InlineData("powermta-acct.csv", InputFormat.PowerMta)]
    [InlineData("kumomta-log.jsonl", InputFormat.KumoMta)]
    [InlineData("exchange-MSGTRK.LOG", InputFormat.ExchangeTracking)]
    [InlineData("sendgrid-events.json", InputFormat.SendGrid)]
    [InlineData("mailgun-events.json", InputFormat.Mailgun)]
    [InlineData("ses-notifications.jsonl", InputFormat.AmazonSes)]
    [InlineData("postmark-bounces.json", InputFormat.Postmark)]
    [InlineData("smartlead-leads.csv", InputFormat.SequencerCsv)]
    [InlineData("instantly-leads.csv", InputFormat.SequencerCsv)]
    [InlineData("lemlist-activities.csv", InputFormat.SequencerCsv)]
    public async Task Upload_Sample_IsDetectedAndStored(string fileName, InputFormat expected)
    {
        var agency = await AgencySession.CreateAsync(factory, "Formats " + fileName);
        var upload = await factory.UploadAsync(agency.TenantId, fileName, await File.ReadAllBytesAsync(Path.Combine(SamplesFolder, fileName)));

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        Assert.Equal(expected, stored.DetectedFormat);
        Assert.True(stored.FormatConfidence > 0);
        Assert.True(stored.AttemptsStored > 0);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(stored.AttemptsStored, await db.Attempts.LongCountAsync());
        Assert.True(await db.RecipientOutcomes.AnyAsync());
    }

    [Fact]
    public async Task Upload_EspSkips_NameLines()
    {
        var agency = await AgencySession.CreateAsync(factory, "ESP Skip Lines");
        const string Events = """
            [
              {"email":"sales@example.com","timestamp":1718097331,"event":"bounce","reason":"550 5.1.1 user unknown","sg_event_id":"ZXhhbXBsZS0x"},
              {
                "timestamp": 1718097332,
                "event": "bounce",
                "sg_event_id": "ZXhhbXBsZS0y"
              }
            ]
            """;
        var upload = await factory.UploadAsync(agency.TenantId, "events.json", Events);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        Assert.Equal("event without a recipient address: 1 (at line 3)", stored.SkippedReasons);
    }

    [Fact]
    public async Task Upload_Postmark_CountsUnknownSender()
    {
        // Postmark's delivery records name no sender; the bounce names carl in From.
        var records = Enumerable.Range(0, 20)
            .Select(i => $$"""{"RecordType":"Delivery","ServerID":23,"MessageStream":"outbound","MessageID":"00000000-0000-4000-8000-0000000001{{i:D2}}","Recipient":"lead{{i}}@example.com","Tag":"june","DeliveredAt":"2024-06-11T09:{{i:D2}}:00Z","Details":"smtp;250 2.0.0 OK"}""")
            .Append("""{"RecordType":"Bounce","ID":1,"Type":"HardBounce","TypeCode":1,"Tag":"june","MessageID":"00000000-0000-4000-8000-0000000002aa","Description":"The server was unable to deliver your message.","Details":"smtp;550 5.1.1 The email account that you tried to reach does not exist.","Email":"gone@example.com","From":"carl@betaleads.example.com","BouncedAt":"2024-06-11T09:30:00Z"}""");
        var agency = await AgencySession.CreateAsync(factory, "Postmark Rates");
        var other = await AgencySession.CreateAsync(factory, "Postmark Bystander");
        var upload = await factory.UploadAsync(agency.TenantId, "postmark.json", Encoding.UTF8.GetBytes("[" + string.Join(",\n", records) + "]"));

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        await using var db = factory.OpenDatabase(agency.TenantId);
        var mailboxRows = await db.Rollups.Where(r => r.Kind == SliceKind.Mailbox).ToListAsync();
        var unknown = Assert.Single(mailboxRows.GroupBy(r => r.Key));
        Assert.Equal(string.Empty, unknown.Key);
        Assert.Equal(21, unknown.Sum(r => r.Sent));
        Assert.Equal(1, unknown.Sum(r => r.HardBounced));
        Assert.False(await db.Attempts.AnyAsync(a => a.Sender != null));
        await using var otherDb = factory.OpenDatabase(other.TenantId);
        Assert.False(await otherDb.Rollups.AnyAsync());
        Assert.False(await otherDb.Attempts.AnyAsync());
    }

    [Fact]
    public async Task Upload_BounceEmails_AddNoSendsButSuppress()
    {
        var agency = await AgencySession.CreateAsync(factory, "Bounce Emails Only");
        var upload = await factory.UploadAsync(agency.TenantId, "bounces.mbox", SampleBounces.Mbox(3));

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Completed, stored.Status);
        Assert.Equal(3, stored.AttemptsStored);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.False(await db.Rollups.AnyAsync());
        Assert.True(await db.RecipientOutcomes.AnyAsync(o => o.Recipient == "sales@example.com" && o.Suppress));
        var dashboard = await agency.GetPageAsync("/dashboard");
        Assert.Contains("dashboard-replies-only", dashboard);
        Assert.Contains("report failures only, so none of them counts toward a rate", dashboard);
        Assert.DoesNotContain("data-testid=\"agency-hard\"", dashboard);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_SesNotifications_AddSendsOnlyWithDeliveries(bool withDelivery)
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(SamplesFolder, "ses-notifications.jsonl")))
            .Where(line => withDelivery || !line.Contains("Type\":\"Delivery\"", StringComparison.Ordinal));
        var agency = await AgencySession.CreateAsync(factory, $"SES Notifications {withDelivery}");
        var upload = await factory.UploadAsync(agency.TenantId, "ses.jsonl", string.Join('\n', lines) + "\n");

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Completed, stored.Status);
        Assert.True(stored.AttemptsStored > 0);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(withDelivery, await db.Rollups.AnyAsync());
        Assert.True(await db.RecipientOutcomes.AnyAsync(o => o.Suppress));
    }

    [Fact]
    public async Task Upload_ZipOfBounceEmails_IsStored()
    {
        var agency = await AgencySession.CreateAsync(factory, "Zip Agency");
        var zip = Zip(("one.eml", File.ReadAllBytes(Path.Combine(CorpusFolder, "lhost-postfix-01.eml"))),
                      ("two.eml", File.ReadAllBytes(Path.Combine(CorpusFolder, "lhost-exim-05.eml"))));
        var upload = await factory.UploadAsync(agency.TenantId, "bounces.zip", zip);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        Assert.Equal(InputFormat.BounceEmail, stored.DetectedFormat);
        Assert.True(stored.AttemptsStored >= 2);
    }

    [Fact]
    public async Task Upload_ZipWithNotesFile_SkipsEntry()
    {
        var agency = await AgencySession.CreateAsync(factory, "Zip Notes Agency");
        var zip = Zip(("bounces/one.eml", File.ReadAllBytes(Path.Combine(CorpusFolder, "lhost-postfix-01.eml"))),
                      ("bounces/notes.txt", Encoding.UTF8.GetBytes("Bounces exported from the Postfix relay on Monday.\n")),
                      ("bounces/two.eml", File.ReadAllBytes(Path.Combine(CorpusFolder, "lhost-exim-05.eml"))));
        var upload = await factory.UploadAsync(agency.TenantId, "bounces.zip", zip);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.True(stored.Status == UploadStatus.Completed, stored.Error);
        Assert.True(stored.AttemptsStored >= 2);
        Assert.Equal(1, stored.LinesSkipped);
        Assert.Contains("zip entry that is not an email (empty, binary or without message headers): 1 (in bounces/notes.txt)", stored.SkippedReasons);
        // Two emails are read; the notes file is skipped, not counted as an email read.
        Assert.Equal(2, stored.LinesRead);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(stored.AttemptsStored, await db.Attempts.LongCountAsync());
    }

    [Fact]
    public async Task Upload_ZipWithoutEmails_FailsNamingEntry()
    {
        var agency = await AgencySession.CreateAsync(factory, "Zip No Email Agency");
        var zip = Zip(("bounces/notes.txt", Encoding.UTF8.GetBytes("Bounces exported from the Postfix relay on Monday.\n")));
        var upload = await factory.UploadAsync(agency.TenantId, "notes.zip", zip);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.Contains("notes.zip: the zip archive contains no email files (bounces/notes.txt is not an email)", stored.Error);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.False(await db.Attempts.AnyAsync());
    }

    [Fact]
    public async Task Upload_ZipWithParentPath_Fails()
    {
        var agency = await AgencySession.CreateAsync(factory, "Zip Slip Agency");
        var zip = Zip(("../escape.eml", File.ReadAllBytes(Path.Combine(CorpusFolder, "lhost-postfix-01.eml"))));
        var upload = await factory.UploadAsync(agency.TenantId, "evil.zip", zip);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.Contains("evil.zip", stored.Error);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.False(await db.Attempts.AnyAsync());
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, "uploads", "escape.eml")));
    }

    [Fact]
    public async Task Upload_ChosenFormatWrong_FailsWithLine()
    {
        var agency = await AgencySession.CreateAsync(factory, "Chosen Format Agency");
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(SampleLogs.TwoMailboxes));

        var upload = await uploads.CreateAsync(agency.TenantId, "maillog", null, content, null, CancellationToken.None, InputFormat.KumoMta);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.Equal(InputFormat.KumoMta, stored.DetectedFormat);
        Assert.Equal(1, stored.FormatConfidence);
        Assert.Contains("maillog", stored.Error);
    }

    [Fact]
    public async Task CustomCsv_WaitsForMappingThenReusesIt()
    {
        var agency = await AgencySession.CreateAsync(factory, "Mapping Agency");
        var csv = await File.ReadAllBytesAsync(Path.Combine(SamplesFolder, "custom-sequencer.csv"));
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();

        var first = await factory.UploadAsync(agency.TenantId, "export.csv", csv);
        Assert.Equal(UploadStatus.AwaitingMapping, first.Status);
        Assert.Null(first.JobId);

        var proposal = await uploads.GetMappingProposalAsync(agency.TenantId, first.Id, CancellationToken.None);
        Assert.NotNull(proposal);
        Assert.Equal("Recipient", proposal.Preview.Headers[0]);
        Assert.NotEmpty(proposal.Preview.Rows);
        Assert.Equal("Recipient", proposal.Suggested.RecipientColumn);
        Assert.Equal("Sender Email", proposal.Suggested.SenderColumn);
        Assert.Equal("Bounce Reason", proposal.Suggested.ReasonColumn);

        var problem = await uploads.ConfirmMappingAsync(agency.TenantId, first.Id, proposal.Suggested, CancellationToken.None);
        Assert.Null(problem);
        await factory.RunUploadJobAsync(agency.TenantId, first.Id);
        var done = await factory.ReloadAsync(agency.TenantId, first.Id);
        Assert.True(done.Status == UploadStatus.Completed, done.Error);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var bounce = await db.Attempts.FirstAsync(a => a.Recipient == "sales@example.com");
            Assert.Equal("anna@outreach.example.com", bounce.Sender);
            Assert.Equal("June CFOs", bounce.Campaign);
            Assert.Equal(Domain.Classification.BounceCategory.UserUnknown, bounce.Category);
        }

        // Same header, one row more: identical bytes would be rejected as a duplicate upload.
        var second = await factory.UploadAsync(agency.TenantId, "export-2.csv", [.. csv, .. "zed@example.com,anna@outreach.example.com,July,bounced,,2024-07-01 09:00:00\n"u8]);
        Assert.Equal(UploadStatus.Queued, second.Status);
        Assert.NotNull(second.CsvMappingJson);

        var otherAgency = await AgencySession.CreateAsync(factory, "Other Mapping Agency");
        var foreign = await factory.UploadAsync(otherAgency.TenantId, "export.csv", csv);
        Assert.Equal(UploadStatus.AwaitingMapping, foreign.Status);
        Assert.Null(await uploads.GetMappingProposalAsync(otherAgency.TenantId, first.Id, CancellationToken.None));
    }

    [Fact]
    public async Task AddressColumnCsv_MappedThenReused()
    {
        var agency = await AgencySession.CreateAsync(factory, "Address Column Agency");
        const string Header = "contact,outcome,when,smtp_response,mailbox\n";
        var csv = Header
            + "first@example.com,BOUNCE,2026-12-04T10:00:00Z,\"550 5.1.1 no such user\",anna@outreach.example.com\n"
            + "second@example.com,OK,2026-12-04T10:01:00Z,,anna@outreach.example.com\n";
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();

        var first = await factory.UploadAsync(agency.TenantId, "contacts.csv", csv);
        Assert.True(first.Status == UploadStatus.AwaitingMapping, first.Error);
        Assert.Equal(InputFormat.SequencerCsv, first.DetectedFormat);
        Assert.Contains("'contact'", first.FormatReason);

        var proposal = await uploads.GetMappingProposalAsync(agency.TenantId, first.Id, CancellationToken.None);
        Assert.NotNull(proposal);
        Assert.Equal("contact", proposal.Suggested.RecipientColumn);
        Assert.Equal("mailbox", proposal.Suggested.SenderColumn);
        Assert.Equal("smtp_response", proposal.Suggested.ReasonColumn);

        var mapping = proposal.Suggested with { StatusColumn = "outcome", TimestampColumn = "when", BouncedValues = ["BOUNCE"], DeliveredValues = ["OK"] };
        Assert.Null(await uploads.ConfirmMappingAsync(agency.TenantId, first.Id, mapping, CancellationToken.None));
        await factory.RunUploadJobAsync(agency.TenantId, first.Id);
        var done = await factory.ReloadAsync(agency.TenantId, first.Id);
        Assert.True(done.Status == UploadStatus.Completed, done.Error);
        Assert.Equal(2, done.AttemptsStored);

        var later = Header + "third@example.com,BOUNCE,2026-12-05T09:00:00Z,\"550 5.1.1 no such user\",anna@outreach.example.com\n";
        var second = await factory.UploadAsync(agency.TenantId, "contacts-later.csv", later);
        Assert.Equal(UploadStatus.Queued, second.Status);
        Assert.Null(second.RequestedFormat);
        Assert.Contains("confirmed for an earlier upload", second.FormatReason);
        await factory.RunUploadJobAsync(agency.TenantId, second.Id);
        var reused = await factory.ReloadAsync(agency.TenantId, second.Id);
        Assert.True(reused.Status == UploadStatus.Completed, reused.Error);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var third = await db.Attempts.SingleAsync(a => a.Recipient == "third@example.com");
        Assert.Equal(Domain.Classification.BounceCategory.UserUnknown, third.Category);
        Assert.Equal(new DateTime(2026, 12, 5, 9, 0, 0), third.AttemptedAt);

        var otherAgency = await AgencySession.CreateAsync(factory, "Other Address Column Agency");
        var foreign = await factory.UploadAsync(otherAgency.TenantId, "contacts-later.csv", later);
        Assert.Equal(UploadStatus.AwaitingMapping, foreign.Status);
    }

    [Fact]
    public async Task CustomCsv_MappingWithUnknownColumn_IsRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Bad Mapping Agency");
        var csv = await File.ReadAllBytesAsync(Path.Combine(SamplesFolder, "custom-sequencer.csv"));
        var upload = await factory.UploadAsync(agency.TenantId, "export.csv", csv);
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();

        var problem = await uploads.ConfirmMappingAsync(
            agency.TenantId, upload.Id, new CsvColumnMapping { RecipientColumn = "Email Address" }, CancellationToken.None);

        Assert.Equal("Choose the column that holds the recipient address.", problem);
        Assert.Equal(UploadStatus.AwaitingMapping, (await factory.ReloadAsync(agency.TenantId, upload.Id)).Status);
    }

    [Fact]
    public async Task CustomCsv_BrokenQuote_FailsWithLine()
    {
        var agency = await AgencySession.CreateAsync(factory, "Broken Quote Agency");
        var csv = "Recipient,Status,Bounce Reason\nsales@example.com,bounced,\"550 5.1.1 no such user\nops@example.org,bounced,\"421 4.7.0 \"try\" later\"\n";

        var upload = await factory.UploadAsync(agency.TenantId, "broken.csv", csv);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.Null(stored.JobId);
        Assert.Contains("broken.csv", stored.Error);
        Assert.Contains("line", stored.Error);
        Assert.Contains("quot", stored.Error);
    }

    [Fact]
    public async Task UnknownNamesCsv_BrokenQuote_FailsWithLine()
    {
        var agency = await AgencySession.CreateAsync(factory, "Unknown Names Quote Agency");
        const string Csv = "note,contact\nfirst,sales@example.com\nsecond,\"ops@example.org\nthird,raj@example.net\n";

        var upload = await factory.UploadAsync(agency.TenantId, "people.csv", Csv);

        var stored = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.Equal(UploadStatus.Failed, stored.Status);
        Assert.StartsWith("people.csv, line 3: ", stored.Error);
        Assert.Contains("fix the quoting", stored.Error);
    }

    [Fact]
    public async Task UnknownNamesCsv_LongQuotedField()
    {
        var agency = await AgencySession.CreateAsync(factory, "Long Field Agency");
        var note = string.Concat(Enumerable.Repeat("a long note, with \"\"quotes\"\"\n", FormatDetector.HeadSize / 20));
        var csv = $"note,contact\nfirst,sales@example.com\nsecond,ops@example.org\n\"{note}\",lee@example.com\nfourth,raj@example.net\n";
        Assert.True(Encoding.UTF8.GetByteCount(csv) > FormatDetector.HeadSize);
        await using var scope = factory.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();

        var upload = await factory.UploadAsync(agency.TenantId, "people.csv", csv);
        var proposal = await uploads.GetMappingProposalAsync(agency.TenantId, upload.Id, CancellationToken.None);
        Assert.NotNull(proposal);
        var problem = await uploads.ConfirmMappingAsync(agency.TenantId, upload.Id, proposal.Suggested, CancellationToken.None);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        Assert.True(upload.Status == UploadStatus.AwaitingMapping, upload.Error);
        Assert.Equal("contact", proposal.Suggested.RecipientColumn);
        Assert.Equal(2, proposal.Preview.Rows.Count);
        Assert.Null(problem);
        var done = await factory.ReloadAsync(agency.TenantId, upload.Id);
        Assert.True(done.Status == UploadStatus.Completed, done.Error);
        Assert.Equal(4, done.AttemptsStored);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
