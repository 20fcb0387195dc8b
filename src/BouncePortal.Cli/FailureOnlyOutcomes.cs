using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Cli;

/// <summary>
/// Finds the outcomes that end in a file reporting failures only (see <see cref="FailureOnlySources"/>),
/// so that <c>analyze</c> counts no sends for them, as the portal stores no rollups for such an upload.
/// </summary>
/// <remarks>
/// Only bounce emails and ESP exports are tracked. An export stops being tracked at its first
/// delivery event, so the keys kept are the attempts of the files that report failures only.
/// </remarks>
internal sealed class FailureOnlyOutcomes
{
    private readonly Dictionary<ParsedFile, FileState> files = new(ReferenceEqualityComparer.Instance);
    private HashSet<AttemptKey>? failureOnlyKeys;

    /// <summary>Records one attempt of <paramref name="file"/>.</summary>
    public void Add(ParsedFile file, ClassifiedAttempt classified)
    {
        if (!files.TryGetValue(file, out var state))
        {
            var tracked = file.Format == InputFormat.BounceEmail || FailureOnlySources.IsEventExport(file.Format);
            state = new FileState(tracked ? [] : null);
            files[file] = state;
        }

        // A bounce email reports failures only even when one of its recipients was delivered (a
        // relay's "Action: delivered"), but an export with a delivery event reports every outcome.
        if (classified.Classification.Outcome == DeliveryOutcome.Delivered)
        {
            state.Delivered++;
            if (file.Format != InputFormat.BounceEmail)
            {
                state.LastAttempts = null;
                return;
            }
        }

        var attempt = classified.Attempt;
        state.LastAttempts?.Add(new AttemptKey(attempt.QueueId, attempt.Recipient.ToLowerInvariant(), attempt.Timestamp));
        failureOnlyKeys = null;
    }

    /// <summary>Returns true when <paramref name="file"/> reports failures only.</summary>
    public bool ReportsFailuresOnly(ParsedFile file) =>
        files.TryGetValue(file, out var state) && state.LastAttempts is not null && FailureOnlySources.ReportsFailuresOnly(file.Format, state.Delivered);

    /// <summary>
    /// Returns true when the last attempt of <paramref name="outcome"/> came from a file that reports
    /// failures only, so the outcome adds no send to the rates.
    /// </summary>
    public bool EndsInFailureOnlyFile(RecipientOutcome outcome)
    {
        failureOnlyKeys ??= files
            .Where(pair => ReportsFailuresOnly(pair.Key))
            .SelectMany(pair => pair.Value.LastAttempts!)
            .ToHashSet();
        return failureOnlyKeys.Contains(new AttemptKey(outcome.QueueId, outcome.Recipient.ToLowerInvariant(), outcome.LastAttemptAt));
    }

    private readonly record struct AttemptKey(string? QueueId, string Recipient, DateTimeOffset Timestamp);

    private sealed class FileState(HashSet<AttemptKey>? lastAttempts)
    {
        public long Delivered { get; set; }

        // The attempts of a tracked file, or null when the file is not tracked or cannot report failures only.
        public HashSet<AttemptKey>? LastAttempts { get; set; } = lastAttempts;
    }
}
