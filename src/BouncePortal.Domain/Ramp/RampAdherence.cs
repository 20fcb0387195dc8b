namespace BouncePortal.Domain.Ramp;

/// <summary>One day of a ramp schedule set against the messages actually sent on that day.</summary>
/// <param name="Date">The calendar day.</param>
/// <param name="DailyLimit">The planned maximum for the day.</param>
/// <param name="ActualSends">Messages sent on the day; 0 when no count was given for it.</param>
/// <param name="OverPlan">True when <paramref name="ActualSends"/> exceeds <paramref name="DailyLimit"/>.</param>
public sealed record RampAdherenceDay(DateOnly Date, int DailyLimit, int ActualSends, bool OverPlan);

/// <summary>Compares the sends of a sending mailbox with its ramp schedule.</summary>
public static class RampAdherence
{
    /// <summary>
    /// Sets each day of <paramref name="plan"/> against its count in
    /// <paramref name="actualSendsPerDay"/>. Counts for dates outside the plan are ignored.
    /// </summary>
    /// <returns>One entry per plan day, in the plan's order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count for a plan day is negative.</exception>
    public static IReadOnlyList<RampAdherenceDay> Compare(RampPlan plan, IReadOnlyDictionary<DateOnly, int> actualSendsPerDay)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(actualSendsPerDay);

        var result = new RampAdherenceDay[plan.Days.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var day = plan.Days[i];
            var actual = actualSendsPerDay.GetValueOrDefault(day.Date);
            if (actual < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(actualSendsPerDay),
                    $"The send count {actual} for {day.Date:yyyy-MM-dd} is negative; give the number of messages sent that day.");
            }

            result[i] = new RampAdherenceDay(day.Date, day.DailyLimit, actual, actual > day.DailyLimit);
        }

        return Array.AsReadOnly(result);
    }
}
