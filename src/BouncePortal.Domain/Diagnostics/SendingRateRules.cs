using BouncePortal.Domain.Parsing.Formats;
using System.Globalization;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Presentation;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Rules that find a sender going faster than receivers accept. All are Medium: rate limiting
/// delays mail and, kept up, damages reputation.
/// </summary>
internal static class SendingRateRules
{
    /// <summary>Gmail starts replying 421 above about 10 messages a minute from one sender.</summary>
    public const int GmailMaxSendsPerMinute = 10;

    /// <summary>Yahoo, Hotmail and Outlook.com rate-limit bulk above about 20 messages a minute.</summary>
    public const int FreeMailMaxSendsPerMinute = 20;

    /// <summary>More than this many messages an hour from one IP draws widespread 421 replies.</summary>
    public const int MaxSendsPerIpHour = 100;

    /// <summary>A mailbox younger than this is still ramping up.</summary>
    public const int YoungMailboxDays = 21;

    /// <summary>A mailbox still ramping up should send no more than this many messages a day.</summary>
    public const int YoungMailboxMaxDailySends = 50;

    private const string Gmail = "gmail.com";
    private const string Yahoo = "yahoo.com";
    private const string MicrosoftConsumer = "hotmail.com/outlook.com";

    /// <summary>Returns the free-mail receiver whose per-minute limit applies to <paramref name="recipientDomain"/>, or null for none.</summary>
    public static string? ReceiverOf(string recipientDomain) => recipientDomain switch
    {
        Gmail => Gmail,
        Yahoo => Yahoo,
        "hotmail.com" or "outlook.com" => MicrosoftConsumer,
        _ => null,
    };

    /// <summary>
    /// Returns true for Gmail's 421 4.7.28 and for Microsoft's 4.7.28 and 4.7.500-699 replies,
    /// when classified as rate limiting or sender reputation.
    /// </summary>
    public static bool IsThrottlingReply(BounceClassification result)
    {
        if (result.Category is not (BounceCategory.RateLimited or BounceCategory.SenderReputation) || result.EnhancedCode is not { } code)
        {
            return false;
        }

        return result.Provider switch
        {
            ReceivingProvider.Google => result.BasicCode == 421 && code == "4.7.28",
            ReceivingProvider.Microsoft => code == "4.7.28" || IsMicrosoftReputationCode(code),
            _ => false,
        };
    }

    public static void Evaluate(
        AttemptCounters attempts,
        OutcomeCounters outcomes,
        IReadOnlyDictionary<string, DateOnly>? mailboxCreatedOn,
        List<Diagnosis> found)
    {
        EvaluateReceiverRate(attempts, found);
        EvaluateIpRate(attempts, found);
        EvaluateThrottling(attempts, found);
        if (mailboxCreatedOn is not null)
        {
            EvaluateYoungMailboxes(outcomes, mailboxCreatedOn, found);
        }
    }

    /// <summary>Returns the most sends a minute a receiver accepts from one mailbox.</summary>
    internal static int MinuteLimitOf(string receiver) => receiver == Gmail ? GmailMaxSendsPerMinute : FreeMailMaxSendsPerMinute;

    private static void EvaluateReceiverRate(AttemptCounters attempts, List<Diagnosis> found)
    {
        attempts.CloseOpenMinutes();
        var peaks = new Dictionary<(string Mailbox, string Receiver), Peak>();
        foreach (var ((mailbox, receiver, minute), sends) in attempts.SendsPerMinute)
        {
            var limit = receiver == Gmail ? GmailMaxSendsPerMinute : FreeMailMaxSendsPerMinute;
            if (sends > limit)
            {
                peaks[(mailbox, receiver)] = peaks.GetValueOrDefault((mailbox, receiver)).With(sends, minute);
            }
        }

        foreach (var ((mailbox, receiver), peak) in peaks)
        {
            var limit = receiver == Gmail ? GmailMaxSendsPerMinute : FreeMailMaxSendsPerMinute;
            var at = DateTimeOffset.FromUnixTimeSeconds(peak.Period * 60);
            var evidence = FormattableString.Invariant(
                $"{mailbox} sent up to {peak.Max} messages a minute to {receiver} (peak at {DiagnosisEngine.Minute(at)}), above the limit of {limit}, in {ReadCounts.Describe(peak.PeriodsOver, "minute")}.");
            var span = TimeRange.OfPeriods(peak.FirstPeriod, peak.LastPeriod, TimeSpan.FromMinutes(1));
            found.Add(new Diagnosis(DiagnosisKind.ReceiverRateExceeded, DiagnosisSeverity.Medium, mailbox, evidence, [mailbox], Checklists.For(CauseFamily.SendingTooFast), span.First, span.Last));
        }
    }

