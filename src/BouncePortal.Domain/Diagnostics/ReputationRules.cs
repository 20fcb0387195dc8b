using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Presentation;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Rules about the sender's reputation. Shared-IP contamination and soft bounces after a volume
/// increase are High above a 7% rate (or with blocklisting), else Medium. The other rules are Medium.
/// </summary>
internal static class ReputationRules
{
    /// <summary>A reputation soft bounce rate above this, in percent, on most mailboxes points at a shared IP.</summary>
    public const double ContaminationRate = 5;

    /// <summary>Above this soft rate, in percent, the problem is critical.</summary>
    public const double CriticalRate = 7;

    // NOTE: the minimum sample sizes here (messages, soft bounces, attempts) and the off-hours
    // 5% and 2x limits are estimates that keep small uploads from raising noise, not published limits.
    /// <summary>A provider needs this many messages before its rate means anything.</summary>
    public const int MinProviderMessages = 20;

    /// <summary>Contamination needs at least this many mailboxes sending to the provider, because one mailbox alone is its own problem.</summary>
    public const int MinProviderMailboxes = 2;

    /// <summary>How many of the worst recipient domains the clustering rule looks at.</summary>
    public const int ClusterDomains = 3;

    /// <summary>The top domains must hold more than this share of soft bounces, in percent.</summary>
    public const double MinClusterSoftShare = 50;

    /// <summary>The top domains must hold less than this share of messages, in percent.</summary>
    public const double MaxClusterSendShare = 20;

    /// <summary>The clustering rule needs at least this many soft bounces.</summary>
    public const int MinClusterSoftBounces = 10;

    /// <summary>An address that bounced more than this many times belongs off the list.</summary>
    public const int MaxBouncesPerAddress = 2;

    /// <summary>The off-hours window starts at this hour, recipient local time.</summary>
    public const int OffHoursStart = 2;

    /// <summary>The off-hours window ends before this hour, recipient local time.</summary>
    public const int OffHoursEnd = 4;

    /// <summary>The off-hours soft failure rate, in percent, must exceed this.</summary>
    public const double MinOffHoursRate = 5;

    /// <summary>The off-hours soft failure rate must be at least this multiple of the rest of the day's.</summary>
    public const double OffHoursFactor = 2;

    /// <summary>The off-hours window needs this many attempts before its rate means anything.</summary>
    public const int MinOffHoursAttempts = 20;

    /// <summary>Content soft bounces above this share of messages, in percent, point at the template.</summary>
    public const double MaxContentRate = 1;

    /// <summary>A day with at least this many times the previous day's messages is a volume increase (30% more).</summary>
    public const double VolumeIncreaseFactor = 1.3;

    /// <summary>A soft rate above this, in percent, within 48 hours of an increase means the ramp was too steep.</summary>
    public const double AlertRate = 3;

    /// <summary>A day needs this many messages from the mailbox before its rate means anything.</summary>
    public const int MinDayMessages = 10;

    public static void Evaluate(AttemptCounters attempts, OutcomeCounters counters, List<Diagnosis> found)
    {
        EvaluateContamination(counters, found);
        EvaluateClustering(counters, found);
        EvaluateRepeatedBounces(counters, found);
        EvaluateOffHours(attempts, found);
        EvaluateContent(counters, found);
        EvaluateVolumeIncrease(counters, found);
    }

    private static void EvaluateContamination(OutcomeCounters counters, List<Diagnosis> found)
    {
        foreach (var (provider, mailboxes) in counters.ByProviderMailbox)
        {
            long messages = 0, hits = 0, blocklisted = 0;
            TimeRange? hitRange = null;
            var over = new List<string>();
            foreach (var (mailbox, tally) in mailboxes)
            {
                messages += tally.Messages;
                hits += tally.ReputationSoftBounces;
                blocklisted += tally.Blocklisted;
                if (tally.ReputationSoftBounceRange is { } range)
                {
                    hitRange = TimeRange.Union(hitRange, range);
                }

                if (tally.Rate > ContaminationRate)
                {
                    over.Add(mailbox);
                }
            }

            var rate = Rates.Percent(hits, messages);
            var most = over.Count * 2 > mailboxes.Count;
            if (messages < MinProviderMessages || mailboxes.Count < MinProviderMailboxes || rate <= ContaminationRate || !most)
            {
                continue;
            }

            over.Sort(StringComparer.Ordinal);
            var severity = rate > CriticalRate || blocklisted > 0 ? DiagnosisSeverity.High : DiagnosisSeverity.Medium;
            var evidence = FormattableString.Invariant(
                $"{hits} of {messages} messages to {EnumWords.Of(provider)} ({Rates.Format(rate)}) soft-bounced for reputation, rate limiting or blocklisting, and {over.Count} of {mailboxes.Count} mailboxes are above {ContaminationRate:F0}%.");
            var span = hitRange!.Value;
            found.Add(new Diagnosis(DiagnosisKind.SharedIpContamination, severity, provider.ToString(), evidence, over, Checklists.For(CauseFamily.Reputation, provider), span.First, span.Last));
        }
    }

