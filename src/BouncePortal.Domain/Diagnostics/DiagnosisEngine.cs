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

    /// <summary>Counts one classified attempt.</summary>
    public void Add(ClassifiedAttempt classified)
    {
        ArgumentNullException.ThrowIfNull(classified);
        attempts.Add(classified);
    }

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

        var counters = OutcomeCounters.From(outcomes, attempts);
        var found = new List<Diagnosis>();

        SendingRateRules.Evaluate(attempts, counters, mailboxCreatedOn, found);
        GreylistingRules.Evaluate(counters, found);
        ReputationRules.Evaluate(attempts, counters, found);
        RecipientSideRules.Evaluate(attempts, counters, found);
        SoftToHardRule.Evaluate(counters, found);

        return found
            .OrderByDescending(d => d.Severity)
            .ThenBy(d => d.Kind)
            .ThenBy(d => d.Subject, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Formats a UTC time for evidence, to the minute.</summary>
    internal static string Minute(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>Formats a day for evidence.</summary>
    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
