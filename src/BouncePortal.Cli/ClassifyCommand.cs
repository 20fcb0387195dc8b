using System.Text.Json;
using BouncePortal.Domain.Analytics;
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

        // The tracker follows each message-recipient pair across its retries, as analyze does, so
        // each attempt records whether its message is by then a persistent soft bounce. Pairs are
        // released when their message leaves the queue, so memory follows the messages in flight.
        var tracker = new RecipientOutcomeTracker(rule);
        void CompleteMessage(string messageId)
        {
            tracker.CompleteMessage(messageId);
            tracker.TakeCompleted();
        }

        foreach (var classified in LogInputs.ReadAttempts(files, parsed, failures, format, verbose, CompleteMessage, csvMapping, rule, csvDateOrder))
        {
            tracker.Add(classified);
            var persistent = tracker.IsPersistentSoftBounce(classified);
            if (classified.Attempt.QueueId is null)
            {
                tracker.TakeCompleted();
            }

            stdout.WriteLine(JsonSerializer.Serialize(AttemptRecord.From(classified, persistent), JsonOutput.Compact));
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
        bool Persistent,
        string? Reply,
        string Evidence,
        string? Campaign)
    {
        /// <summary>
        /// Creates the record of <paramref name="classified"/>. A <paramref name="persistent"/> soft
        /// bounce also suppresses the recipient unless the sender or the network is to blame, as
        /// <c>analyze</c> decides it.
        /// </summary>
        public static AttemptRecord From(ClassifiedAttempt classified, bool persistent)
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
                result.Suppress || (persistent && PersistentSoftBounceRule.Suppresses(result.Blame)),
                persistent,
                attempt.Reply,
                result.Evidence,
                attempt.Campaign);
        }
    }
}
