using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Sequencer;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Sequencer;

public sealed class SequencerCsvParserTests
{
    private const string SmartleadLeads = """
        id,campaign_lead_map_id,status,category,is_interested,created_at,first_name,last_name,email,phone_number,company_name,website,location,custom_fields,linkedin_profile,company_url,is_unsubscribed,unsubscribed_client_id_map,last_email_sequence_sent,open_count,click_count,reply_count
        "71001","880001","BLOCKED","","false","2024-06-01T08:00:12.000Z","Jane","Doe","sales@example.com","","Example Ltd","example.com","","{""title"":""CFO""}","","","false","","1","0","0","0"
        "71002","880002","INPROGRESS","Interested","true","2024-06-01T08:00:12.000Z","Raj","Patel","raj@example.net","","Example Inc","example.net","","{}","","","false","","2","3","1","1"
        """;

    private static List<DeliveryAttempt> Parse(string csv, CsvColumnMapping mapping, out ParseReport report)
    {
        var parser = new SequencerCsvParser("export.csv", SampleFiles.UploadedAt, mapping);
        report = parser.Report;
        return SampleFiles.Parse(parser, csv);
    }

    [Fact]
    public void SmartleadLeads_BlockedIsBounce()
    {
        var attempts = Parse(SmartleadLeads, SequencerPresets.SmartleadLeads.Mapping, out _);

        var bounce = attempts[0];
        Assert.Equal(2, attempts.Count);
        Assert.Equal(2, bounce.Line);
        Assert.Equal("sales@example.com", bounce.Recipient);
        Assert.Equal(DeliveryOutcome.Bounced, bounce.LogOutcome);
        Assert.Null(bounce.Reply);
        Assert.Null(bounce.Sender);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 8, 0, 12, TimeSpan.Zero), bounce.Timestamp);
        Assert.Equal("status=BLOCKED", bounce.SourceVerdict);
    }

    [Fact]
    public void SmartleadLeads_InProgressIsDelivered()
    {
        var attempts = Parse(SmartleadLeads, SequencerPresets.SmartleadLeads.Mapping, out _);

        Assert.Equal(DeliveryOutcome.Delivered, attempts[1].LogOutcome);
        Assert.Equal("raj@example.net", attempts[1].Recipient);
        Assert.Equal(3, attempts[1].Line);
    }

    [Fact]
    public void SmartleadStatistics_ReadsIsBounced()
    {
        const string Csv = """
            stats_id,lead_name,lead_email,lead_category,sequence_number,email_campaign_seq_id,seq_variant_id,email_subject,email_message,sent_time,open_time,click_time,reply_time,open_count,click_count,is_unsubscribed,is_bounced
            s1,Jane Doe,sales@example.com,,1,10,100,Quick question,Hi,2024-06-11T09:15:00.000Z,,,,0,0,false,true
            s2,Raj Patel,raj@example.net,,1,10,100,Quick question,Hi,2024-06-11T09:16:00.000Z,,,,1,0,false,false
            """;

        var attempts = Parse(Csv, SequencerPresets.SmartleadStatistics.Mapping, out _);

        Assert.Equal([DeliveryOutcome.Bounced, DeliveryOutcome.Delivered], attempts.Select(a => a.LogOutcome));
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 0, TimeSpan.Zero), attempts[0].Timestamp);
    }

    [Fact]
    public void InstantlyEvents_ReadSendingMailbox()
    {
        const string Csv = """
            timestamp,event_type,workspace,campaign_id,campaign_name,lead_email,email_account,step,variant,is_first
            2024-06-11T09:15:31.000Z,email_bounced,00000000-0000-4000-8000-00000000000a,00000000-0000-4000-8000-00000000000b,SaaS CFOs June,sales@example.com,anna@outreach.example.com,1,2,true
            2024-06-11T09:20:00.000Z,email_opened,00000000-0000-4000-8000-00000000000a,00000000-0000-4000-8000-00000000000b,SaaS CFOs June,raj@example.net,anna@outreach.example.com,1,1,true
            """;

        var attempts = Parse(Csv, SequencerPresets.InstantlyEvents.Mapping, out var report);

        var bounce = Assert.Single(attempts);
        Assert.Equal("sales@example.com", bounce.Recipient);
        Assert.Equal("anna@outreach.example.com", bounce.Sender);
        Assert.Equal("SaaS CFOs June", bounce.Campaign);
        Assert.Equal(DeliveryOutcome.Bounced, bounce.LogOutcome);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 31, TimeSpan.Zero), bounce.Timestamp);
        Assert.Equal(1, report.SkippedByReason[SequencerCsvParser.OtherStatus]);
    }

    [Fact]
    public void InstantlyLeads_MinusOneIsBounce()
    {
        var attempts = SampleFiles.Parse(
            new SequencerCsvParser("instantly.csv", SampleFiles.UploadedAt, SequencerPresets.InstantlyLeads.Mapping),
            File.ReadAllText(SampleFiles.PathOf("instantly-leads.csv")));

        Assert.Equal(2, attempts.Count);
        Assert.Equal(DeliveryOutcome.Bounced, attempts[0].LogOutcome);
        Assert.Equal("sales@example.com", attempts[0].Recipient);
        Assert.Equal("SaaS CFOs June", attempts[0].Campaign);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 31, TimeSpan.Zero), attempts[0].Timestamp);
        Assert.Equal(DeliveryOutcome.Delivered, attempts[1].LogOutcome);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 20, 0, TimeSpan.Zero), attempts[1].Timestamp);
    }

    [Fact]
    public void InstantlyLeads_WithoutUpdateTime_UseCreationTime()
    {
        const string Csv = """
            id,timestamp_created,timestamp_updated,campaign,status,email
            c1,2024-06-03T10:00:00.000Z,,SaaS CFOs June,-1,sales@example.com
            """;
        const string WithoutColumn = """
            id,timestamp_created,campaign,status,email
            c1,2024-06-03T10:00:00.000Z,SaaS CFOs June,-1,sales@example.com
            """;
        var created = new DateTimeOffset(2024, 6, 3, 10, 0, 0, TimeSpan.Zero);

        var emptyField = Assert.Single(Parse(Csv, SequencerPresets.InstantlyLeads.Mapping, out _));
        var noColumn = Assert.Single(Parse(WithoutColumn, SequencerPresets.InstantlyLeads.Mapping, out _));

        Assert.Equal(created, emptyField.Timestamp);
        Assert.Equal(created, noColumn.Timestamp);
    }

    [Theory]
    [InlineData("smartlead-leads.csv", "status=BLOCKED")]
    [InlineData("instantly-leads.csv", "status=-1")]
    [InlineData("lemlist-activities.csv", "type=emailsBounced")]
    public void BounceStatus_NamesNoCause(string sample, string verdict)
    {
        var mapping = SequencerPresets.Match(File.ReadLines(SampleFiles.PathOf(sample)).First().Split(','))!.Mapping;
        var bounce = Parse(File.ReadAllText(SampleFiles.PathOf(sample)), mapping, out _).Single(a => a.LogOutcome == DeliveryOutcome.Bounced);

        var classification = ClassifiedAttempt.From(bounce).Classification;

        Assert.Equal(verdict, bounce.SourceVerdict);
        Assert.Equal(DeliveryOutcome.Bounced, classification.Outcome);
        Assert.Equal(BounceCategory.Unknown, classification.Category);
        Assert.Equal(Blame.Unknown, classification.Blame);
        Assert.False(classification.Suppress);
        Assert.Equal($"no reply, and the source's own verdict '{verdict}' names no cause", classification.Evidence);
    }

    [Fact]
    public void Lemlist_ReadsActivities()
    {
        var attempts = SampleFiles.Parse(
            new SequencerCsvParser("lemlist.csv", SampleFiles.UploadedAt, SequencerPresets.LemlistActivities.Mapping),
            File.ReadAllText(SampleFiles.PathOf("lemlist-activities.csv")));

        Assert.Equal([DeliveryOutcome.Delivered, DeliveryOutcome.Bounced], attempts.Select(a => a.LogOutcome));
        Assert.Equal("anna@outreach.example.com", attempts[1].Sender);
        Assert.Equal("SaaS CFOs June", attempts[1].Campaign);
    }

    [Fact]
    public void CustomExport_UsesSuggestedMapping()
    {
        var csv = File.ReadAllText(SampleFiles.PathOf("custom-sequencer.csv"));
        var mapping = CsvHeaderSynonyms.Suggest(["Recipient", "Sender Email", "Campaign", "Status", "Bounce Reason", "date"])!;

        var attempts = Parse(csv, mapping, out var report);

        Assert.Equal(3, attempts.Count);
        Assert.Equal("550 5.1.1 The email account that you tried to reach does not exist.", attempts[0].Reply);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 15, 31, TimeSpan.Zero), attempts[0].Timestamp);
        Assert.Equal(DeliveryOutcome.Bounced, attempts[1].LogOutcome);
        Assert.Null(attempts[1].Reply);
        Assert.Equal(DeliveryOutcome.Delivered, attempts[2].LogOutcome);
        Assert.Equal(1, report.SkippedByReason[SequencerCsvParser.InvalidRecipient]);
        Assert.Equal(1, report.SkippedByReason[SequencerCsvParser.OtherStatus]);
    }

    [Fact]
    public void NoStatusColumn_EveryRowIsBounce()
    {
        const string Csv = "email,error\nsales@example.com,550 5.1.1 user unknown\nops@example.org,\n";

        var attempts = Parse(Csv, new CsvColumnMapping { RecipientColumn = "email", ReasonColumn = "error" }, out _);

        Assert.All(attempts, a => Assert.Equal(DeliveryOutcome.Bounced, a.LogOutcome));
        Assert.Equal(2, attempts.Count);
        Assert.Equal(SampleFiles.UploadedAt, attempts[0].Timestamp);
    }

    [Fact]
    public void SemicolonSeparator_IsDetected()
    {
        const string Csv = "email;status\nsales@example.com;bounced\n";

        var attempts = Parse(Csv, CsvHeaderSynonyms.Suggest(["email", "status"])!, out _);

        Assert.Equal("sales@example.com", Assert.Single(attempts).Recipient);
    }

    [Fact]
    public void UnixTime_IsRead()
    {
        const string Csv = "email,timestamp\nsales@example.com,1718097331\nops@example.org,1718097331000\n";

        var attempts = Parse(Csv, new CsvColumnMapping { RecipientColumn = "email", TimestampColumn = "timestamp" }, out _);

        Assert.All(attempts, a => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1718097331), a.Timestamp));
    }

    [Fact]
    public void UnreadableTime_IsSkipped()
    {
        const string Csv = "email,timestamp\nsales@example.com,yesterday\n";

        var attempts = Parse(Csv, new CsvColumnMapping { RecipientColumn = "email", TimestampColumn = "timestamp" }, out var report);

        Assert.Empty(attempts);
        Assert.Equal(1, report.SkippedByReason[SequencerCsvParser.InvalidTimestamp]);
    }

    [Fact]
    public void MissingMappedColumn_IsReported()
    {
        var error = Assert.Throws<LogFormatException>(() =>
            Parse("address,status\nsales@example.com,bounced\n", new CsvColumnMapping { RecipientColumn = "email" }, out _));

        Assert.Equal(1, error.Line);
        Assert.Contains("no column 'email'", error.Problem);
        Assert.Contains("'address'", error.Problem);
    }

    [Fact]
    public void BrokenQuote_NamesPhysicalLine()
    {
        const string Csv = "email,status,reason\nsales@example.com,bounced,\"550 multi\nline reason\"\nops@example.org,bounced,\"550 5.1.1 no closing quote\nraj@example.net,bounced,x\n";

        var error = Assert.Throws<LogFormatException>(() => Parse(Csv, CsvHeaderSynonyms.Suggest(["email", "status", "reason"])!, out _));

        Assert.Equal("export.csv", error.Source);
        Assert.Equal(4, error.Line);
        Assert.Contains("fix the quoting", error.Problem);
    }

    [Fact]
    public void StrayQuote_IsReported()
    {
        const string Csv = "email,status\nsales@example.com,bou\"nced\n";

        var error = Assert.Throws<LogFormatException>(() => Parse(Csv, CsvHeaderSynonyms.Suggest(["email", "status"])!, out _));

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void EmptyFile_IsReported()
    {
        var error = Assert.Throws<LogFormatException>(() => Parse(string.Empty, new CsvColumnMapping { RecipientColumn = "email" }, out _));

        Assert.Contains("empty", error.Problem);
    }
}
