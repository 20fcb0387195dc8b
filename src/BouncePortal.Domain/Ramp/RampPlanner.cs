namespace BouncePortal.Domain.Ramp;

/// <summary>
/// Plans ramp schedules: daily send limits per sending mailbox that bring its volume to a target
/// without the sudden increases that receivers punish with rate limits and soft bounces.
/// </summary>
/// <remarks>
/// Every limit is a whole number of sends. Fractions are rounded half away from zero, computed in
/// integer arithmetic so that a product such as 25 × 1.2 is exactly 30 and never 29.999.
/// </remarks>
public static class RampPlanner
{
    /// <summary>Days that the first volume of a recovery or resume is held before it grows.</summary>
    public const int HoldDays = 7;

    /// <summary>Days between two increases once the volume grows.</summary>
    public const int DaysPerStep = 7;

    /// <summary>Smallest share of the previous volume a resume may start at.</summary>
    public const double MinResumeFraction = 0.3;

    /// <summary>Largest share of the previous volume a resume may start at.</summary>
    public const double MaxResumeFraction = 0.5;

    /// <summary>Default share of the previous volume a resume starts at.</summary>
    public const double DefaultResumeFraction = 0.4;

    /// <summary>Shortest new-mailbox ramp, in days.</summary>
    public const int MinNewMailboxDays = 14;

    /// <summary>Longest new-mailbox ramp, in days.</summary>
    public const int MaxNewMailboxDays = 21;

    /// <summary>Default new-mailbox ramp length, in days.</summary>
    public const int DefaultNewMailboxDays = 21;

    /// <summary>Smallest day-0 volume of a new mailbox.</summary>
    public const int MinNewMailboxStartVolume = 20;

    /// <summary>Largest day-0 volume of a new mailbox.</summary>
    public const int MaxNewMailboxStartVolume = 40;

    /// <summary>Default day-0 volume of a new mailbox.</summary>
    public const int DefaultNewMailboxStartVolume = 20;

    /// <summary>
    /// Largest steady state a new mailbox may ramp to. Gmail typically defers mail with 421 4.7.28
    /// once a new mailbox sends more than 50 messages a day.
    /// </summary>
    public const int MaxNewMailboxTarget = 50;

    /// <summary>
    /// Plans a recovery ramp after soft bounces followed a volume increase.
    /// </summary>
    /// <remarks>
    /// Day 0 drops to half of <paramref name="previousDailyVolume"/> (rounded half away from zero,
    /// so 45 gives 23) and days 0 to 6 hold that limit. Each following week's limit is the previous
    /// week's limit, as shown in the plan, times 1.2, rounded half away from zero. So the growth
    /// compounds on the rounded limits, and each week can be checked against the week before it.
    /// A week grows by at least 1 send even where 20% rounds to nothing, so every plan ends. No
    /// limit exceeds <paramref name="targetDailyVolume"/>, and the plan ends on the first day of
    /// the week that reaches it. When the drop already reaches the target, the plan is the 7-day
    /// hold at the target.
    /// </remarks>
    /// <param name="previousDailyVolume">Sends per day before the drop, usually the last day's volume; at least 1.</param>
    /// <param name="targetDailyVolume">Sends per day to grow back to; at least 1.</param>
    /// <param name="start">Date of day 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A volume is below 1, or the plan would run past <see cref="DateOnly.MaxValue"/>.</exception>
    public static RampPlan Recovery(int previousDailyVolume, int targetDailyVolume, DateOnly start)
    {
        ValidateVolumes(previousDailyVolume, targetDailyVolume);

        var drop = RoundHalfAwayFromZero(previousDailyVolume, 1, 2);
        var days = HoldThenGrow(drop, targetDailyVolume, start);

        return new RampPlan(RampKind.Recovery, previousDailyVolume, targetDailyVolume, start, null, null, days);
    }

