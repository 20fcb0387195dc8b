using System.Globalization;
using System.Text.Json;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Cli;

/// <summary><c>bounceportal analyze</c>: soft and hard bounce rates per sending mailbox, the suppression list and the diagnoses.</summary>
internal static class AnalyzeCommand
{
    private const string Name = "analyze";
    private const string UnknownSender = "(unknown sender)";

    public static int Run(IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr)
    {
        var commandLine = CommandLine.Parse(Name, arguments, valueOptions: ["--format", .. CsvMappingOptions.Names, .. PersistentSoftOptions.Names], flagOptions: ["--json", "--verbose"]);
        if (commandLine.HelpRequested)
        {
            stdout.Write(CliApplication.Usage);
            return CliApplication.Success;
        }

        var format = LogInputs.RequireSupportedFormat(Name, commandLine);
        var csvMapping = CsvMappingOptions.Read(Name, commandLine);
        var csvDateOrder = CsvMappingOptions.ReadDateOrder(Name, commandLine);
        var rule = PersistentSoftOptions.Read(Name, commandLine);
        var files = LogInputs.RequireFiles(Name, commandLine);
        var verbose = commandLine.Has("--verbose") ? stderr : null;

        FormatDisagreement.Warn(files, format, stderr);

        // A file that fails counts nothing, as a failed upload stores no figures in the portal. When
        // one fails after it gave attempts, the files are read again without it.
        var failures = new FileFailures(stderr);
        RecipientOutcomeTracker tracker;
        DiagnosisEngine engine;
        FailureOnlyOutcomes failureOnly;
        List<ParsedFile> parsed;
        do
        {
            tracker = new RecipientOutcomeTracker(rule);
            engine = new DiagnosisEngine();
            failureOnly = new FailureOnlyOutcomes();
            var earlierAttempts = new EarlierFileAttempts(enabled: files.Count > 1);
            parsed = [];
            var failedBefore = failures.Count;

            // Messages that left the queue are closed as the portal's upload job closes them, so both
            // count alike. ReadAttempts adds each file to parsed before it yields the file's attempts.
            foreach (var classified in LogInputs.ReadAttempts(files, parsed, failures, format, verbose, tracker.CompleteMessage, csvMapping, rule, csvDateOrder))
            {
                var file = parsed[^1];
                if (!earlierAttempts.Admit(file, classified.Attempt))
                {
                    continue;
                }

                tracker.Add(classified);
                engine.Add(classified);
                failureOnly.Add(file, classified);
            }

            verbose = null;
            if (!failures.AnyAfterAttemptsSince(failedBefore))
            {
                break;
            }
        }
        while (true);

        // With every file failed the table would be empty, so only the JSON, which lists the failed files, is printed.
        var json = commandLine.Has("--json");
        if (failures.Count == files.Count && !json)
        {
            return CliApplication.InputError;
        }

        var outcomes = tracker.Outcomes;
        var failedFiles = files
            .Select((path, index) => failures.ErrorOf(index) is { } error ? new AnalysisReport.FailedFile(path, error) : null)
            .OfType<AnalysisReport.FailedFile>()
            .ToList();
        var report = AnalysisReport.From(outcomes, engine.Diagnose(outcomes), failureOnly.EndsInFailureOnlyFile, failedFiles);
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Indented));
        }
        else
        {
            WriteTable(stdout, report, parsed, failureOnly);
        }

        return failures.Any ? CliApplication.InputError : CliApplication.Success;
    }

    private static void WriteTable(
        TextWriter output, AnalysisReport report, IReadOnlyList<ParsedFile> parsed, FailureOnlyOutcomes failureOnly)
    {
        var culture = CultureInfo.InvariantCulture;
        foreach (var file in parsed)
        {
            var read = ReadCounts.Describe(file.Report.LinesRead, ReadCounts.ItemNoun(file.Format));
            var attempts = ReadCounts.Describe(file.Report.AttemptsFound, "delivery attempt");
            output.WriteLine(FormattableString.Invariant($"{file.Path}: {read}, {attempts}, {file.Report.LinesSkipped:N0} skipped"));
            if (failureOnly.ReportsFailuresOnly(file))
            {
                output.WriteLine($"{file.Path}: reports failures only, so its recipients add no sends to the mailbox rates");
            }
        }

        foreach (var failed in report.FailedFiles)
        {
            output.WriteLine($"{failed.Path}: failed, nothing counted (the error is on standard error)");
        }

        output.WriteLine(report.MessagesWithoutSends == 0
            ? FormattableString.Invariant($"Messages (message-recipient pairs): {report.Messages:N0}")
            : FormattableString.Invariant($"Messages (message-recipient pairs): {report.Messages:N0}, of which {report.MessagesWithoutSends:N0} from failure reports add no sends"));
        output.WriteLine(report.Window.From is null
            ? "Window: no attempts"
            : $"Window: {report.Window.From.Value.ToString("u", culture)} to {report.Window.To!.Value.ToString("u", culture)}");
        output.WriteLine();

        var mailboxWidth = report.Mailboxes.Select(m => (m.Mailbox ?? UnknownSender).Length).Append("Mailbox".Length).Max();
        output.WriteLine(FormattableString.Invariant($"{"Mailbox".PadRight(mailboxWidth)}  {"Sent",8}  {"Soft",6}  {"Hard",6}  {"Soft %",7}  {"Hard %",7}  {"Soft zone",-9}  Hard zone"));
        foreach (var m in report.Mailboxes)
        {
            output.WriteLine(FormattableString.Invariant($"{(m.Mailbox ?? UnknownSender).PadRight(mailboxWidth)}  {m.Sent,8}  {m.SoftBounced,6}  {m.HardBounced,6}  {m.SoftRate,7:F2}  {m.HardRate,7:F2}  {m.SoftZone,-9}  {m.HardZone}"));
        }

        if (report.Mailboxes.Count == 0 && report.MessagesWithoutSends > 0)
        {
            output.WriteLine("No rates: the inputs report failures only. Analyze a log or an export with its deliveries beside them.");
        }

        output.WriteLine();
        output.WriteLine(FormattableString.Invariant($"Suppression list ({report.SuppressionList.Count}):"));
        var recipientWidth = report.SuppressionList.Select(s => s.Recipient.Length).DefaultIfEmpty(0).Max();
        foreach (var s in report.SuppressionList)
        {
            output.WriteLine(FormattableString.Invariant($"  {s.Recipient.PadRight(recipientWidth)}  {s.Category}"));
        }

        WriteDiagnoses(output, report.Diagnoses);
    }

    private static void WriteDiagnoses(TextWriter output, IReadOnlyList<AnalysisReport.DiagnosisEntry> diagnoses)
    {
        output.WriteLine();
        output.WriteLine(FormattableString.Invariant($"Diagnoses ({diagnoses.Count}):"));
        foreach (var d in diagnoses)
        {
            output.WriteLine(FormattableString.Invariant($"  [{d.Severity}] {d.Kind}: {d.Subject}"));
            output.WriteLine(FormattableString.Invariant($"    {d.Evidence}"));
            output.WriteLine(FormattableString.Invariant($"    Checklist: {d.Checklist.Title}"));
            for (var i = 0; i < d.Checklist.Steps.Count; i++)
            {
                output.WriteLine(FormattableString.Invariant($"      {i + 1}. {d.Checklist.Steps[i].Action}"));
            }
        }
    }
}
