namespace BouncePortal.Domain.Ramp;

/// <summary>
/// A ramp schedule: the inputs it was planned from and one daily limit per consecutive day from
/// <see cref="Start"/>. After the last day the sending mailbox stays at
/// <see cref="TargetDailyVolume"/>.
/// </summary>
/// <param name="Kind">The situation the schedule is for.</param>
/// <param name="PreviousDailyVolume">Sends per day before the ramp; null for a new mailbox, which has none.</param>
/// <param name="TargetDailyVolume">Sends per day the schedule ends at.</param>
/// <param name="Start">Date of day 0, the first day of the schedule.</param>
/// <param name="ResumeFraction">Share of the previous volume sent on day 0 of a resume; null for the other kinds.</param>
/// <param name="StartVolume">Sends on day 0 of a new mailbox; null for the other kinds.</param>
/// <param name="Days">One entry per day, in date order without gaps; never empty.</param>
public sealed record RampPlan(
    RampKind Kind,
    int? PreviousDailyVolume,
    int TargetDailyVolume,
    DateOnly Start,
    double? ResumeFraction,
    int? StartVolume,
    IReadOnlyList<RampDay> Days)
{
    /// <summary>Date of the last day of the schedule.</summary>
    public DateOnly End => Days[^1].Date;
}