    /// <summary>
    /// Plans the restart of a sending mailbox after a stop-the-bleed pause.
    /// </summary>
    /// <remarks>
    /// Day 0 starts at <paramref name="resumeFraction"/> of <paramref name="previousDailyVolume"/>,
    /// rounded half away from zero and at least 1 send (so a previous volume of 1 restarts at 1).
    /// From there the plan follows <see cref="Recovery"/>: 7 days at the first limit, then 20% more
    /// a week on the rounded limit, at least 1 send more a week, never above
    /// <paramref name="targetDailyVolume"/>.
    /// </remarks>
    /// <param name="previousDailyVolume">Sends per day before the pause; at least 1.</param>
    /// <param name="targetDailyVolume">Sends per day to grow back to; at least 1.</param>
    /// <param name="start">Date of day 0, the first day after the pause.</param>
    /// <param name="resumeFraction">Share of the previous volume on day 0, from 0.3 to 0.5.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A volume is below 1, <paramref name="resumeFraction"/> is outside 0.3 to 0.5, or the plan
    /// would run past <see cref="DateOnly.MaxValue"/>.
    /// </exception>
    public static RampPlan Resume(
        int previousDailyVolume,
        int targetDailyVolume,
        DateOnly start,
        double resumeFraction = DefaultResumeFraction)
    {
        ValidateVolumes(previousDailyVolume, targetDailyVolume);
        if (!(resumeFraction >= MinResumeFraction && resumeFraction <= MaxResumeFraction))
        {
            throw new ArgumentOutOfRangeException(
                nameof(resumeFraction),
                $"The resume fraction {resumeFraction} is outside {MinResumeFraction} to {MaxResumeFraction}; resume at 30% to 50% of the previous volume.");
        }

        // Decimal keeps 0.3 exact, so 45 × 0.3 is 13.5 and rounds to 14 rather than 13.
        var exact = previousDailyVolume * (decimal)resumeFraction;
        var first = Math.Max(1, (int)Math.Round(exact, MidpointRounding.AwayFromZero));
        var days = HoldThenGrow(first, targetDailyVolume, start);

        return new RampPlan(RampKind.Resume, previousDailyVolume, targetDailyVolume, start, resumeFraction, null, days);
    }

    /// <summary>
    /// Plans the ramp of a new sending mailbox from a small start volume to its steady state.
    /// </summary>
    /// <remarks>
    /// Day i of the <paramref name="rampDays"/> days gets
    /// startVolume + (target − startVolume) × i / (rampDays − 1), rounded half away from zero.
    /// So day 0 is <paramref name="startVolume"/>, the last day is the target, the limit never
    /// falls from one day to the next and never exceeds the target.
    /// </remarks>
    /// <param name="targetDailyVolume">Steady-state sends per day, usually 30 to 35; from <paramref name="startVolume"/> to 50.</param>
    /// <param name="start">Date of day 0.</param>
    /// <param name="rampDays">Length of the plan in days, from 14 to 21.</param>
    /// <param name="startVolume">Sends on day 0, from 20 to 40 and not above the target.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range, or the plan would run past <see cref="DateOnly.MaxValue"/>.</exception>
    public static RampPlan NewMailbox(
        int targetDailyVolume,
        DateOnly start,
        int rampDays = DefaultNewMailboxDays,
        int startVolume = DefaultNewMailboxStartVolume)
    {
        ValidateNewMailbox(targetDailyVolume, rampDays, startVolume);
        ValidateEnd(start, rampDays);

        var increase = targetDailyVolume - startVolume;
        var days = new RampDay[rampDays];
        for (var i = 0; i < rampDays; i++)
        {
            var limit = startVolume + RoundHalfAwayFromZero(increase * (long)i, 1, rampDays - 1);
            days[i] = new RampDay(start.AddDays(i), limit);
        }

        return new RampPlan(RampKind.NewMailbox, null, targetDailyVolume, start, null, startVolume, Array.AsReadOnly(days));
    }

