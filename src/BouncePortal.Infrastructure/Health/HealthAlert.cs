using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Health;

/// <summary>
/// An alert a health check raised for one sending mailbox, with the figures that triggered it.
/// </summary>
public sealed class HealthAlert : ITenantOwned
{
    /// <summary>The row id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The mailbox the alert is about.</summary>
    public Guid MailboxId { get; set; }

    /// <summary>The mailbox address when the alert was raised.</summary>
    public required string MailboxAddress { get; set; }

    /// <summary>What triggered the alert: <see cref="AlertConditions.SoftRate"/>, <see cref="AlertConditions.HardRate"/> or a diagnosis condition.</summary>
    public required string Condition { get; set; }

    /// <summary>A one-line summary.</summary>
    public required string Title { get; set; }

    /// <summary>The numbers behind the alert, in plain text.</summary>
    public required string Evidence { get; set; }

    /// <summary>Message-recipient pairs sent in the checked window; 0 for a diagnosis alert.</summary>
    public long Sent { get; set; }

    /// <summary>Soft-bounced pairs in the checked window.</summary>
    public long SoftBounced { get; set; }

    /// <summary>Hard-bounced pairs in the checked window.</summary>
    public long HardBounced { get; set; }

    /// <summary>Soft bounce rate in percent over the window.</summary>
    public double SoftRate { get; set; }

    /// <summary>Hard bounce rate in percent over the window.</summary>
    public double HardRate { get; set; }

    /// <summary>The threshold in percent that applied: the soft-rate threshold, or the critical hard rate for a hard-rate alert.</summary>
    public double ThresholdPercent { get; set; }

    /// <summary>The diagnosis that raised the alert, or that a rate alert names as its cause.</summary>
    public long? DiagnosisId { get; set; }

    /// <summary>The alert state.</summary>
    public AlertState State { get; set; }

    /// <summary>
    /// The deduplication key (mailbox and condition) while the alert is open; null once it is
    /// dismissed or resolved. A unique index on it keeps one open alert per condition.
    /// </summary>
    public string? OpenKey { get; set; }

    /// <summary>When the health check raised it.</summary>
    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>When staff acknowledged it.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>Who acknowledged it.</summary>
    public string? AcknowledgedBy { get; set; }

    /// <summary>When it was dismissed or resolved.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Who dismissed it, or "health check" when the condition cleared.</summary>
    public string? ClosedBy { get; set; }

    /// <summary>The remediation checklist opened for the alert.</summary>
    public Guid? ChecklistId { get; set; }

    /// <summary>The stop-the-bleed workflow the alert started, when auto-pause is on.</summary>
    public Guid? WorkflowId { get; set; }

    /// <summary>Whether the alert still counts against its condition.</summary>
    public bool IsOpen => State is AlertState.Open or AlertState.Acknowledged;

    /// <summary>Returns the deduplication key of a mailbox and condition.</summary>
    public static string KeyFor(Guid mailboxId, string condition) => $"{mailboxId:N}:{condition}";
}

/// <summary>
/// The states of an alert.
/// </summary>
public enum AlertState
{
    /// <summary>Raised and not yet seen.</summary>
    Open,

    /// <summary>Staff are on it; it stays open, so the condition raises no new alert.</summary>
    Acknowledged,

    /// <summary>Staff closed it; the next check raises it again if the condition still holds.</summary>
    Dismissed,

    /// <summary>A later check found the condition cleared.</summary>
    Resolved,
}

/// <summary>
/// The conditions a health check raises alerts for.
/// </summary>
public static class AlertConditions
{
    /// <summary>The soft bounce rate over the window is above the agency's threshold.</summary>
    public const string SoftRate = "soft-rate";

    /// <summary>The hard bounce rate over the window is above <see cref="CriticalHardRatePercent"/>.</summary>
    public const string HardRate = "hard-rate";

    /// <summary>
    /// The hard bounce rate, in percent, above which a check raises an alert: the start of the
    /// critical zone that the dashboard's gauges use.
    /// </summary>
    public const double CriticalHardRatePercent = Domain.Analytics.BounceZones.CriticalAbove;

    /// <summary>Returns the condition of a high-severity diagnosis of <paramref name="kind"/>.</summary>
    public static string ForDiagnosis(Domain.Diagnostics.DiagnosisKind kind) => $"diagnosis:{kind}";
}
