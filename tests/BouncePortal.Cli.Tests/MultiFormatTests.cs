using System.Text.Json;

namespace BouncePortal.Cli.Tests;

public sealed class MultiFormatTests : IClassFixture<TempDirectory>
{
    private const string Replies = "550 5.1.1 The email account that you tried to reach does not exist.\n\n451 4.7.1 Greylisted, please try again later\n250 2.0.0 OK\n";

    private const string SendGridEvents = """
        [{"email":"sales@example.com","timestamp":1718097331,"smtp-id":"<x1@outreach.example.com>","event":"bounce","category":["june"],"sg_event_id":"ZXhhbXBsZS1ldmVudA","sg_message_id":"abc.filter0001","reason":"550 5.1.1 The email account that you tried to reach does not exist.","status":"5.1.1","type":"bounce","bounce_classification":"Invalid Address"},
         {"email":"ops@example.org","timestamp":1718097400,"event":"deferred","response":"451 4.7.500 Server busy. Please try again later from [198.51.100.24]. (S77714)","attempt":"3","sg_event_id":"ZXhhbXBsZS0y","sg_message_id":"abd.filter0001"}]
        """;

    private const string SequencerCsv = """
        timestamp,event_type,workspace,campaign_id,campaign_name,lead_email,email_account,step
        2024-06-11T09:15:31.000Z,email_bounced,w1,c1,SaaS CFOs June,sales@example.com,anna@outreach.example.com,1
        2024-06-11T09:14:00.000Z,email_sent,w1,c1,SaaS CFOs June,raj@example.net,anna@outreach.example.com,1
        2024-06-11T09:20:00.000Z,email_opened,w1,c1,SaaS CFOs June,raj@example.net,anna@outreach.example.com,1
        """;

    private const string PostfixLog = """
        2024-06-11T14:00:02+00:00 mta1 postfix/smtp[30121]: 9D2B55C1E0: to=<sales@example.com>, relay=aspmx.l.google.com[192.0.2.26]:25, delay=0.8, delays=0.02/0/0.3/0.48, dsn=5.1.1, status=bounced (host aspmx.l.google.com[192.0.2.26] said: 550 5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command))
        2024-06-11T14:05:30+00:00 mta1 postfix/smtp[4420]: 7C1A94C0D2: to=<j.doe@example.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1.9, delays=0.05/0.01/0.61/1.2, dsn=2.0.0, status=sent (250 2.0.0 OK  1709543563 a1b2c3d4e5f6si0000001wmq.42 - gsmtp)

        """;

    private readonly TempDirectory files;

    public MultiFormatTests(TempDirectory files) => this.files = files;

    private static JsonElement[] Objects(CliRun run) =>
        run.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();

    [Fact]
    public void ClassifyReplies_OneObjectPerReply()
    {
        var path = files.Write("replies.txt", Replies);

        var run = CliRun.Of("classify", "--format", "replies", path);

        var objects = Objects(run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, objects.Length);
        Assert.Equal([1L, 3L, 4L], objects.Select(o => o.GetProperty("line").GetInt64()));
        Assert.Equal(["Bounced", "Deferred", "Delivered"], objects.Select(o => o.GetProperty("outcome").GetString()));
        Assert.Equal("UserUnknown", objects[0].GetProperty("category").GetString());
        Assert.Equal(string.Empty, objects[0].GetProperty("recipient").GetString());
    }

