using System.Text.Json;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Cli;

/// <summary>
/// <c>bounceportal classify</c>: one JSON object per delivery attempt, in file order, then a
/// summary of the skipped items on standard error.
/// </summary>
internal static class ClassifyCommand
{
    private const string Name = "classify";

    public static int Run(IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr)
    {
        var commandLine = CommandLine.Parse(Name, arguments, valueOptions: ["--format", .. CsvMappingOptions.Names, .. PersistentSoftOptions.Names], flagOptions: ["--verbose"]);
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
        var parsed = new List<ParsedFile>();
        var failures = new FileFailures(stderr);
        foreach (var classified in LogInputs.ReadAttempts(files, parsed, failures, format, verbose, csvMapping: csvMapping, rule: rule, csvDateOrder: csvDateOrder))
        {
            stdout.WriteLine(JsonSerializer.Serialize(AttemptRecord.From(classified), JsonOutput.Compact));
        }

        // Standard output stays JSON Lines, so the skips are reported on standard error.
        SkipSummary.Write(stderr, parsed, listRoutine: verbose is not null);
        return failures.Any || SkipSummary.NothingClassified(parsed) ? CliApplication.InputError : CliApplication.Success;
    }

    /// <summary>The JSON shape of one classified attempt, whose property order is the output order.</summary>
    internal sealed record AttemptRecord(
        string Source,
        long Line,
        DateTimeOffset Timestamp,
        string? QueueId,
        string? Sender,
        string Recipient,
        string RecipientDomain,
        ReceivingProvider Provider,
        DeliveryOutcome Outcome,
        BounceClass? Class,
        int? BasicCode,
        string? EnhancedCode,
        BounceCategory? Category,
        Blame? Blame,
        bool Suppress,
        string? Reply,
        string Evidence,
        string? Campaign)
    {
        public static AttemptRecord From(ClassifiedAttempt classified)
        {
            var attempt = classified.Attempt;
            var result = classified.Classification;
            return new AttemptRecord(
                attempt.Source,
                attempt.Line,
                attempt.Timestamp,
                attempt.QueueId,
                attempt.Sender,
                attempt.Recipient,
                attempt.RecipientDomain,
                result.Provider,
                result.Outcome,
                result.Class,
                result.BasicCode,
                result.EnhancedCode,
                result.Category,
                result.Blame,
                result.Suppress,
                attempt.Reply,
                result.Evidence,
                attempt.Campaign);
        }
    }
}
