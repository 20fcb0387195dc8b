namespace BouncePortal.Cli.Tests;

/// <summary>
/// The per-file line of <c>analyze</c> names what the format is made of, in singular or plural.
/// </summary>
public sealed class AnalyzeCountsTests : IClassFixture<TempDirectory>
{
    private const string SendGridEvents = """
        [{"email":"sales@example.com","timestamp":1718097331,"smtp-id":"<x1@outreach.example.com>","event":"bounce","sg_event_id":"ZXhhbXBsZS1ldmVudA","sg_message_id":"abc.filter0001","reason":"550 5.1.1 The email account that you tried to reach does not exist.","status":"5.1.1","type":"bounce"}]
        """;

    private const string SequencerCsv = """
        timestamp,event_type,workspace,campaign_id,campaign_name,lead_email,email_account,step
        2024-06-11T09:15:31.000Z,email_bounced,w1,c1,SaaS CFOs June,sales@example.com,anna@outreach.example.com,1
        2024-06-11T09:14:00.000Z,email_sent,w1,c1,SaaS CFOs June,raj@example.net,anna@outreach.example.com,1
        """;

    private readonly TempDirectory files;

    public AnalyzeCountsTests(TempDirectory files) => this.files = files;

    [Fact]
    public void OneLine_IsSingular()
    {
        var path = files.Write("one.log", ClassifySkipTests.BouncedLine + "\n");

        var run = CliRun.Of("analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}: 1 line, 1 delivery attempt, 0 skipped\n", run.Stdout);
    }

    [Fact]
    public void TwoLines_ArePlural()
    {
        var path = files.Write("two.log", ClassifySkipTests.BouncedLine + "\n" + ClassifySkipTests.OtherProgramLine + "\n");

        var run = CliRun.Of("analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}: 2 lines, 1 delivery attempt, 1 skipped\n", run.Stdout);
    }

    [Fact]
    public void Mbox_CountsEmails()
    {
        var path = files.Write("bounces.mbox", ClassifySkipTests.Mbox(ClassifySkipTests.Bounce, ClassifySkipTests.Bounce));

        var run = CliRun.Of("analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}: 2 emails, 2 delivery attempts, 0 skipped\n", run.Stdout);
        Assert.DoesNotContain("lines", run.Stdout);
    }

    [Fact]
    public void Eml_CountsOneEmail()
    {
        var path = files.Write("bounce.eml", ClassifySkipTests.Bounce);

        var run = CliRun.Of("analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}: 1 email, 1 delivery attempt, 0 skipped\n", run.Stdout);
    }

    [Fact]
    public void EspJson_CountsRecords()
    {
        var path = files.Write("sendgrid.json", SendGridEvents);

        var run = CliRun.Of("analyze", "--format", "sendgrid", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}: 1 record, 1 delivery attempt, 0 skipped\n", run.Stdout);
    }

    [Fact]
    public void SequencerCsv_CountsDataRows()
    {
        var path = files.Write("activities.csv", SequencerCsv);

        var run = CliRun.Of("analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}: 2 rows, 2 delivery attempts, 0 skipped\n", run.Stdout);
    }
}
