using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Rules about the recipient side: mailboxes full for days and recipient domains that keep
/// failing with 4.3.0. Both are Medium because the addresses or domains should be removed or skipped.
/// </summary>
internal static class RecipientSideRules
{
    /// <summary>A mailbox still full after this long is abandoned.</summary>
    public static readonly TimeSpan MaxMailboxFullSpan = TimeSpan.FromHours(72);

    /// <summary>A recipient domain needs at least this many messages before it can count as failing consistently.</summary>
    public const int MinDomainMessages = 3;

    /// <summary>The share of a domain's messages, in percent, that must fail with 4.3.0.</summary>
    public const double MinLocalErrorShare = 80;

    public static void Evaluate(AttemptCounters attempts, OutcomeCounters counters, List<Diagnosis> found)
    {
        var checklist = Checklists.For(CauseFamily.RecipientSide);

        var full = new List<string>();
        var longest = TimeSpan.Zero;
        TimeRange? fullRange = null;
        foreach (var (recipient, range) in attempts.MailboxFull)
        {
            if (range.Span > MaxMailboxFullSpan)
            {
                full.Add(recipient);
                longest = range.Span > longest ? range.Span : longest;
                fullRange = TimeRange.Union(fullRange, range);
            }
        }

        if (full.Count > 0)
        {
            full.Sort(StringComparer.Ordinal);
            var evidence = FormattableString.Invariant(
                $"{ReadCounts.Describe(full.Count, "recipient mailbox", "recipient mailboxes")} reported full for more than {MaxMailboxFullSpan.TotalHours:F0} hours, the longest for {longest.TotalHours:F0} hours.");
            var span = fullRange!.Value;
            found.Add(new Diagnosis(DiagnosisKind.MailboxFullTooLong, DiagnosisSeverity.Medium, DiagnosisEngine.AgencySubject, evidence, full, checklist, span.First, span.Last));
        }

        foreach (var (domain, tally) in counters.ByDomain)
        {
            var share = Rates.Percent(tally.LocalErrorFailures, tally.Messages);
            if (tally.Messages >= MinDomainMessages && share >= MinLocalErrorShare)
            {
                var evidence = FormattableString.Invariant(
                    $"{tally.LocalErrorFailures} of {tally.Messages} messages to {domain} ({Rates.Format(share)}) failed with 4.3.0 local processing errors.");
                var span = tally.LocalErrorFailureRange!.Value;
                found.Add(new Diagnosis(DiagnosisKind.RecipientDomainFailing, DiagnosisSeverity.Medium, domain, evidence, [domain], checklist, span.First, span.Last));
            }
        }
    }
}
