using System.Text.Json;

namespace BouncePortal.Cli.Tests;

public sealed class CsvDateOrderTests : IClassFixture<TempDirectory>
{
    // 2 Dec, 4 Dec and 30 Nov 2026, written day first.
    private const string DayFirst = """
        contact,outcome,when
        first@example.com,bounced,02/12/2026
        second@example.com,bounced,04/12/2026
        third@example.com,bounced,30/11/2026
        """;

    private readonly TempDirectory files;

    public CsvDateOrderTests(TempDirectory files) => this.files = files;

    private static string[] Timestamps(CliRun run) =>
        run.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("timestamp").GetString()!).ToArray();

    [Fact]
    public void Classify_DayFirst_ReadsEveryDate()
    {
        var path = files.Write("day-first.csv", DayFirst);

        var run = CliRun.Of("classify", "--recipient-column", "contact", "--status-column", "outcome", "--time-column", "when", "--date-order", "day-first", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["2026-12-02T00:00:00+00:00", "2026-12-04T00:00:00+00:00", "2026-11-30T00:00:00+00:00"], Timestamps(run));
        Assert.DoesNotContain("skipped", run.Stderr);
    }

    [Fact]
    public void Classify_DefaultOrder_SkipsWithAdvice()
    {
        var path = files.Write("default-order.csv", DayFirst);

        var run = CliRun.Of("classify", "--recipient-column", "contact", "--status-column", "outcome", "--time-column", "when", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["2026-02-12T00:00:00+00:00", "2026-04-12T00:00:00+00:00"], Timestamps(run));
        Assert.Contains("does not fit the month-first date order", run.Stderr);
        Assert.Contains("line 4", run.Stderr);
        Assert.Contains("--date-order day-first", run.Stderr);
    }

    [Fact]
    public void Classify_DateOrderAlone_AppliesToSynonyms()
    {
        var path = files.Write("named.csv", "email,status,date\nfirst@example.com,bounced,30/11/2026 14:05\n");

        var run = CliRun.Of("classify", "--date-order", "day-first", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["2026-11-30T14:05:00+00:00"], Timestamps(run));
    }

    [Fact]
    public void Analyze_DayFirst_CountsEveryRow()
    {
        var path = files.Write("analyzed-day-first.csv", DayFirst);

        var run = CliRun.Of("analyze", "--json", "--recipient-column", "contact", "--status-column", "outcome", "--time-column", "when", "--date-order", "day-first", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("messages").GetInt32());
    }

    [Fact]
    public void Classify_InvalidDateOrder_IsUsageError()
    {
        var path = files.Write("invalid-order.csv", DayFirst);

        var run = CliRun.Of("classify", "--recipient-column", "contact", "--date-order", "dd/mm", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--date-order must be day-first or month-first, not 'dd/mm'", run.Stderr);
    }

    [Fact]
    public void Help_DescribesDateOrder()
    {
        var run = CliRun.Of("--help");

        Assert.Contains("--date-order ORDER", run.Stdout);
        Assert.Contains("day-first", run.Stdout);
    }
}