    private static void EvaluateIpRate(AttemptCounters attempts, List<Diagnosis> found)
    {
        var peaks = new Dictionary<string, Peak>(StringComparer.Ordinal);
        foreach (var ((ip, hour), sends) in attempts.SendsPerIpHour)
        {
            if (sends > MaxSendsPerIpHour)
            {
                peaks[ip] = peaks.GetValueOrDefault(ip).With(sends, hour);
            }
        }

        foreach (var (ip, peak) in peaks)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(peak.Period * 3600);
            IReadOnlyList<string> mailboxes = attempts.MailboxesByIp.TryGetValue(ip, out var set) ? [.. set] : [];
            var evidence = FormattableString.Invariant(
                $"Sending IP {ip} sent up to {peak.Max} messages an hour (peak in the hour from {DiagnosisEngine.Minute(at)}), above the limit of {MaxSendsPerIpHour}, in {ReadCounts.Describe(peak.PeriodsOver, "hour")}, from {ReadCounts.Describe(mailboxes.Count, "mailbox", "mailboxes")}.");
            var span = TimeRange.OfPeriods(peak.FirstPeriod, peak.LastPeriod, TimeSpan.FromHours(1));
            found.Add(new Diagnosis(DiagnosisKind.SendingIpRateExceeded, DiagnosisSeverity.Medium, ip, evidence, mailboxes, Checklists.For(CauseFamily.SendingTooFast), span.First, span.Last));
        }
    }

    private static void EvaluateThrottling(AttemptCounters attempts, List<Diagnosis> found)
    {
        foreach (var (provider, tally) in attempts.Throttling)
        {
            var range = tally.Range!.Value;
            var evidence = FormattableString.Invariant(
                $"{EnumWords.Of(provider)} replied {ReadCounts.Describe(tally.Replies, "time")} with {string.Join(", ", tally.Codes)} to {ReadCounts.Describe(tally.Mailboxes.Count, "mailbox", "mailboxes")} {DiagnosisEngine.Between(range.First, range.Last)}.");
            found.Add(new Diagnosis(DiagnosisKind.ProviderThrottling, DiagnosisSeverity.Medium, provider.ToString(), evidence, [.. tally.Mailboxes], Checklists.For(CauseFamily.SendingTooFast, provider), range.First, range.Last));
        }
    }

    private static void EvaluateYoungMailboxes(OutcomeCounters outcomes, IReadOnlyDictionary<string, DateOnly> mailboxCreatedOn, List<Diagnosis> found)
    {
        foreach (var (address, createdOn) in mailboxCreatedOn)
        {
            if (!outcomes.ByMailboxDay.TryGetValue(address.ToLowerInvariant(), out var days))
            {
                continue;
            }

            var daysOver = 0;
            (DateOnly Day, long Sends) peak = default;
            TimeRange? overRange = null;
            foreach (var (day, tally) in days)
            {
                var age = day.DayNumber - createdOn.DayNumber;
                if (age >= 0 && age < YoungMailboxDays && tally.Messages > YoungMailboxMaxDailySends)
                {
                    daysOver++;
                    peak = tally.Messages > peak.Sends ? (day, tally.Messages) : peak;
                    overRange = TimeRange.Union(overRange, tally.Range!.Value);
                }
            }

            if (daysOver == 0)
            {
                continue;
            }

            var mailbox = address.ToLowerInvariant();
            var evidence = FormattableString.Invariant(
                $"{mailbox}, created {DiagnosisEngine.Day(createdOn)}, sent {peak.Sends} messages on {DiagnosisEngine.Day(peak.Day)} (day {peak.Day.DayNumber - createdOn.DayNumber} of its {YoungMailboxDays}-day ramp), above the {YoungMailboxMaxDailySends} a day for a young mailbox, on {ReadCounts.Describe(daysOver, "day")}.");
            var span = overRange!.Value;
            found.Add(new Diagnosis(DiagnosisKind.YoungMailboxOverVolume, DiagnosisSeverity.Medium, mailbox, evidence, [mailbox], Checklists.For(CauseFamily.SendingTooFast), span.First, span.Last));
        }
    }

    private static bool IsMicrosoftReputationCode(string code) =>
        code.StartsWith("4.7.", StringComparison.Ordinal)
        && int.TryParse(code.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var detail)
        && detail is >= 500 and <= 699;

    /// <summary>
    /// The highest count over a limit, the period it fell in, how many periods went over, and the
    /// first and last of those periods.
    /// </summary>
    private readonly record struct Peak(int Max, long Period, int PeriodsOver, long FirstPeriod, long LastPeriod)
    {
        public Peak With(int count, long period)
        {
            var first = PeriodsOver == 0 || period < FirstPeriod ? period : FirstPeriod;
            var last = PeriodsOver == 0 || period > LastPeriod ? period : LastPeriod;
            var highest = count > Max || (count == Max && period < Period);
            return new Peak(highest ? count : Max, highest ? period : Period, PeriodsOver + 1, first, last);
        }
    }
}
