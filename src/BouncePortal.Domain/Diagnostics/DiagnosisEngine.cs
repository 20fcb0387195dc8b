using System.Globalization;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Names why mail is bouncing. Feed it every classified attempt with <see cref="Add"/>, then
/// call <see cref="Diagnose"/> with the message-recipient outcomes of the same attempts.
/// </summary>
/// <remarks>
/// The engine keeps counters per mailbox, receiver, sending IP, minute, hour and day rather than
/// the attempts themselves. Two exceptions grow with the messages concerned: the retry timing
/// of greylisted messages and the set of messages that failed with 4.3.0, because outcomes do
/// not keep either fact. Not thread-safe.
/// </remarks>
public sealed class DiagnosisEngine
{
    /// <summary>The subject of a diagnosis about the whole upload rather than one mailbox, domain, IP or provider.</summary>
    public const string AgencySubject = "agency";

    private readonly AttemptCounters attempts = new();
    private readonly OutcomeCounters outcomes = new();

    /// <summary>Counts one classified attempt, unless it has no recipient.</summary>
    public void Add(ClassifiedAttempt classified)
    {
        ArgumentNullException.ThrowIfNull(classified);
        if (!classified.Attempt.HasRecipient)
        {
            return;
        }

        attempts.Add(classified);
    }

    /// <summary>
    /// Counts one message-recipient outcome after its attempts were added, for callers that
    /// stream outcomes as messages complete instead of holding them all.
    /// </summary>
    public void AddOutcome(RecipientOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        outcomes.Add(outcome, attempts);
    }

    /// <summary>
    /// Runs every rule over the attempts and outcomes added so far, and returns the diagnoses,
    /// most severe first, then by kind and subject.
    /// </summary>
    /// <param name="mailboxCreatedOn">Creation date of each sending mailbox, keyed by address; without it the young-mailbox rule is skipped.</param>
    public IReadOnlyList<Diagnosis> DiagnoseAddedOutcomes(IReadOnlyDictionary<string, DateOnly>? mailboxCreatedOn) =>
        Evaluate(outcomes, mailboxCreatedOn);

    /// <summary>
    /// Runs every rule over the attempts added so far and <paramref name="outcomes"/>, and returns
    /// the diagnoses, most severe first, then by kind and subject.
    /// </summary>
    /// <param name="outcomes">The outcomes folded from the same attempts, as <see cref="RecipientOutcomeTracker"/> returns them.</param>
    /// <param name="mailboxCreatedOn">
    /// Creation date of each sending mailbox, keyed by address (any case). Without it the
    /// young-mailbox volume rule is skipped.
    /// </param>
    public IReadOnlyList<Diagnosis> Diagnose(
        IReadOnlyCollection<RecipientOutcome> outcomes,
        IReadOnlyDictionary<string, DateOnly>? mailboxCreatedOn = null)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return Evaluate(OutcomeCounters.From(outcomes, attempts), mailboxCreatedOn);
    }

    private List<Diagnosis> Evaluate(OutcomeCounters counters, IReadOnlyDictionary<string, DateOnly>? mailboxCreatedOn)
    {
        var found = new List<Diagnosis>();

        SendingRateRules.Evaluate(attempts, counters, mailboxCreatedOn, found);
        GreylistingRules.Evaluate(counters, found);
        ReputationRules.Evaluate(attempts, counters, found);
        RecipientSideRules.Evaluate(attempts, counters, found);
        SoftToHardRule.Evaluate(counters, found);
        SenderBlockRule.Evaluate(attempts, counters, found);

        return found
            .OrderByDescending(d => d.Severity)
            .ThenBy(d => d.Kind)
            .ThenBy(d => d.Subject, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Formats a UTC time for evidence, to the minute.</summary>
    internal static string Minute(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>Formats a span of UTC times for evidence, to the minute: "between A and B", or "at A" when both fall in one minute.</summary>
    internal static string Between(DateTimeOffset first, DateTimeOffset last) =>
        Minute(first) == Minute(last) ? $"at {Minute(first)}" : $"between {Minute(first)} and {Minute(last)}";

    /// <summary>Formats a day for evidence.</summary>
    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
