using System.Text.Json;

namespace BouncePortal.Cli.Tests;

/// <summary>
/// <c>analyze</c> counts no sends for bounce emails and ESP exports without a delivery event,
/// because they report failures only, as the portal does. Their recipients still reach the
/// suppression list.
/// </summary>
public sealed class AnalyzeFailureOnlyTests : IClassFixture<TempDirectory>
{
    private const string SendGridBounce = """
        {"email":"gone@example.com","timestamp":1718097331,"smtp-id":"<x1@outreach.example.com>","event":"bounce","sg_event_id":"ZXhhbXBsZS1ldmVudA","sg_message_id":"abc.filter0001","reason":"550 5.1.1 The email account that you tried to reach does not exist.","status":"5.1.1","type":"bounce"}
        """;

    private const string SendGridDelivery = """
        {"email":"lead@example.com","timestamp":1718097500,"event":"delivered","response":"250 2.0.0 OK","sg_event_id":"ZXhhbXBsZS00","sg_message_id":"abf.filter0001"}
        """;

    private const string DeliveredLine = "2024-06-11T14:00:01+00:00 mta1 postfix/smtp[30121]: 7A1B55C1E0: to=<lead@example.com>, relay=mx.example.com[192.0.2.26]:25, delay=0.8, delays=0.02/0/0.3/0.48, dsn=2.0.0, status=sent (250 2.0.0 OK)";

    private readonly TempDirectory files;

    public AnalyzeFailureOnlyTests(TempDirectory files) => this.files = files;

    [Fact]
    public void BounceEmail_AddsNoSends()
    {
        var path = files.Write("only-bounce.eml", ClassifySkipTests.Bounce);

        var run = CliRun.Of("analyze", "--json", path);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("messages").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("messagesWithoutSends").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("mailboxes").GetArrayLength());
        var suppressed = Assert.Single(json.RootElement.GetProperty("suppressionList").EnumerateArray());
        Assert.Equal("sales@example.com", suppressed.GetProperty("recipient").GetString());
    }

    [Fact]
    public void BounceEmail_TableSaysWhy()
    {
        var path = files.Write("why.eml", ClassifySkipTests.Bounce);

        var run = CliRun.Of("analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{path}: reports failures only, so its recipients add no sends to the mailbox rates\n", run.Stdout);
        Assert.Contains("Messages (message-recipient pairs): 1, of which 1 from failure reports add no sends\n", run.Stdout);
        Assert.Contains("No rates: the inputs report failures only.", run.Stdout);
        Assert.Contains("  sales@example.com  UserUnknown\n", run.Stdout);
    }

    [Fact]
    public void BounceEmailBesideLog_CountsLogOnly()
    {
        var log = files.Write("beside.log", ClassifySkipTests.BouncedLine + "\n" + DeliveredLine + "\n");
        var email = files.Write("beside.eml", ClassifySkipTests.Bounce);

        var run = CliRun.Of("analyze", "--json", log, email);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(3, json.RootElement.GetProperty("messages").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("messagesWithoutSends").GetInt32());
        var mailbox = Assert.Single(json.RootElement.GetProperty("mailboxes").EnumerateArray());
        Assert.Equal(2, mailbox.GetProperty("sent").GetInt32());
        Assert.Equal(1, mailbox.GetProperty("hardBounced").GetInt32());

        var table = CliRun.Of("analyze", log, email).Stdout;
        Assert.Contains($"{email}: reports failures only", table);
        Assert.DoesNotContain($"{log}: reports failures only", table);
    }

    [Fact]
    public void ExportWithoutDeliveries_AddsNoSends()
    {
        var path = files.Write("sendgrid-bounces.json", SendGridBounce + "\n");

        var run = CliRun.Of("analyze", "--json", "--format", "sendgrid", path);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("messagesWithoutSends").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("mailboxes").GetArrayLength());
        Assert.Single(json.RootElement.GetProperty("suppressionList").EnumerateArray());
    }

    [Fact]
    public void ExportWithDelivery_CountsEverySend()
    {
        var path = files.Write("sendgrid-all.json", SendGridBounce + "\n" + SendGridDelivery + "\n");

        var run = CliRun.Of("analyze", "--json", "--format", "sendgrid", path);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(0, json.RootElement.GetProperty("messagesWithoutSends").GetInt32());
        var mailbox = Assert.Single(json.RootElement.GetProperty("mailboxes").EnumerateArray());
        Assert.Equal(2, mailbox.GetProperty("sent").GetInt32());
        Assert.Equal(1, mailbox.GetProperty("hardBounced").GetInt32());
        Assert.DoesNotContain("reports failures only", CliRun.Of("analyze", "--format", "sendgrid", path).Stdout);
    }
}
