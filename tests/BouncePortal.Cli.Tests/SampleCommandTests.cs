using System.Globalization;
using System.Text.RegularExpressions;
using BouncePortal.Cli.Samples;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Cli.Tests;

public sealed partial class SampleCommandTests : IClassFixture<TempDirectory>
{
    private readonly TempDirectory files;

    public SampleCommandTests(TempDirectory files) => this.files = files;

    private static string Generate(PostfixSampleOptions options)
    {
        var writer = new StringWriter();
        new PostfixSampleGenerator(options).Write(writer);
        return writer.ToString();
    }

    private static (List<DeliveryAttempt> Attempts, ParseReport Report) Parse(string log, DateTimeOffset uploadedAt)
    {
        var parser = new PostfixLogParser("sample.log", uploadedAt);
        var attempts = parser.Parse(new StringReader(log)).ToList();
        return (attempts, parser.Report);
    }

    [Fact]
    public void Sample_ParsesWithoutSkippedDeliveries()
    {
        var log = Generate(new PostfixSampleOptions { Messages = 1000, Seed = 3 });
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var (attempts, report) = Parse(log, new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero));

        var deliveryLines = lines.Count(line => line.Contains(": to=<", StringComparison.Ordinal));
        var expiredLines = lines.Count(line => line.Contains("status=expired", StringComparison.Ordinal));
        Assert.Equal(deliveryLines, attempts.Count(a => a.LogOutcome != DeliveryOutcome.Expired));
        Assert.Equal(expiredLines, attempts.Count(a => a.LogOutcome == DeliveryOutcome.Expired));
        Assert.True(expiredLines > 0);
        Assert.False(report.SkippedByReason.ContainsKey(SkipReasons.NotPostfix));
        Assert.False(report.SkippedByReason.ContainsKey(SkipReasons.UnknownStatus));
        Assert.False(report.SkippedByReason.ContainsKey(SkipReasons.ExpiredWithoutDeferral));
        Assert.False(report.SkippedByReason.ContainsKey(SkipReasons.IntermediateReply));
        Assert.Equal(lines.Length, report.LinesRead);
    }

    [Fact]
    public void Sample_EveryAttemptHasSender()
    {
        var log = Generate(new PostfixSampleOptions { Messages = 500 });

        var (attempts, _) = Parse(log, new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.All(attempts, attempt => Assert.NotNull(attempt.Sender));
    }

    [Fact]
    public void Sample_ContainsEveryScenario()
    {
        var log = Generate(new PostfixSampleOptions { Messages = 3000, Seed = 5 });

        Assert.Contains("status=sent", log);
        Assert.Contains("451 4.7.1", log);
        Assert.Contains("421-4.7.28", log);
        Assert.Contains("550-5.1.1", log);
        Assert.Contains("451 4.7.500", log);
        Assert.Contains("452 4.2.2", log);
        Assert.Contains("Connection timed out", log);
        Assert.Contains("status=expired, returned to sender", log);
        Assert.Contains("Host or domain name not found", log);
        Assert.Contains("lost connection with", log);
        Assert.Contains("550-5.7.26", log);
        Assert.Contains(": removed", log);
    }

    [Fact]
    public void Sample_IsDeterministicPerSeed()
    {
        var first = Generate(new PostfixSampleOptions { Messages = 300, Seed = 42 });
        var second = Generate(new PostfixSampleOptions { Messages = 300, Seed = 42 });
        var other = Generate(new PostfixSampleOptions { Messages = 300, Seed = 43 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Sample_UsesReservedNamesOnly()
    {
        var log = Generate(new PostfixSampleOptions { Messages = 2000, Mailboxes = 12 });

        var addresses = AddressPattern().Matches(log).Select(m => m.Groups[1].Value).Distinct().ToList();
        var ips = IpPattern().Matches(log).Select(m => m.Value).Distinct().ToList();

        string[] allowedDomains = ["example.com", "example.net", "example.org", "gmail.com", "outlook.com", "yahoo.com"];
        Assert.NotEmpty(addresses);
        Assert.All(addresses, domain => Assert.Contains(allowedDomains, allowed => domain == allowed || domain.EndsWith("." + allowed, StringComparison.Ordinal)));
        Assert.NotEmpty(ips);
        Assert.All(ips, ip => Assert.Matches(@"^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$", ip));
    }

    [GeneratedRegex(@"[\w.+-]+@([\w.-]+\w)")]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.])")]
    private static partial Regex IpPattern();

    [Fact]
    public void Sample_MailboxesHaveDifferentRates()
    {
        var options = new PostfixSampleOptions { Messages = 4000, Mailboxes = 4, Seed = 9 };
        var (attempts, _) = Parse(Generate(options), new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var tracker = new RecipientOutcomeTracker();
        foreach (var attempt in attempts)
        {
            tracker.Add(ClassifiedAttempt.From(attempt));
        }

        var softRates = tracker.Outcomes
            .GroupBy(o => o.Sender)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key!, g => RecipientOutcomeTracker.Summarize(g).SoftRate);

        var mailboxes = new PostfixSampleGenerator(options).SendingMailboxes;
        Assert.Equal(4, softRates.Count);
        Assert.True(softRates[mailboxes[0]] < softRates[mailboxes[1]]);
        Assert.True(softRates[mailboxes[1]] < softRates[mailboxes[3]]);
        Assert.True(softRates[mailboxes[2]] < softRates[mailboxes[3]]);
    }

    [Fact]
    public void SampleSyslog_MatchesRfc3339Times()
    {
        var rfc = Generate(new PostfixSampleOptions { Messages = 300, Seed = 11 });
        var syslog = Generate(new PostfixSampleOptions { Messages = 300, Seed = 11, SyslogTimestamps = true });
        var uploadedAt = new DateTimeOffset(2024, 6, 30, 0, 0, 0, TimeSpan.Zero);

        var (fromRfc, _) = Parse(rfc, uploadedAt);
        var (fromSyslog, _) = Parse(syslog, uploadedAt);

        Assert.Equal(fromRfc.Count, fromSyslog.Count);
        Assert.Equal(
            fromRfc.Select(a => a.Timestamp.ToUnixTimeSeconds()),
            fromSyslog.Select(a => a.Timestamp.ToUnixTimeSeconds()));
        Assert.StartsWith("Jun 10 09:", syslog);
    }

    [Fact]
    public void SampleCommand_WritesOutFile()
    {
        var path = Path.Combine(files.Path, "sample.log");

        var run = CliRun.Of("sample", "postfix", "--messages", "50", "--mailboxes", "2", "--seed", "4", "--start", "2025-03-03", "--out", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.StartsWith("2025-03-03T09:", File.ReadAllText(path));
    }

    [Fact]
    public void SampleCommand_PastTodayWarns()
    {
        var path = Path.Combine(files.Path, "future.log");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var tomorrow = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var run = CliRun.Of("sample", "postfix", "--messages", "50", "--start", tomorrow, "--out", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("sample: warning: the last lines are dated", run.Stderr);
        Assert.Contains($"after today ({today:yyyy-MM-dd})", run.Stderr);
        Assert.Contains("pass --start ", run.Stderr);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void SampleCommand_WritesStdoutAnalyzable()
    {
        var sample = CliRun.Of("sample", "postfix", "--messages", "120", "--mailboxes", "3", "--syslog");
        var path = files.Write("stdout-sample.log", sample.Stdout);
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 6, 20, 0, 0, 0, DateTimeKind.Utc));

        var run = CliRun.Of("analyze", "--json", path);

        Assert.Equal(0, sample.ExitCode);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"messages\": 120", run.Stdout);
    }

    [Fact]
    public void Generator_RejectsZeroMessages()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PostfixSampleGenerator(new PostfixSampleOptions { Messages = 0 }));
    }
}
