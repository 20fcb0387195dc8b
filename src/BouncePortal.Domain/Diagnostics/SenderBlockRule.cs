using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Finds senders whose messages receivers rejected for the sender's standing: a blocklist
/// listing, a reputation block or failed SPF, DKIM or DMARC authentication. The sender is the
/// sending mailbox, or the sending IP where the log names no mailbox. High when any rejection names
/// a blocklist or the share is above <see cref="CriticalRate"/>, else Medium.
/// </summary>
internal static class SenderBlockRule
{
    /// <summary>
    /// The share of a sender's messages, in percent, that such rejections must exceed. A hard bounce
    /// rate above 2% leaves the healthy zone and damages the sending domain's reputation, and
    /// every rejection of this kind counts against the sender rather than the list.
    /// </summary>
    public const double MinBlockedRate = BounceZones.WarningFrom;

    /// <summary>
    /// The rejections a sender needs before the rule fires, so that one or two from a single strict
    /// receiver stay silent while a pattern in a small upload still shows.
    /// </summary>
    // NOTE: three is an estimate that keeps small uploads from raising noise, not a published limit.
    public const int MinBlockedMessages = 3;

    /// <summary>Above this share, in percent, the problem is critical, as in the bounce rate zones.</summary>
    public const double CriticalRate = BounceZones.CriticalAbove;

    /// <summary>The blocklists and codes named in the evidence, in sorted order. Any further ones show as "and more".</summary>
    public const int MaxMarkersShown = 5;

    /// <summary>Returns true for the categories that blame the sender's standing with the receiver.</summary>
    public static bool IsSenderBlock(BounceCategory? category) =>
        category is BounceCategory.Blocklisted or BounceCategory.SenderReputation or BounceCategory.AuthenticationFailed;

    /// <summary>Returns the key of the sender the rule counts: the lower-cased mailbox, else the sending IP, else null.</summary>
    public static string? SenderOf(string? mailbox, string? sendingIp) =>
        mailbox ?? (string.IsNullOrWhiteSpace(sendingIp) ? null : sendingIp);

    public static void Evaluate(AttemptCounters attempts, OutcomeCounters counters, List<Diagnosis> found)
    {
        foreach (var (sender, tally) in counters.BySender)
        {
            var rate = Rates.Percent(tally.Blocked, tally.Messages);
            if (tally.Blocked < MinBlockedMessages || rate <= MinBlockedRate)
            {
                continue;
            }

            var span = tally.BlockedRange!.Value;
            var markers = attempts.SenderBlockMarkers.TryGetValue(sender, out var set) ? set : [];
            var severity = tally.Blocklisted > 0 || rate > CriticalRate ? DiagnosisSeverity.High : DiagnosisSeverity.Medium;
            var evidence = Describe(sender, tally, rate, span, markers);
            IReadOnlyList<string> affected = tally.IsMailbox ? [sender] : MailboxesOn(attempts, sender);
            found.Add(new Diagnosis(DiagnosisKind.SenderBlocked, severity, sender, evidence, affected, Checklists.For(CauseFamily.Reputation), span.First, span.Last));
        }
    }

    private static string Describe(string sender, SenderBlockTally tally, double rate, TimeRange span, SortedSet<string> markers)
    {
        var from = tally.IsMailbox ? sender : $"sending IP {sender}";
        var causes = new List<string>();
        AddCause(causes, tally.Blocklisted, "blocklisted");
        AddCause(causes, tally.Reputation, "sender reputation");
        AddCause(causes, tally.Authentication, "failed authentication");
        var sentence = FormattableString.Invariant(
            $"Receivers rejected {tally.Blocked} of {tally.Messages} messages from {from} ({Rates.Format(rate)}) for the sender's standing ({string.Join(", ", causes)}) {DiagnosisEngine.Between(span.First, span.Last)}, above {MinBlockedRate:F0}%.");
        if (markers.Count == 0)
        {
            return sentence;
        }

        var shown = markers.Take(MaxMarkersShown).ToList();
        var named = markers.Count > MaxMarkersShown
            ? string.Join(", ", shown) + " and more"
            : shown.Count == 1 ? shown[0] : string.Join(", ", shown.SkipLast(1)) + " and " + shown[^1];
        return $"{sentence} The replies named {named}.";
    }

    private static void AddCause(List<string> causes, long count, string name)
    {
        if (count > 0)
        {
            causes.Add(FormattableString.Invariant($"{count} {name}"));
        }
    }

    private static IReadOnlyList<string> MailboxesOn(AttemptCounters attempts, string ip) =>
        attempts.MailboxesByIp.TryGetValue(ip, out var mailboxes) ? [.. mailboxes] : [];
}
