using System.Text.Json;

namespace BouncePortal.Cli.Tests;

public sealed class RampCommandTests
{
    private static void AssertUsageError(CliRun run, string expected)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.StartsWith("bounceportal: ", run.Stderr);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, run.Stderr);
    }

    private static (string Date, int DailyLimit)[] ReadJson(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);

        return json.RootElement.EnumerateArray()
            .Select(day => (day.GetProperty("date").GetString()!, day.GetProperty("dailyLimit").GetInt32()))
            .ToArray();
    }

    [Fact]
    public void RecoveryJson_HasDateAndLimit()
    {
        var run = CliRun.Of("ramp", "recovery", "--previous", "40", "--target", "40", "--start", "2026-03-02", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.All(json.RootElement.EnumerateArray(), day => Assert.Equal(["date", "dailyLimit"], day.EnumerateObject().Select(p => p.Name)));
        var days = ReadJson(run);
        Assert.Equal(29, days.Length);
        Assert.Equal(("2026-03-02", 20), days[0]);
        Assert.Equal(("2026-03-08", 20), days[6]);
        Assert.Equal(("2026-03-09", 24), days[7]);
        Assert.Equal(("2026-03-16", 29), days[14]);
        Assert.Equal(("2026-03-23", 35), days[21]);
        Assert.Equal(("2026-03-30", 40), days[28]);
    }

    [Fact]
    public void RecoveryTable_IsAligned()
    {
        var run = CliRun.Of("ramp", "recovery", "--previous", "40", "--target", "15", "--start", "2026-03-02");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Equal(
            """
            Recovery ramp to 15 sends a day: 7 days from 2026-03-02 to 2026-03-08, then stay at 15.

            Date        Daily limit
            2026-03-02           15
            2026-03-03           15
            2026-03-04           15
            2026-03-05           15
            2026-03-06           15
            2026-03-07           15
            2026-03-08           15

            """,
            run.Stdout);
    }

    [Fact]
    public void ResumeJson_UsesFraction()
    {
        var run = CliRun.Of("ramp", "resume", "--previous", "100", "--target", "100", "--start", "2026-03-02", "--fraction", "0.3", "--json");

        var days = ReadJson(run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(50, days.Length);
        Assert.Equal(("2026-03-02", 30), days[0]);
        Assert.Equal(("2026-03-09", 36), days[7]);
        Assert.Equal(("2026-04-20", 100), days[^1]);
    }

    [Fact]
    public void Resume_DefaultFraction_IsFortyPercent()
    {
        var run = CliRun.Of("ramp", "resume", "--previous", "40", "--target", "40", "--start", "2026-03-02", "--json");

        var days = ReadJson(run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(16, days[0].DailyLimit);
    }

    [Fact]
    public void ResumeTable_NamesThePlan()
    {
        var run = CliRun.Of("ramp", "resume", "--previous", "40", "--target", "40", "--start", "2026-03-02", "--fraction=0.5");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Resume after a pause to 40 sends a day: 29 days from 2026-03-02 to 2026-03-30", run.Stdout);
        Assert.Contains("2026-03-02           20\n", run.Stdout);
        Assert.EndsWith("2026-03-30           40\n", run.Stdout);
    }

    [Fact]
    public void NewJson_DefaultsTo21DaysFrom20()
    {
        var run = CliRun.Of("ramp", "new", "--target", "35", "--start", "2026-03-02", "--json");

        var days = ReadJson(run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [20, 21, 22, 22, 23, 24, 25, 25, 26, 27, 28, 28, 29, 30, 31, 31, 32, 33, 34, 34, 35],
            days.Select(day => day.DailyLimit));
        Assert.Equal("2026-03-22", days[^1].Date);
    }

    [Fact]
    public void NewJson_HonoursDaysAndStartVolume()
    {
        var run = CliRun.Of("ramp", "new", "--target", "35", "--start", "2026-03-02", "--days", "14", "--start-volume", "22", "--json");

        var days = ReadJson(run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(14, days.Length);
        Assert.Equal(("2026-03-02", 22), days[0]);
        Assert.Equal(("2026-03-15", 35), days[^1]);
    }

    [Fact]
    public void NewTable_ListsEveryDay()
    {
        var run = CliRun.Of("ramp", "new", "--target", "30", "--start", "2026-03-02", "--days", "14");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("New mailbox ramp to 30 sends a day: 14 days from 2026-03-02 to 2026-03-15, then stay at 30.", run.StdoutLines[0]);
        Assert.Equal("Date        Daily limit", run.StdoutLines[1]);
        Assert.Equal(16, run.StdoutLines.Length);
        Assert.Equal("2026-03-15           30", run.StdoutLines[^1]);
    }

    [Fact]
    public void RampHelp_PrintsUsage()
    {
        var run = CliRun.Of("ramp", "new", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bounceportal ramp recovery --previous N", run.Stdout);
        Assert.Contains("--start-volume N", run.Stdout);
    }

    [Theory]
    [InlineData("missing plan", "ramp")]
    [InlineData("unknown plan 'warmup'", "ramp", "warmup", "--target", "30")]
    [InlineData("missing --previous", "ramp", "recovery", "--target", "40", "--start", "2026-03-02")]
    [InlineData("missing --target", "ramp", "recovery", "--previous", "40", "--start", "2026-03-02")]
    [InlineData("missing --start", "ramp", "recovery", "--previous", "40", "--target", "40")]
    [InlineData("invalid --previous '0'", "ramp", "recovery", "--previous", "0", "--target", "40", "--start", "2026-03-02")]
    [InlineData("invalid --previous '-5'", "ramp", "recovery", "--previous", "-5", "--target", "40", "--start", "2026-03-02")]
    [InlineData("invalid --target 'forty'", "ramp", "recovery", "--previous", "40", "--target", "forty", "--start", "2026-03-02")]
    [InlineData("invalid --target '0'", "ramp", "resume", "--previous", "40", "--target", "0", "--start", "2026-03-02")]
    [InlineData("invalid --start '2026-02-30'", "ramp", "recovery", "--previous", "40", "--target", "40", "--start", "2026-02-30")]
    [InlineData("invalid --start '02/03/2026'", "ramp", "recovery", "--previous", "40", "--target", "40", "--start", "02/03/2026")]
    [InlineData("invalid --start '9999-12-20'", "ramp", "recovery", "--previous", "40", "--target", "40", "--start", "9999-12-20")]
    [InlineData("unknown option '--fraction'", "ramp", "recovery", "--previous", "40", "--target", "40", "--start", "2026-03-02", "--fraction", "0.4")]
    [InlineData("invalid --fraction '0.6'", "ramp", "resume", "--previous", "40", "--target", "40", "--start", "2026-03-02", "--fraction", "0.6")]
    [InlineData("invalid --fraction '0.29'", "ramp", "resume", "--previous", "40", "--target", "40", "--start", "2026-03-02", "--fraction", "0.29")]
    [InlineData("invalid --fraction 'half'", "ramp", "resume", "--previous", "40", "--target", "40", "--start", "2026-03-02", "--fraction", "half")]
    [InlineData("invalid --fraction '-0.4'", "ramp", "resume", "--previous", "40", "--target", "40", "--start", "2026-03-02", "--fraction", "-0.4")]
    [InlineData("unknown option '--previous'", "ramp", "new", "--previous", "40", "--target", "35", "--start", "2026-03-02")]
    [InlineData("invalid --days '13'", "ramp", "new", "--target", "35", "--start", "2026-03-02", "--days", "13")]
    [InlineData("invalid --days '22'", "ramp", "new", "--target", "35", "--start", "2026-03-02", "--days", "22")]
    [InlineData("invalid --start-volume '19'", "ramp", "new", "--target", "35", "--start", "2026-03-02", "--start-volume", "19")]
    [InlineData("invalid --start-volume '41'", "ramp", "new", "--target", "45", "--start", "2026-03-02", "--start-volume", "41")]
    [InlineData("invalid --target '51'", "ramp", "new", "--target", "51", "--start", "2026-03-02")]
    [InlineData("invalid --target 30; it is below the start volume 35", "ramp", "new", "--target", "30", "--start", "2026-03-02", "--start-volume", "35")]
    [InlineData("missing --target", "ramp", "new", "--start", "2026-03-02")]
    [InlineData("option --target is missing its value", "ramp", "new", "--start", "2026-03-02", "--target")]
    [InlineData("unexpected argument '35'", "ramp", "new", "35", "--start", "2026-03-02")]
    public void Ramp_BadArguments_ExitTwo(string expected, params string[] args)
    {
        AssertUsageError(CliRun.Of(args), expected);
    }
}
