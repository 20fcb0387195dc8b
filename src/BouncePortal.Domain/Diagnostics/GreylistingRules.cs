using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Rules about greylisting: the benign resolved case (Low), retries that give up before the
/// receiver's release window (Medium), and a recipient that greylists every message (Low).
/// </summary>
internal static class GreylistingRules
{
    /// <summary>A greylisting receiver normally accepts a retry 10-30 minutes after the first attempt.</summary>
    public static readonly TimeSpan ReleaseWindow = TimeSpan.FromMinutes(30);

    /// <summary>Retries closer together than this miss the release window.</summary>
    public static readonly TimeSpan MinRetryInterval = TimeSpan.FromMinutes(5);

    /// <summary>A message given up after at most this many quick attempts never reached the release window.</summary>
    public const int MaxAttemptsOfEarlyGiveUp = 3;

    /// <summary>A recipient needs at least this many messages, all greylisted at first, to count as greylisting every send.</summary>
    public const int MinMessagesPerRecipient = 3;

    public static void Evaluate(OutcomeCounters counters, List<Diagnosis> found)
    {
        var checklist = Checklists.For(CauseFamily.Greylisting);

        if (counters.GreylistingResolvedQuickly > 0)
        {
            var evidence = FormattableString.Invariant(
                $"{counters.GreylistingResolvedQuickly:N0} of {counters.GreylistedMessages:N0} greylisted messages were delivered on a retry within {ReleaseWindow.TotalMinutes:F0} minutes of the first attempt; they are not failures.");
            var span = counters.GreylistingResolvedQuicklyRange!.Value;
            found.Add(new Diagnosis(DiagnosisKind.GreylistingResolved, DiagnosisSeverity.Low, DiagnosisEngine.AgencySubject, evidence, [], checklist, span.First, span.Last));
        }

        if (counters.ShortRetryFailures > 0)
        {
            var evidence = FormattableString.Invariant(
                $"{ReadCounts.Describe(counters.ShortRetryFailures, "greylisted message")} {(counters.ShortRetryFailures == 1 ? "was" : "were")} retried after as little as {counters.ShortestGreylistRetry.TotalMinutes:F1} minutes, under {MinRetryInterval.TotalMinutes:F0}, and failed after at most {MaxAttemptsOfEarlyGiveUp} attempts.");
            var span = counters.ShortRetryFailureRange!.Value;
            found.Add(new Diagnosis(DiagnosisKind.GreylistingRetriesTooShort, DiagnosisSeverity.Medium, DiagnosisEngine.AgencySubject, evidence, [.. counters.ShortRetryMailboxes], checklist, span.First, span.Last));
        }

        var everySend = new List<string>();
        long messages = 0;
        TimeRange? everySendRange = null;
        foreach (var (recipient, tally) in counters.ByRecipient)
        {
            if (tally.Messages >= MinMessagesPerRecipient
                && tally.FirstDeferredByGreylisting == tally.Messages
                && !counters.CleanRecipients.Contains(OutcomeCounters.Fingerprint(recipient)))
            {
                everySend.Add(recipient);
                messages += tally.Messages;
                everySendRange = TimeRange.Union(everySendRange, tally.Range!.Value);
            }
        }

        if (everySend.Count > 0)
        {
            everySend.Sort(StringComparer.Ordinal);
            var evidence = FormattableString.Invariant(
                $"{ReadCounts.Describe(everySend.Count, "recipient")} greylisted the first attempt of every message they were sent ({ReadCounts.Describe(messages, "message")}, at least {MinMessagesPerRecipient} each).");
            var span = everySendRange!.Value;
            found.Add(new Diagnosis(DiagnosisKind.RecipientGreylistsEverySend, DiagnosisSeverity.Low, DiagnosisEngine.AgencySubject, evidence, everySend, checklist, span.First, span.Last));
        }
    }
}
