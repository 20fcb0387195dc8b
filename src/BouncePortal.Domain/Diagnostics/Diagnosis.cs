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
public sealed record Diagnosis(
    DiagnosisKind Kind,
    DiagnosisSeverity Severity,
    string Subject,
    string Evidence,
    IReadOnlyList<string> Affected,
    RemediationChecklist Checklist);