    [Fact]
    public void ClassifyReplies_NoCode_SoftOrNoClass()
    {
        var path = files.Write("no-code.txt", "Connection timed out\nConnection refused\nlost connection with mx.example.net[192.0.2.44] while sending RCPT TO\nhello world\n");

        var run = CliRun.Of("classify", "--format", "replies", path);

        var objects = Objects(run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Deferred", "Deferred", "Deferred", "Bounced"], objects.Select(o => o.GetProperty("outcome").GetString()));
        Assert.Equal(["Soft", "Soft", "Soft", null], objects.Select(o => o.GetProperty("class").GetString()));
        Assert.Equal(["NetworkError", "NetworkError", "NetworkError", "Unknown"], objects.Select(o => o.GetProperty("category").GetString()));
    }

    [Fact]
    public void ClassifyReplies_SoftWordsWithoutCode_AreSoft()
    {
        var path = files.Write("soft-words.txt", "Greylisted, please try again later\nMailbox full\nUser unknown\n");

        var run = CliRun.Of("classify", "--format", "replies", path);

        var objects = Objects(run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Greylisted", "MailboxFull", "UserUnknown"], objects.Select(o => o.GetProperty("category").GetString()));
        Assert.Equal(["Soft", "Soft", "Hard"], objects.Select(o => o.GetProperty("class").GetString()));
        Assert.Equal(["Deferred", "Deferred", "Bounced"], objects.Select(o => o.GetProperty("outcome").GetString()));
    }

    [Theory]
    [InlineData("Greylisted, please try again later")]
    [InlineData("Mailbox full")]
    [InlineData("Connection timed out")]
    [InlineData("hello world")]
    [InlineData("550 5.1.1 The email account that you tried to reach does not exist.")]
    [InlineData("451 4.7.1 Greylisted, please try again later")]
    public void ClassifyReplies_MatchesDecode(string reply)
    {
        var path = files.Write($"same-{Guid.NewGuid():N}.txt", reply + "\n");

        var classified = Assert.Single(Objects(CliRun.Of("classify", "--format", "replies", path)));
        using var decoded = JsonDocument.Parse(CliRun.Of("decode", "--json", reply).Stdout);

        foreach (var field in new[] { "class", "category", "blame", "suppress" })
        {
            Assert.Equal(classified.GetProperty(field).ToString(), decoded.RootElement.GetProperty(field).ToString());
        }
    }

    [Fact]
    public void Classify_DetectsRepliesByDefault()
    {
        var path = files.Write("auto-replies.txt", Replies);

        var run = CliRun.Of("classify", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.StdoutLines.Length);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Theory]
    [InlineData("classify")]
    [InlineData("analyze")]
    public void ChosenFormatAgainstDetection_Warns(string command)
    {
        var path = files.Write($"{command}-chosen.log", PostfixLog);

        var run = CliRun.Of(command, "--format", "replies", path);

        Assert.Equal(0, run.ExitCode);
        var warning = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"bounceportal: warning: {path}: read as replies as --format requests, but automatic detection reads the content as postfix at ", warning);
        Assert.Matches(@" at \d+% confidence \(", warning);
        Assert.Contains("--format postfix", warning);
        Assert.NotEqual(string.Empty, run.Stdout);
    }

    [Fact]
    public void ChosenReplies_StillReadsReplies()
    {
        var path = files.Write("chosen-replies.log", PostfixLog);

        var run = CliRun.Of("classify", "--format", "replies", path);

        Assert.Equal(PostfixLog.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, run.StdoutLines.Length);
    }

    [Fact]
    public void ChosenFormatAsDetected_NoWarning()
    {
        var path = files.Write("chosen-postfix.log", PostfixLog);

        var run = CliRun.Of("classify", "--format", "postfix", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void ClassifyVerbose_PrintsDetection()
    {
        var path = files.Write("verbose.json", SendGridEvents);

        var run = CliRun.Of("classify", "--verbose", path);

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"bounceportal: {path} read as sendgrid (confidence 0.95: ", line);
    }

    [Fact]
    public void ClassifyVerbose_ChosenFormatHasNoConfidence()
    {
        var path = files.Write("chosen.json", SendGridEvents);

        var run = CliRun.Of("classify", "--verbose", "--format", "sendgrid", path);

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"bounceportal: {path} read as sendgrid (format chosen by the user)", line);
    }

    [Fact]
    public void ClassifySendGrid_AddsEvidenceAndCampaign()
    {
        var path = files.Write("sendgrid.json", SendGridEvents);

        var run = CliRun.Of("classify", path);

        var objects = Objects(run);
        Assert.Equal(2, objects.Length);
        Assert.Equal("sales@example.com", objects[0].GetProperty("recipient").GetString());
        Assert.Equal("Bounced", objects[0].GetProperty("outcome").GetString());
        Assert.Equal("UserUnknown", objects[0].GetProperty("category").GetString());
        Assert.Equal("june", objects[0].GetProperty("campaign").GetString());
        Assert.False(string.IsNullOrEmpty(objects[0].GetProperty("evidence").GetString()));
        Assert.Equal("Deferred", objects[1].GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, objects[1].GetProperty("campaign").ValueKind);
    }

    [Theory]
    [InlineData("sendgrid")]
    [InlineData("send-grid")]
    public void FormatName_AcceptsEnumSpellings(string name)
    {
        var path = files.Write($"named-{name}.json", SendGridEvents);

        var run = CliRun.Of("classify", "--format", name, path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
    }

    [Fact]
    public void ClassifyCsv_ReadsPreset()
    {
        var path = files.Write("instantly.csv", SequencerCsv);

        var run = CliRun.Of("classify", "--format", "csv", path);

        var objects = Objects(run);
        Assert.Equal(2, objects.Length);
        Assert.Equal("anna@outreach.example.com", objects[0].GetProperty("sender").GetString());
        Assert.Equal("SaaS CFOs June", objects[0].GetProperty("campaign").GetString());
        Assert.Equal("Bounced", objects[0].GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, objects[0].GetProperty("reply").ValueKind);
        Assert.Equal("Delivered", objects[1].GetProperty("outcome").GetString());
    }

    [Fact]
    public void AnalyzeCsv_CountsMailbox()
    {
        var path = files.Write("analyze.csv", SequencerCsv);

        var run = CliRun.Of("analyze", "--json", path);

        using var json = JsonDocument.Parse(run.Stdout);
        var mailbox = json.RootElement.GetProperty("mailboxes")[0];
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("anna@outreach.example.com", mailbox.GetProperty("mailbox").GetString());
        Assert.Equal(2, mailbox.GetProperty("sent").GetInt32());
    }

    [Fact]
    public void UnknownContent_ListsFormats()
    {
        var path = files.Write("letter.txt", "Dear customer,\nthank you.\n");

        var run = CliRun.Of("classify", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}: the format is not recognised", run.Stderr);
        Assert.Contains("Supported formats", run.Stderr);
    }

    [Fact]
    public void BrokenCsv_NamesLine()
    {
        var path = files.Write("broken.csv", "email,status\nsales@example.com,\"bounced\n");

        var run = CliRun.Of("classify", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}, line 2: ", run.Stderr);
    }
}
