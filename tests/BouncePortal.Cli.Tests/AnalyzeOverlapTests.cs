using System.Text.Json;

namespace BouncePortal.Cli.Tests;

/// <summary>
/// <c>analyze</c> counts an attempt that two input files contain once, as the portal does for two
/// uploads, and counts the repeats of one file as that file gives them.
/// </summary>
public sealed class AnalyzeOverlapTests : IClassFixture<TempDirectory>
{
    private const string DeliveredLine = "2024-06-11T14:00:01+00:00 mta1 postfix/smtp[30121]: 7A1B55C1E0: to=<lead@example.com>, relay=mx.example.com[192.0.2.26]:25, delay=0.8, delays=0.02/0/0.3/0.48, dsn=2.0.0, status=sent (250 2.0.0 OK)";

    private const string RemovedLine = "2024-06-11T14:00:03+00:00 mta1 postfix/qmgr[2210]: 9D2B55C1E0: removed";

    private readonly TempDirectory files;

    public AnalyzeOverlapTests(TempDirectory files) => this.files = files;

    [Fact]
    public void PartialCopy_CountsEachAttemptOnce()
    {
        // The queue removes the message at the end of the first file, so without the check the
        // second file's copy would start a second message.
        var log = files.Write("full.log", ClassifySkipTests.BouncedLine + "\n" + DeliveredLine + "\n" + RemovedLine + "\n");
        var copy = files.Write("copy.log", ClassifySkipTests.BouncedLine.Replace(" mta1 ", " mta9 ", StringComparison.Ordinal) + "\n");

        var run = CliRun.Of("analyze", "--json", log, copy);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("messages").GetInt32());
        var mailbox = Assert.Single(json.RootElement.GetProperty("mailboxes").EnumerateArray());
        Assert.Equal(2, mailbox.GetProperty("sent").GetInt32());
        Assert.Equal(1, mailbox.GetProperty("hardBounced").GetInt32());
    }

    [Fact]
    public void PartialCopy_SkippedInLaterFile()
    {
        var log = files.Write("first.log", ClassifySkipTests.BouncedLine + "\n" + RemovedLine + "\n");
        var copy = files.Write("second.log", ClassifySkipTests.BouncedLine + "\n");

        var run = CliRun.Of("analyze", log, copy);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{copy}: 1 line, 1 delivery attempt, 1 skipped\n", run.Stdout);
        Assert.Contains("Messages (message-recipient pairs): 1\n", run.Stdout);

        var classify = CliRun.Of("classify", "--verbose", log, copy);
        Assert.Equal(2, classify.StdoutLines.Length);
    }

    [Fact]
    public void RepeatWithinOneFile_IsNotSkipped()
    {
        var log = files.Write("repeat.log", ClassifySkipTests.BouncedLine + "\n" + ClassifySkipTests.BouncedLine + "\n");
        var other = files.Write("other.log", DeliveredLine + "\n");

        var run = CliRun.Of("analyze", log, other);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{log}: 2 lines, 2 delivery attempts, 0 skipped\n", run.Stdout);
    }
}
