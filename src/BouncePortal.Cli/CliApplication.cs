using BouncePortal.Domain.Parsing;

namespace BouncePortal.Cli;

/// <summary>
/// The <c>bounceportal</c> console tool: classifies and analyzes bounce sources, decodes SMTP
/// replies, plans ramp schedules and writes sample logs.
/// Exit codes: 0 success, 1 unreadable or invalid input in at least one file (the other files are
/// still read; for <c>classify</c>, also when no file gave a delivery attempt and something was
/// skipped), 2 invalid arguments.
/// </summary>
internal static class CliApplication
{
    public const int Success = 0;
    public const int InputError = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage:
          bounceportal classify [--format FORMAT] [--verbose] [CSV MAPPING] [PERSISTENT SOFT] FILE...
          bounceportal analyze [--format FORMAT] [--verbose] [--json] [CSV MAPPING] [PERSISTENT SOFT] FILE...
          bounceportal decode [--json] [PERSISTENT SOFT] "REPLY"
          bounceportal sample postfix [--messages N] [--mailboxes M] [--seed S] [--start YYYY-MM-DD] [--syslog] [--out FILE]
          bounceportal ramp recovery --previous N --target N --start YYYY-MM-DD [--json]
          bounceportal ramp resume --previous N --target N --start YYYY-MM-DD [--fraction F] [--json]
          bounceportal ramp new --target N --start YYYY-MM-DD [--days D] [--start-volume N] [--json]

        Commands:
          classify   Print one JSON object per delivery attempt (JSON Lines), in file order;
                     for bounce emails, one per recipient in the order of each email.
                     Then list on standard error what was skipped, per file and reason; exit
                     with 1 when no file gave a delivery attempt and something was skipped.
          analyze    Print soft and hard bounce rates per sending mailbox and the suppression list.
                     A file that fails counts nothing.
          decode     Explain one SMTP reply: class, codes, cause, who is to blame, retry advice,
                     the checklist that fixes it and the links the reply contains.
          sample     Write a synthetic Postfix maillog to try the other commands on. Mail goes
                     out 09:00 to 17:00 UTC, about 320 messages per mailbox a day, and deferred
                     mail is retried for up to 5 days 8 hours, so the last lines fall at most
                     6 days after the last sending day.
          ramp       Print a ramp schedule, the maximum sends per mailbox for each day:
                     recovery  halve the previous volume, hold 7 days, then add 20% a week;
                     resume    restart after a pause at a fraction of the previous volume,
                               hold 7 days, then add 20% a week;
                     new       raise a new mailbox evenly from its start volume to the target.
                     Limits are whole sends, rounded half up; no limit exceeds the target.

        Options:
          --format FORMAT  Format of the input files (default auto: detected per file). Supported:
                           auto, postfix, exim, sendmail, powermta, kumomta, exchange, email, csv,
                           sendgrid, mailgun, ses, postmark, replies (one SMTP reply per line).
          --verbose        classify, analyze: print the format each file was read as to standard error.
                           classify: also list the skipped items that are left out by design
                           (blank, sender and queue lines, header rows, opens and clicks, ...).
          --json           analyze, decode: print one JSON object instead of text.
                           ramp: print a JSON array of {"date", "dailyLimit"} objects.
          --messages N     sample: number of messages to send (default 200).
          --mailboxes M    sample: number of sending mailboxes (default 4).
          --seed S         sample: random seed; the same seed writes the same log (default 1).
          --start DATE     sample: first sending day as YYYY-MM-DD (default 2024-06-10). For a log
                           that ends before today, start it (sending days + 6) days ago.
                           ramp: date of the plan's first day, as YYYY-MM-DD (required).
          --syslog         sample: classic syslog timestamps (Mmm dd HH:MM:SS) instead of RFC 3339.
                           They have no year, so a line dated more than a day after the
                           upload (the portal) or the file's modification time (this tool)
                           is read as last year's.
          --out FILE       sample: write to FILE instead of standard output.
          --previous N     ramp recovery, resume: sends per day before the drop or the pause.
          --target N       ramp: sends per day the plan ends at (new: 20 to 50, usually 30 to 35).
          --fraction F     ramp resume: share of the previous volume on the first day,
                           0.3 to 0.5 (default 0.4).
          --days D         ramp new: length of the ramp in days, 14 to 21 (default 21).
          --start-volume N ramp new: sends on the first day, 20 to 40 (default 20).
          -h, --help       Print this help.

        Persistent soft bounces (classify, analyze), as the portal's agency settings set them: a
        soft bounce still failing after either limit puts the recipient on the suppression list,
        unless the sender or the network is to blame. classify marks each failed attempt from the
        one that reaches a limit on with "persistent": true, following each message-recipient pair
        across the files in order. decode quotes the limits in its retry advice:
          --persistent-soft-attempts N  Failed attempts, 2 to 50 (default 5).
          --persistent-soft-hours H     Hours from the first failure, 1 to 720 (default 72).

        CSV mapping (classify, analyze), for a CSV export that no preset or common column name fits;
        it applies to every input file read as CSV, and column names are matched ignoring case:
          --recipient-column NAME  Column of the recipient addresses (required with any option below).
          --status-column NAME     Column of the lead or event status; without it every row is a bounce.
          --bounced-values LIST    Comma-separated status values that mean bounced
                                   (default: bounced, -1, BLOCKED, hard bounce, email_bounced, ...).
          --delivered-values LIST  Comma-separated status values that mean sent or delivered; rows with
                                   other values are skipped (default: delivered, sent, email_sent, ...).
          --reason-column NAME     Column of the bounce reason or SMTP reply.
          --sender-column NAME     Column of the sending mailbox.
          --campaign-column NAME   Column of the campaign name.
          --time-column NAME       Column of the event time (ISO 8601, common date formats or Unix time).
          --date-order ORDER       Order of day and month in numeric dates such as 02/12/2026: day-first
                                   (2 December) or month-first (12 February; default). Applies to every
                                   CSV file, also without the options above; ISO 8601 and Unix times
                                   read the same in either order.

        Exit status: 0 when every file was read, 1 when a file failed (its error is on standard
        error; the other files are still read and their results printed), 2 for invalid arguments.

        Input files may be plain text or gzip-compressed. A CSV export is read through the CSV
        mapping options when given, else through the matching Smartlead, Instantly or lemlist
        preset, else through common column names. A CSV with a column of email addresses but no
        known column names needs the CSV mapping options.
        Classic syslog timestamps carry no year and no zone: the year is inferred from the
        file's modification time and the times are read as UTC.
        """;

    /// <summary>Runs the tool with <paramref name="args"/> and returns the process exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            return Dispatch(args, stdout, stderr);
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

    private static int Dispatch(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
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
                return ClassifyCommand.Run(rest, stdout, stderr);
            case "analyze":
                return AnalyzeCommand.Run(rest, stdout, stderr);
            case "decode":
                return DecodeCommand.Run(rest, stdout);
            case "sample":
                return SampleCommand.Run(rest, stdout, stderr);
            case "ramp":
                return RampCommand.Run(rest, stdout);
            default:
                throw new UsageException($"unknown command '{command}'; the commands are classify, analyze, decode, sample and ramp");
        }
    }
}
