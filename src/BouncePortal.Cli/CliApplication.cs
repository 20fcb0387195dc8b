using BouncePortal.Domain.Parsing;

namespace BouncePortal.Cli;

/// <summary>
/// The <c>bounceportal</c> console tool: classifies and analyzes MTA logs and writes sample logs.
/// Exit codes: 0 success, 1 unreadable or invalid input, 2 invalid arguments.
/// </summary>
internal static class CliApplication
{
    public const int Success = 0;
    public const int InputError = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage:
          bounceportal classify [--format postfix] FILE...
          bounceportal analyze [--format postfix] [--json] FILE...
          bounceportal sample postfix [--messages N] [--mailboxes M] [--seed S] [--start YYYY-MM-DD] [--syslog] [--out FILE]

        Commands:
          classify   Print one JSON object per delivery attempt (JSON Lines), in file order.
          analyze    Print soft and hard bounce rates per sending mailbox and the suppression list.
          sample     Write a synthetic Postfix maillog to try the other commands on.

        Options:
          --format FORMAT  Log format of the input files. Supported: postfix (the default).
          --json           analyze: print one JSON object instead of a table.
          --messages N     sample: number of messages to send (default 200).
          --mailboxes M    sample: number of sending mailboxes (default 4).
          --seed S         sample: random seed; the same seed writes the same log (default 1).
          --start DATE     sample: first sending day as YYYY-MM-DD (default 2024-06-10).
          --syslog         sample: classic syslog timestamps (Mmm dd HH:MM:SS) instead of RFC 3339.
          --out FILE       sample: write to FILE instead of standard output.
          -h, --help       Print this help.

        Input files may be plain text or gzip-compressed. Classic syslog timestamps carry no
        year and no zone: the year is inferred from the file's modification time and the
        times are read as UTC.
        """;

    /// <summary>Runs the tool with <paramref name="args"/> and returns the process exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            return Dispatch(args, stdout);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"bounceportal: {e.Message}");
            return UsageError;
        }
        catch (LogFormatException e)
        {
            stderr.WriteLine($"bounceportal: {e.Message}");
            return InputError;
        }
        catch (InputFileException e)
        {
            stderr.WriteLine($"bounceportal: {e.Message}");
            return InputError;
        }
    }

    private static int Dispatch(IReadOnlyList<string> args, TextWriter stdout)
    {
        if (args.Count == 0)
        {
            throw new UsageException("missing command; run 'bounceportal --help' for usage");
        }

        var command = args[0];
        var rest = args.Skip(1).ToList();
        switch (command)
        {
            case "--help" or "-h" or "help":
                stdout.Write(Usage);
                return Success;
            case "classify":
                return ClassifyCommand.Run(rest, stdout);
            case "analyze":
                return AnalyzeCommand.Run(rest, stdout);
            case "sample":
                return SampleCommand.Run(rest, stdout);
            default:
                throw new UsageException($"unknown command '{command}'; the commands are classify, analyze and sample");
        }
    }
}
