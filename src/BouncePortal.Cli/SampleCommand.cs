using System.Globalization;
using System.Text;
using BouncePortal.Cli.Samples;

namespace BouncePortal.Cli;

/// <summary><c>bounceportal sample postfix</c>: writes a synthetic maillog.</summary>
internal static class SampleCommand
{
    private const string Name = "sample";
    private const int MaxMessages = 10_000_000;
    private const int MaxMailboxes = 1000;

    /// <summary>The formats the sample generator writes.</summary>
    private static readonly IReadOnlyList<string> SupportedFormats = ["postfix"];

    public static int Run(IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr)
    {
        var commandLine = CommandLine.Parse(
            Name,
            arguments,
            valueOptions: ["--messages", "--mailboxes", "--seed", "--start", "--out"],
            flagOptions: ["--syslog"]);
        if (commandLine.HelpRequested)
        {
            stdout.Write(CliApplication.Usage);
            return CliApplication.Success;
        }

        if (commandLine.Operands.Count != 1)
        {
            throw new UsageException($"{Name}: give exactly one format; supported formats: {string.Join(", ", SupportedFormats)}");
        }

        if (commandLine.Operands[0] != "postfix")
        {
            throw new UsageException($"{Name}: unknown format '{commandLine.Operands[0]}'; supported formats: {string.Join(", ", SupportedFormats)}");
        }

        var defaults = new PostfixSampleOptions();
        var options = new PostfixSampleOptions
        {
            Messages = ReadInt(commandLine, "--messages", defaults.Messages, 1, MaxMessages),
            Mailboxes = ReadInt(commandLine, "--mailboxes", defaults.Mailboxes, 1, MaxMailboxes),
            Seed = ReadInt(commandLine, "--seed", defaults.Seed, int.MinValue, int.MaxValue),
            Start = ReadDate(commandLine, "--start", defaults.Start),
            SyslogTimestamps = commandLine.Has("--syslog"),
        };
        var generator = new PostfixSampleGenerator(options);

        var outputPath = commandLine.Value("--out");
        if (outputPath is null)
        {
            generator.Write(stdout);
        }
        else
        {
            WriteFile(generator, outputPath);
        }

        WarnOfFutureLines(generator, options.Start, stderr);
        return CliApplication.Success;
    }

    /// <summary>Warns on standard error when the log runs past today, with a start date that would end it today.</summary>
    private static void WarnOfFutureLines(PostfixSampleGenerator generator, DateOnly start, TextWriter stderr)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        if (generator.LastLineTime is not { } last || DateOnly.FromDateTime(last) <= today)
        {
            return;
        }

        var lastDay = DateOnly.FromDateTime(last);
        var earlierStart = start.AddDays(today.DayNumber - lastDay.DayNumber);
        stderr.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Name}: warning: the last lines are dated {lastDay:yyyy-MM-dd}, after today ({today:yyyy-MM-dd}); the portal's 24-hour, 7-day and 30-day windows leave them out. For a log that ends by today, pass --start {earlierStart:yyyy-MM-dd} or fewer --messages."));
    }

    private static void WriteFile(PostfixSampleGenerator generator, string path)
    {
        try
        {
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 64 * 1024);
            generator.Write(writer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"{path}: write failed ({e.Message}); check that the directory exists and is writable", e);
        }
    }

    private static int ReadInt(CommandLine commandLine, string option, int fallback, int minimum, int maximum)
    {
        var text = commandLine.Value(option);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            throw new UsageException($"{Name}: invalid {option} '{text}'; give a whole number from {minimum} to {maximum}");
        }

        return value;
    }

    private static DateOnly ReadDate(CommandLine commandLine, string option, DateOnly fallback)
    {
        var text = commandLine.Value(option);
        if (text is null)
        {
            return fallback;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new UsageException($"{Name}: invalid {option} '{text}'; give a date as YYYY-MM-DD");
        }

        return value;
    }
}