    private static void EvaluateClustering(OutcomeCounters counters, List<Diagnosis> found)
    {
        long soft = 0;
        foreach (var tally in counters.ByDomain.Values)
        {
            soft += tally.SoftBounced;
        }

        if (soft < MinClusterSoftBounces)
        {
            return;
        }

        // Sorting the domains is fine here: it runs once per diagnosis, not per attempt.
        var top = counters.ByDomain
            .Where(pair => pair.Value.SoftBounced > 0)
            .OrderByDescending(pair => pair.Value.SoftBounced)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(ClusterDomains)
            .ToList();
        long topSoft = 0, topMessages = 0;
        TimeRange? topRange = null;
        foreach (var (_, tally) in top)
        {
            topSoft += tally.SoftBounced;
            topMessages += tally.Messages;
            topRange = TimeRange.Union(topRange, tally.SoftBounceRange!.Value);
        }

        var softShare = Rates.Percent(topSoft, soft);
        var sendShare = Rates.Percent(topMessages, counters.Messages);
        if (softShare <= MinClusterSoftShare || sendShare >= MaxClusterSendShare)
        {
            return;
        }

        var domains = top.Select(pair => pair.Key).ToList();
        var evidence = FormattableString.Invariant(
            $"{string.Join(", ", domains)} hold {topSoft} of {soft} soft bounces ({Rates.Format(softShare)}) but only {topMessages} of {counters.Messages} messages ({Rates.Format(sendShare)}).");
        var span = topRange!.Value;
        found.Add(new Diagnosis(DiagnosisKind.SoftBouncesClusterOnDomains, DiagnosisSeverity.Medium, string.Join(", ", domains), evidence, domains, Checklists.For(CauseFamily.ListQuality), span.First, span.Last));
    }

    private static void EvaluateRepeatedBounces(OutcomeCounters counters, List<Diagnosis> found)
    {
        var addresses = new List<string>();
        long most = 0;
        TimeRange? range = null;
        foreach (var (recipient, tally) in counters.ByRecipient)
        {
            if (tally.Bounced > MaxBouncesPerAddress)
            {
                addresses.Add(recipient);
                most = Math.Max(most, tally.Bounced);
                range = TimeRange.Union(range, tally.Range!.Value);
            }
        }

        if (addresses.Count == 0)
        {
            return;
        }

        addresses.Sort(StringComparer.Ordinal);
        var evidence = FormattableString.Invariant(
            $"{ReadCounts.Describe(addresses.Count, "address", "addresses")} bounced more than {MaxBouncesPerAddress} times, up to {most} times: {ListShown(addresses)}.");
        var span = range!.Value;
        found.Add(new Diagnosis(DiagnosisKind.RepeatedlyBouncingAddresses, DiagnosisSeverity.Medium, DiagnosisEngine.AgencySubject, evidence, addresses, Checklists.For(CauseFamily.ListQuality), span.First, span.Last));
    }

    /// <summary>Addresses named in the evidence; the diagnosis lists every address as its subjects.</summary>
    private const int MaxAddressesShown = 20;

    /// <summary>Joins the first <see cref="MaxAddressesShown"/> addresses and counts the rest.</summary>
    private static string ListShown(List<string> addresses) =>
        addresses.Count <= MaxAddressesShown
            ? string.Join(", ", addresses)
            : string.Join(", ", addresses.Take(MaxAddressesShown)) + FormattableString.Invariant($" and {addresses.Count - MaxAddressesShown:N0} more");

