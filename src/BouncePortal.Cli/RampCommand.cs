using System.Globalization;
using System.Text.Json;
using BouncePortal.Domain.Ramp;

namespace BouncePortal.Cli;

/// <summary>
/// <c>bounceportal ramp recovery|resume|new</c>: prints a ramp schedule, one daily send limit
/// per day, as a table or as JSON.
/// </summary>
internal static class RampCommand
{
    private const string Name = "ramp";

    private static readonly IReadOnlyList<string> PlanNames = ["recovery", "resume", "new"];

    public static int Run(IReadOnlyList<string> arguments, TextWriter stdout)
    {
        if (arguments.Count == 0)
        {
            throw new UsageException($"{Name}: missing plan; give one of {string.Join(", ", PlanNames)}");
        }

        if (arguments[0] is "--help" or "-h")
        {
            stdout.Write(CliApplication.Usage);
            return CliApplication.Success;
        }

        var planName = arguments[0];
        var rest = arguments.Skip(1).ToList();
        var command = $"{Name} {planName}";
        var valueOptions = planName switch
        {
            "recovery" => new[] { "--previous", "--target", "--start" },
            "resume" => ["--previous", "--target", "--start", "--fraction"],
            "new" => ["--target", "--start", "--days", "--start-volume"],
            _ => throw new UsageException($"{Name}: unknown plan '{planName}'; give one of {string.Join(", ", PlanNames)}"),
        };

        var commandLine = CommandLine.Parse(command, rest, valueOptions, flagOptions: ["--json"]);
        if (commandLine.HelpRequested)
        {
            stdout.Write(CliApplication.Usage);
            return CliApplication.Success;
        }

        if (commandLine.Operands.Count > 0)
        {
            throw new UsageException($"{command}: unexpected argument '{commandLine.Operands[0]}'; give the values as options, for example --target 35");
        }

        var plan = BuildPlan(planName, command, commandLine);
        if (commandLine.Has("--json"))
        {
            var records = plan.Days.Select(day => new RampDayRecord(day.Date, day.DailyLimit));
            stdout.WriteLine(JsonSerializer.Serialize(records, JsonOutput.Indented));
        }
        else
        {
            WriteTable(stdout, plan);
        }

        return CliApplication.Success;
    }

    private static RampPlan BuildPlan(string planName, string command, CommandLine commandLine)
    {
        var start = RequireDate(command, commandLine, "--start");
        try
        {
            return planName switch
            {
                "recovery" => RampPlanner.Recovery(
                    RequireInt(command, commandLine, "--previous", 1, int.MaxValue),
                    RequireInt(command, commandLine, "--target", 1, int.MaxValue),
                    start),
                "resume" => RampPlanner.Resume(
                    RequireInt(command, commandLine, "--previous", 1, int.MaxValue),
                    RequireInt(command, commandLine, "--target", 1, int.MaxValue),
                    start,
                    ReadFraction(command, commandLine)),
                _ => BuildNewMailbox(command, commandLine, start),
            };
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "start")
        {
            throw new UsageException($"{command}: invalid --start '{start:yyyy-MM-dd}'; the plan would end after {DateOnly.MaxValue:yyyy-MM-dd}, so give an earlier date");
        }
    }

    private static RampPlan BuildNewMailbox(string command, CommandLine commandLine, DateOnly start)
    {
        var rampDays = ReadInt(command, commandLine, "--days", RampPlanner.DefaultNewMailboxDays, RampPlanner.MinNewMailboxDays, RampPlanner.MaxNewMailboxDays);
        var startVolume = ReadInt(
            command,
            commandLine,
            "--start-volume",
            RampPlanner.DefaultNewMailboxStartVolume,
            RampPlanner.MinNewMailboxStartVolume,
            RampPlanner.MaxNewMailboxStartVolume);
        var target = RequireInt(command, commandLine, "--target", RampPlanner.MinNewMailboxStartVolume, RampPlanner.MaxNewMailboxTarget);
        if (target < startVolume)
        {
            throw new UsageException($"{command}: invalid --target {target}; it is below the start volume {startVolume}, so raise --target or lower --start-volume");
        }

        return RampPlanner.NewMailbox(target, start, rampDays, startVolume);
    }

    private static void WriteTable(TextWriter output, RampPlan plan)
    {
        var title = plan.Kind switch
        {
            RampKind.Recovery => "Recovery ramp",
            RampKind.Resume => "Resume after a pause",
            _ => "New mailbox ramp",
        };
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{title} to {plan.TargetDailyVolume} sends a day: {plan.Days.Count} days from {plan.Start:yyyy-MM-dd} to {plan.End:yyyy-MM-dd}, then stay at {plan.TargetDailyVolume}."));
        output.WriteLine();

        const string limitHeader = "Daily limit";
        output.WriteLine($"Date        {limitHeader}");
        foreach (var day in plan.Days)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd}  {day.DailyLimit,11}"));
        }
    }

    private static int RequireInt(string command, CommandLine commandLine, string option, int minimum, int maximum)
    {
        if (commandLine.Value(option) is null)
        {
            throw new UsageException($"{command}: missing {option}; give a whole number from {minimum} to {maximum}");
        }

        return ReadInt(command, commandLine, option, fallback: 0, minimum, maximum);
    }

    private static int ReadInt(string command, CommandLine commandLine, string option, int fallback, int minimum, int maximum)
    {
        var text = commandLine.Value(option);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            throw new UsageException($"{command}: invalid {option} '{text}'; give a whole number from {minimum} to {maximum}");
        }

        return value;
    }

    private static double ReadFraction(string command, CommandLine commandLine)
    {
        var text = commandLine.Value("--fraction");
        if (text is null)
        {
            return RampPlanner.DefaultResumeFraction;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < RampPlanner.MinResumeFraction
            || value > RampPlanner.MaxResumeFraction)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"{command}: invalid --fraction '{text}'; give a share of the previous volume from {RampPlanner.MinResumeFraction} to {RampPlanner.MaxResumeFraction}, such as 0.4"));
        }

        return value;
    }

    private static DateOnly RequireDate(string command, CommandLine commandLine, string option)
    {
        var text = commandLine.Value(option);
        if (text is null)
        {
            throw new UsageException($"{command}: missing {option}; give the first day of the plan as YYYY-MM-DD");
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new UsageException($"{command}: invalid {option} '{text}'; give a date as YYYY-MM-DD");
        }

        return value;
    }

    /// <summary>The JSON shape of one plan day, whose property order is the output order.</summary>
    internal sealed record RampDayRecord(DateOnly Date, int DailyLimit);
}
