using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;

namespace BouncePortal.Cli;

/// <summary>
/// Bounce rates per sending mailbox, the suppression list and the diagnoses, summed over
/// message-recipient pairs. Property order is the JSON output order.
/// </summary>
/// <param name="Messages">Distinct message-recipient pairs.</param>
/// <param name="MessagesWithoutSends">
/// Message-recipient pairs from bounce emails and ESP exports without a delivery event. They report
/// failures only, so they add no sends to the mailbox rates.
/// </param>
/// <param name="Window">The first and last attempt times.</param>
/// <param name="Mailboxes">Rates per sending mailbox, ordered by mailbox with the unknown sender last.</param>
/// <param name="SuppressionList">Recipients to stop sending to, ordered by address.</param>
/// <param name="Diagnoses">Why mail is bouncing, most severe first.</param>
/// <param name="FailedFiles">The input files that failed, in command-line order, none of whose figures count.</param>
internal sealed record AnalysisReport(
    long Messages,
    long MessagesWithoutSends,
    AnalysisReport.TimeWindow Window,
    IReadOnlyList<AnalysisReport.MailboxRates> Mailboxes,
    IReadOnlyList<AnalysisReport.SuppressedRecipient> SuppressionList,
    IReadOnlyList<AnalysisReport.DiagnosisEntry> Diagnoses,
    IReadOnlyList<AnalysisReport.FailedFile> FailedFiles)
{
    /// <summary>
    /// Builds the report from folded outcomes and the diagnoses found over the same attempts. The
    /// outcomes that <paramref name="addsNoSend"/> selects reach the suppression list but not the rates.
    /// </summary>
    public static AnalysisReport From(
        IReadOnlyCollection<RecipientOutcome> outcomes,
        IReadOnlyList<Diagnosis> diagnoses,
        Func<RecipientOutcome, bool> addsNoSend,
        IReadOnlyList<FailedFile> failedFiles)
    {
        var window = new TimeWindow(
            outcomes.Count == 0 ? null : outcomes.Min(o => o.FirstAttemptAt),
            outcomes.Count == 0 ? null : outcomes.Max(o => o.LastAttemptAt));

        var sends = outcomes.Where(o => !addsNoSend(o)).ToList();
        var mailboxes = sends
            .GroupBy(o => o.Sender?.ToLowerInvariant())
            .Select(group => MailboxRates.From(group.Key, RecipientOutcomeTracker.Summarize(group)))
            .OrderBy(m => m.Mailbox is null)
            .ThenBy(m => m.Mailbox, StringComparer.Ordinal)
            .ToList();

        // A recipient can appear in several messages, so the latest suppressing outcome names the category.
        var suppressionList = outcomes
            .Where(o => o.Suppress)
            .GroupBy(o => o.Recipient.ToLowerInvariant())
            .Select(group => new SuppressedRecipient(group.Key, group.MaxBy(o => o.LastAttemptAt)!.FinalCategory))
            .OrderBy(s => s.Recipient, StringComparer.Ordinal)
            .ToList();

        var entries = diagnoses.Select(DiagnosisEntry.From).ToList();

        return new AnalysisReport(outcomes.Count, outcomes.Count - sends.Count, window, mailboxes, suppressionList, entries, failedFiles);
    }

    /// <summary>An input file that failed, with its error as written to standard error.</summary>
    public sealed record FailedFile(string Path, string Error);

    /// <summary>The span of attempt times. Both are null when there was no attempt.</summary>
    public sealed record TimeWindow(DateTimeOffset? From, DateTimeOffset? To);

    /// <summary>Counts and rates of one sending mailbox. Rates are percentages rounded to two decimals.</summary>
    public sealed record MailboxRates(
        string? Mailbox,
        long Sent,
        long SoftBounced,
        long HardBounced,
        double SoftRate,
        double HardRate,
        BounceZone SoftZone,
        BounceZone HardZone)
    {
        public static MailboxRates From(string? mailbox, BounceRates rates) => new(
            mailbox,
            rates.Sent,
            rates.SoftBounced,
            rates.HardBounced,
            rates.SoftRate,
            rates.HardRate,
            rates.SoftZone,
            rates.HardZone);
    }

    /// <summary>A recipient address to stop sending to and the cause of its last failure.</summary>
    public sealed record SuppressedRecipient(string Recipient, BounceCategory? Category);

    /// <summary>One diagnosis as the output shows it: cause, severity, subject, evidence and checklist.</summary>
    public sealed record DiagnosisEntry(
        DiagnosisKind Kind,
        DiagnosisSeverity Severity,
        string Subject,
        string Evidence,
        ChecklistEntry Checklist)
    {
        public static DiagnosisEntry From(Diagnosis diagnosis) => new(
            diagnosis.Kind,
            diagnosis.Severity,
            diagnosis.Subject,
            diagnosis.Evidence,
            new ChecklistEntry(diagnosis.Checklist.Title, diagnosis.Checklist.Steps.Select(s => new StepEntry(s.Action, s.Why)).ToList()));
    }

    /// <summary>A checklist's title and steps; the cause family is already in the diagnosis kind.</summary>
    public sealed record ChecklistEntry(string Title, IReadOnlyList<StepEntry> Steps);

    /// <summary>One checklist step and the reason for it.</summary>
    public sealed record StepEntry(string Action, string Why);
}
