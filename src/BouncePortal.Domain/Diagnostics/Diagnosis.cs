using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// A named cause of bouncing mail, the numbers that show it and the checklist that fixes it.
/// </summary>
/// <param name="Kind">The cause.</param>
/// <param name="Severity">How urgently it needs action. <see cref="DiagnosisSeverity"/> states the rules.</param>
/// <param name="Subject">
/// What the diagnosis is about: a sending mailbox, a recipient domain, a sending IP, a receiving
/// provider, or <see cref="DiagnosisEngine.AgencySubject"/> for a pattern across all of them.
/// </param>
/// <param name="Evidence">A sentence with the counts and rates that triggered the diagnosis.</param>
/// <param name="Affected">The mailboxes, domains or addresses involved, sorted.</param>
/// <param name="Checklist">The steps that fix the cause.</param>
/// <param name="FirstAttemptAt">
/// The time of the earliest attempt behind the evidence, such as the first throttling reply or
/// the first attempt of the first greylisted message counted. The per-minute and per-hour sending
/// rate rules start at the start of the first minute or hour over the limit.
/// </param>
/// <param name="LastAttemptAt">
/// The time of the latest attempt behind the evidence. The per-minute and per-hour sending rate
/// rules end at the end of the last minute or hour over the limit.
/// </param>
public sealed record Diagnosis(
    DiagnosisKind Kind,
    DiagnosisSeverity Severity,
    string Subject,
    string Evidence,
    IReadOnlyList<string> Affected,
    RemediationChecklist Checklist,
    DateTimeOffset FirstAttemptAt,
    DateTimeOffset LastAttemptAt);
