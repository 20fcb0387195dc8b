using System.Globalization;
using System.Text.RegularExpressions;
using BouncePortal.Cli.Samples;

namespace BouncePortal.Cli.Tests;

/// <summary>
/// How many days a sample log spans, as the help text states it, and the README's recipe that
/// relies on it to write a log wholly in the past.
/// </summary>
public sealed partial class SampleSpanTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    private static List<DateTimeOffset> Timestamps(PostfixSampleOptions options, Func<string, bool> select)
    {
        var writer = new StringWriter();
        new PostfixSampleGenerator(options).Write(writer);
        return writer.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(select)
            .Select(line => DateTimeOffset.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture))
            .ToList();
    }

    [Theory]
    [InlineData(200, 4)]
    [InlineData(3000, 5)]
    [InlineData(3000, 1)]
    [InlineData(6000, 3)]
    public void Sample_EndsWithinSixDaysOfLastSendingDay(int messages, int mailboxes)
    {
        var options = new PostfixSampleOptions { Messages = messages, Mailboxes = mailboxes, Start = Today };

        var submitted = Timestamps(options, line => line.Contains(": client=", StringComparison.Ordinal));
        var all = Timestamps(options, _ => true);

        var lastSendingDay = DateOnly.FromDateTime(submitted.Max().UtcDateTime);
        var lastLineDay = DateOnly.FromDateTime(all.Max().UtcDateTime);
        Assert.Equal(messages, submitted.Count);
        Assert.True(lastLineDay <= lastSendingDay.AddDays(6), $"last line on {lastLineDay:yyyy-MM-dd}, last sending day {lastSendingDay:yyyy-MM-dd}");
    }

    [Theory]
    [InlineData(3000, 5, 2)]
    [InlineData(3000, 1, 10)]
    [InlineData(320, 1, 1)]
    public void Sample_SendsAbout320PerMailboxADay(int messages, int mailboxes, int expectedDays)
    {
        var options = new PostfixSampleOptions { Messages = messages, Mailboxes = mailboxes, Start = Today };

        var submitted = Timestamps(options, line => line.Contains(": client=", StringComparison.Ordinal));

        var sendingDays = submitted.Select(time => DateOnly.FromDateTime(time.UtcDateTime)).Distinct().Count();
        Assert.InRange(sendingDays, expectedDays, expectedDays + 1);
        Assert.All(submitted, time => Assert.InRange(time.UtcDateTime.TimeOfDay, TimeSpan.FromHours(9), TimeSpan.FromHours(17)));
    }

    [Fact]
    public void ReadmeRecipe_WritesOnlyPastLines()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var recipe = RecipePattern().Match(readme);
        Assert.True(recipe.Success, "README.md has no `sample postfix` recipe with --messages, --mailboxes and --start $(date -u -d 'N days ago' +%F)");
        var daysAgo = int.Parse(recipe.Groups["days"].Value, CultureInfo.InvariantCulture);
        var options = new PostfixSampleOptions
        {
            Messages = int.Parse(recipe.Groups["messages"].Value, CultureInfo.InvariantCulture),
            Mailboxes = int.Parse(recipe.Groups["mailboxes"].Value, CultureInfo.InvariantCulture),
            Start = Today.AddDays(-daysAgo),
        };

        var last = Timestamps(options, _ => true).Max();

        // The recipe may run just after midnight UTC, so every line must fall before today.
        var midnight = new DateTimeOffset(Today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        Assert.True(last < midnight, $"the recipe's last line is at {last:u}, after {midnight:u} on the day it runs");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BouncePortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"BouncePortal.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"sample postfix --messages (?<messages>\d+) --mailboxes (?<mailboxes>\d+) --start \$\(date -u -d '(?<days>\d+) days ago' \+%F\)")]
    private static partial Regex RecipePattern();
}