    /// <summary>
    /// Builds the days of a recovery or resume: <see cref="HoldDays"/> days at
    /// <paramref name="first"/> (capped at the target), then one step a week until the target.
    /// </summary>
    private static IReadOnlyList<RampDay> HoldThenGrow(int first, int target, DateOnly start)
    {
        var weeklyLimits = new List<int> { Math.Min(first, target) };
        while (weeklyLimits[^1] < target)
        {
            weeklyLimits.Add(NextWeeklyLimit(weeklyLimits[^1], target));
        }

        // The hold runs a full week even when it is already at the target, and every later week
        // contributes its first day only once it reaches the target.
        var dayCount = weeklyLimits.Count == 1 ? HoldDays : HoldDays + ((weeklyLimits.Count - 2) * DaysPerStep) + 1;
        ValidateEnd(start, dayCount);

        var days = new RampDay[dayCount];
        for (var i = 0; i < dayCount; i++)
        {
            var week = i < HoldDays ? 0 : 1 + ((i - HoldDays) / DaysPerStep);
            days[i] = new RampDay(start.AddDays(i), weeklyLimits[week]);
        }

        return Array.AsReadOnly(days);
    }

    /// <summary>Returns 1.2 times <paramref name="limit"/>, rounded, at least 1 more and at most <paramref name="target"/>.</summary>
    private static int NextWeeklyLimit(int limit, int target)
    {
        var grown = RoundHalfAwayFromZero(limit, 6, 5);

        return (int)Math.Min(Math.Max(grown, limit + 1L), target);
    }

    /// <summary>Returns value × numerator / denominator rounded half away from zero, for non-negative inputs.</summary>
    private static int RoundHalfAwayFromZero(long value, long numerator, long denominator)
    {
        var rounded = ((2 * value * numerator) + denominator) / (2 * denominator);

        return (int)Math.Min(rounded, int.MaxValue);
    }

    private static void ValidateVolumes(int previousDailyVolume, int targetDailyVolume)
    {
        if (previousDailyVolume < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(previousDailyVolume),
                $"The previous daily volume {previousDailyVolume} is below 1; give the sends per day before the ramp.");
        }

        if (targetDailyVolume < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(targetDailyVolume),
                $"The target daily volume {targetDailyVolume} is below 1; a ramp needs at least 1 send a day, and a mailbox that sends nothing is paused instead.");
        }
    }

    private static void ValidateNewMailbox(int targetDailyVolume, int rampDays, int startVolume)
    {
        if (rampDays is < MinNewMailboxDays or > MaxNewMailboxDays)
        {
            throw new ArgumentOutOfRangeException(
                nameof(rampDays),
                $"The ramp length {rampDays} days is outside {MinNewMailboxDays} to {MaxNewMailboxDays}; ramp a new mailbox over 14 to 21 days.");
        }

        if (startVolume is < MinNewMailboxStartVolume or > MaxNewMailboxStartVolume)
        {
            throw new ArgumentOutOfRangeException(
                nameof(startVolume),
                $"The start volume {startVolume} is outside {MinNewMailboxStartVolume} to {MaxNewMailboxStartVolume}; start a new mailbox at 20 to 40 sends a day.");
        }

        if (targetDailyVolume < startVolume || targetDailyVolume > MaxNewMailboxTarget)
        {
            throw new ArgumentOutOfRangeException(
                nameof(targetDailyVolume),
                $"The target daily volume {targetDailyVolume} is outside {startVolume} to {MaxNewMailboxTarget}; the target must be at least the start volume, and a new mailbox above {MaxNewMailboxTarget} sends a day draws rate limits.");
        }
    }

    private static void ValidateEnd(DateOnly start, int dayCount)
    {
        if (DateOnly.MaxValue.DayNumber - start.DayNumber < dayCount - 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(start),
                $"The plan of {dayCount} days from {start:yyyy-MM-dd} would end after {DateOnly.MaxValue:yyyy-MM-dd}; give an earlier start date.");
        }
    }
}
