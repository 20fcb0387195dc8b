using BouncePortal.Domain.Ramp;

namespace BouncePortal.Domain.Tests.Ramp;

public sealed class RampAdherenceTests
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    [Fact]
    public void Compare_FlagsDaysOverPlan()
    {
        var plan = RampPlanner.Recovery(40, 15, Monday);
        var actual = new Dictionary<DateOnly, int>
        {
            [Monday] = 15,
            [Monday.AddDays(1)] = 16,
            [Monday.AddDays(3)] = 4,
            [Monday.AddDays(30)] = 500,
        };

        var days = RampAdherence.Compare(plan, actual);

        Assert.Equal(7, days.Count);
        Assert.Equal(new RampAdherenceDay(Monday, 15, 15, false), days[0]);
        Assert.Equal(new RampAdherenceDay(Monday.AddDays(1), 15, 16, true), days[1]);
        Assert.Equal(new RampAdherenceDay(Monday.AddDays(2), 15, 0, false), days[2]);
        Assert.Equal(new RampAdherenceDay(Monday.AddDays(3), 15, 4, false), days[3]);
        Assert.Equal([false, true, false, false, false, false, false], days.Select(day => day.OverPlan));
    }

    [Fact]
    public void Compare_FollowsPlanLimits()
    {
        var plan = RampPlanner.Recovery(40, 40, Monday);
        var actual = plan.Days.ToDictionary(day => day.Date, _ => 24);

        var days = RampAdherence.Compare(plan, actual);

        Assert.Equal(plan.Days.Select(day => day.Date), days.Select(day => day.Date));
        Assert.All(days.Take(7), day => Assert.True(day.OverPlan));
        Assert.All(days.Skip(7), day => Assert.False(day.OverPlan));
    }

    [Fact]
    public void Compare_NoSends_IsZeroAndNotOver()
    {
        var plan = RampPlanner.NewMailbox(30, Monday, rampDays: 14);

        var days = RampAdherence.Compare(plan, new Dictionary<DateOnly, int>());

        Assert.Equal(14, days.Count);
        Assert.All(days, day => Assert.Equal(0, day.ActualSends));
        Assert.All(days, day => Assert.False(day.OverPlan));
    }

    [Fact]
    public void Compare_NegativeCount_Throws()
    {
        var plan = RampPlanner.Recovery(40, 15, Monday);
        var actual = new Dictionary<DateOnly, int> { [Monday.AddDays(2)] = -1 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RampAdherence.Compare(plan, actual));

        Assert.Contains("2026-03-04", error.Message);
    }

    [Fact]
    public void Compare_NullArguments_Throw()
    {
        var plan = RampPlanner.Recovery(40, 15, Monday);

        Assert.Throws<ArgumentNullException>(() => RampAdherence.Compare(null!, new Dictionary<DateOnly, int>()));
        Assert.Throws<ArgumentNullException>(() => RampAdherence.Compare(plan, null!));
    }
}