    private static void EvaluateOffHours(AttemptCounters attempts, List<Diagnosis> found)
    {
        // NOTE: logs carry no recipient time zone, so the attempt's UTC hour is used as the
        // recipient's local hour. The window is right only for recipients near UTC.
        long offAttempts = 0, offSoft = 0, restAttempts = 0, restSoft = 0;
        for (var hour = 0; hour < 24; hour++)
        {
            if (hour >= OffHoursStart && hour < OffHoursEnd)
            {
                offAttempts += attempts.AttemptsByHour[hour];
                offSoft += attempts.SoftFailuresByHour[hour];
            }
            else
            {
                restAttempts += attempts.AttemptsByHour[hour];
                restSoft += attempts.SoftFailuresByHour[hour];
            }
        }

        var offRate = Rates.Percent(offSoft, offAttempts);
        var restRate = Rates.Percent(restSoft, restAttempts);
        if (offAttempts < MinOffHoursAttempts || offRate <= MinOffHoursRate || offRate < OffHoursFactor * restRate)
        {
            return;
        }

        var evidence = FormattableString.Invariant(
            $"{offSoft} of {offAttempts} attempts between {OffHoursStart:D2}:00 and {OffHoursEnd:D2}:00 UTC ({Rates.Format(offRate)}) failed soft, against {Rates.Format(restRate)} in the other hours; UTC is used as recipient local time.");
        var span = attempts.OffHoursSoftFailures!.Value;
        found.Add(new Diagnosis(DiagnosisKind.OffHoursSoftBounceSpike, DiagnosisSeverity.Medium, DiagnosisEngine.AgencySubject, evidence, [], Checklists.For(CauseFamily.Reputation), span.First, span.Last));
    }

    private static void EvaluateContent(OutcomeCounters counters, List<Diagnosis> found)
    {
        var rate = Rates.Percent(counters.ContentSoftBounces, counters.Messages);
        if (rate <= MaxContentRate)
        {
            return;
        }

        var evidence = FormattableString.Invariant(
            $"{counters.ContentSoftBounces} of {counters.Messages} messages ({Rates.Format(rate)}) soft-bounced with content warnings, above {MaxContentRate:F0}%.");
        var span = counters.ContentSoftBounceRange!.Value;
        found.Add(new Diagnosis(DiagnosisKind.ContentWarnings, DiagnosisSeverity.Medium, DiagnosisEngine.AgencySubject, evidence, [.. counters.ContentMailboxes], Checklists.For(CauseFamily.Reputation), span.First, span.Last));
    }

    private static void EvaluateVolumeIncrease(OutcomeCounters counters, List<Diagnosis> found)
    {
        foreach (var (mailbox, days) in counters.ByMailboxDay)
        {
            if (FindRampBreak(days) is { } hit)
            {
                var severity = hit.Rate > CriticalRate ? DiagnosisSeverity.High : DiagnosisSeverity.Medium;
                var evidence = FormattableString.Invariant(
                    $"{mailbox} went from {hit.PreviousMessages} messages on {DiagnosisEngine.Day(hit.IncreaseDay.AddDays(-1))} to {hit.IncreasedMessages} on {DiagnosisEngine.Day(hit.IncreaseDay)}, and its soft bounce rate reached {Rates.Format(hit.Rate)} on {DiagnosisEngine.Day(hit.BounceDay)}, above {AlertRate:F0}%.");
                found.Add(new Diagnosis(DiagnosisKind.SoftBouncesAfterVolumeIncrease, severity, mailbox, evidence, [mailbox], Checklists.For(CauseFamily.Reputation), hit.Span.First, hit.Span.Last));
            }
        }
    }

    /// <summary>
    /// Finds the first day with 30% more messages than the day before, followed on that day or
    /// the next (within 48 hours) by a soft rate above the alert rate.
    /// </summary>
    private static RampBreak? FindRampBreak(SortedDictionary<DateOnly, DayTally> days)
    {
        foreach (var (day, tally) in days)
        {
            if (!days.TryGetValue(day.AddDays(-1), out var previous) || previous.Messages == 0
                || tally.Messages < VolumeIncreaseFactor * previous.Messages)
            {
                continue;
            }

            foreach (var candidate in (ReadOnlySpan<DateOnly>)[day, day.AddDays(1)])
            {
                if (days.TryGetValue(candidate, out var after) && after.Messages >= MinDayMessages && after.SoftRate > AlertRate)
                {
                    // The evidence runs from the day before the increase to the day of the soft bounces.
                    var span = previous.Range!.Value.Union(tally.Range!.Value).Union(after.Range!.Value);
                    return new RampBreak(day, previous.Messages, tally.Messages, candidate, after.SoftRate, span);
                }
            }
        }

        return null;
    }

    private sealed record RampBreak(DateOnly IncreaseDay, long PreviousMessages, long IncreasedMessages, DateOnly BounceDay, double Rate, TimeRange Span);
}
