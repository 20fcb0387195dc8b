using System.Globalization;
using BouncePortal.Domain.Ramp;
using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Ramp;

/// <summary>
/// A ramp schedule planned for one sending mailbox, kept so that staff can compare it with the
/// sends in later uploads.
/// </summary>
public sealed class StoredRampPlan : ITenantOwned
{
    /// <summary>The row id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The sending mailbox.</summary>
    public Guid MailboxId { get; set; }

    /// <summary>The stop-the-bleed workflow that planned it, when one did.</summary>
    public Guid? WorkflowId { get; set; }

    /// <summary>What the plan is for.</summary>
    public RampKind Kind { get; set; }

    /// <summary>Sends per day before the ramp; null for a new mailbox.</summary>
    public int? PreviousDailyVolume { get; set; }

    /// <summary>Sends per day the plan ends at.</summary>
    public int TargetDailyVolume { get; set; }

    /// <summary>Day 0.</summary>
    public DateOnly Start { get; set; }

    /// <summary>Share of the previous volume on day 0 of a resume.</summary>
    public double? ResumeFraction { get; set; }

    /// <summary>Day-0 volume of a new mailbox.</summary>
    public int? StartVolume { get; set; }

    /// <summary>The daily limits from <see cref="Start"/>, one per day, comma-separated.</summary>
    public required string DailyLimits { get; set; }

    /// <summary>When it was planned.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who planned it: a user name, or "scheduler" for a resume.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>Converts a planned schedule for storage.</summary>
    public static StoredRampPlan From(RampPlan plan, Guid mailboxId, Guid? workflowId, DateTimeOffset createdAt, string createdBy) => new()
    {
        Id = Guid.NewGuid(),
        MailboxId = mailboxId,
        WorkflowId = workflowId,
        Kind = plan.Kind,
        PreviousDailyVolume = plan.PreviousDailyVolume,
        TargetDailyVolume = plan.TargetDailyVolume,
        Start = plan.Start,
        ResumeFraction = plan.ResumeFraction,
        StartVolume = plan.StartVolume,
        DailyLimits = string.Join(',', plan.Days.Select(d => d.DailyLimit.ToString(CultureInfo.InvariantCulture))),
        CreatedAt = createdAt,
        CreatedBy = createdBy,
    };

    /// <summary>Rebuilds the domain schedule.</summary>
    public RampPlan ToPlan()
    {
        var days = DailyLimits.Split(',')
            .Select((limit, i) => new RampDay(Start.AddDays(i), int.Parse(limit, CultureInfo.InvariantCulture)))
            .ToList();

        return new RampPlan(Kind, PreviousDailyVolume, TargetDailyVolume, Start, ResumeFraction, StartVolume, days);
    }
}
