using BouncePortal.Domain.Ramp;

namespace BouncePortal.Domain.Tests.Ramp;

public sealed class RampPlannerTests
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    [Fact]
    public void Recovery_40To40_HalvesHoldsAndGrows()
    {
        int[] expected =
        [
            20, 20, 20, 20, 20, 20, 20,
            24, 24, 24, 24, 24, 24, 24,
            29, 29, 29, 29, 29, 29, 29,
            35, 35, 35, 35, 35, 35, 35,
            40,
        ];

        var plan = RampPlanner.Recovery(40, 40, Monday);

        Assert.Equal(RampKind.Recovery, plan.Kind);
        Assert.Equal(40, plan.PreviousDailyVolume);
        Assert.Equal(40, plan.TargetDailyVolume);
        Assert.Equal(Monday, plan.Start);
        Assert.Null(plan.ResumeFraction);
        Assert.Null(plan.StartVolume);
        Assert.Equal(expected, Limits(plan));
        Assert.Equal(new DateOnly(2026, 3, 30), plan.End);
    }

    [Fact]
    public void Recovery_DatesAreConsecutiveFromStart()
    {
        var plan = RampPlanner.Recovery(40, 40, Monday);

        for (var i = 0; i < plan.Days.Count; i++)
        {
            Assert.Equal(Monday.AddDays(i), plan.Days[i].Date);
        }
    }

    [Fact]
    public void Recovery_100To150_GrowsPastPrevious()
    {
        int[] expected =
        [
            50, 50, 50, 50, 50, 50, 50,
            60, 60, 60, 60, 60, 60, 60,
            72, 72, 72, 72, 72, 72, 72,
            86, 86, 86, 86, 86, 86, 86,
            103, 103, 103, 103, 103, 103, 103,
            124, 124, 124, 124, 124, 124, 124,
            149, 149, 149, 149, 149, 149, 149,
            150,
        ];

        var plan = RampPlanner.Recovery(100, 150, Monday);

        Assert.Equal(expected, Limits(plan));
    }

    [Fact]
    public void Recovery_10To30_CompoundsOnRoundedLimits()
    {
        int[] expected =
        [
            5, 5, 5, 5, 5, 5, 5,
            6, 6, 6, 6, 6, 6, 6,
            7, 7, 7, 7, 7, 7, 7,
            8, 8, 8, 8, 8, 8, 8,
            10, 10, 10, 10, 10, 10, 10,
            12, 12, 12, 12, 12, 12, 12,
            14, 14, 14, 14, 14, 14, 14,
            17, 17, 17, 17, 17, 17, 17,
            20, 20, 20, 20, 20, 20, 20,
            24, 24, 24, 24, 24, 24, 24,
            29, 29, 29, 29, 29, 29, 29,
            30,
        ];

        var plan = RampPlanner.Recovery(10, 30, Monday);

        Assert.Equal(expected, Limits(plan));
    }

    [Fact]
    public void Recovery_TinyVolume_GrowsAtLeastOneSend()
    {
        // 2 × 1.2 = 2.4 rounds back to 2, so that week grows by the 1-send minimum instead.
        int[] expected =
        [
            2, 2, 2, 2, 2, 2, 2,
            3, 3, 3, 3, 3, 3, 3,
            4, 4, 4, 4, 4, 4, 4,
            5, 5, 5, 5, 5, 5, 5,
            6,
        ];

        var plan = RampPlanner.Recovery(3, 6, Monday);

        Assert.Equal(expected, Limits(plan));
    }

    [Fact]
    public void Recovery_PreviousOfOne_StartsAtOne()
    {
        int[] expected =
        [
            1, 1, 1, 1, 1, 1, 1,
            2, 2, 2, 2, 2, 2, 2,
            3,
        ];

        var plan = RampPlanner.Recovery(1, 3, Monday);

        Assert.Equal(expected, Limits(plan));
    }

    [Fact]
    public void Recovery_OddPrevious_RoundsHalfUp()
    {
        var plan = RampPlanner.Recovery(45, 45, Monday);

        Assert.Equal(23, plan.Days[0].DailyLimit);
    }

    [Fact]
    public void Recovery_TargetBelowHalf_HoldsTargetForAWeek()
    {
        int[] expected = [15, 15, 15, 15, 15, 15, 15];

        var plan = RampPlanner.Recovery(40, 15, Monday);

        Assert.Equal(expected, Limits(plan));
    }

    [Fact]
    public void Recovery_TargetAtHalf_HoldsTargetForAWeek()
    {
        int[] expected = [20, 20, 20, 20, 20, 20, 20];

        var plan = RampPlanner.Recovery(40, 20, Monday);

        Assert.Equal(expected, Limits(plan));
    }

    [Fact]
    public void Resume_AtThirtyPercent_StartsAt30Of100()
    {
        int[] expected =
        [
            30, 30, 30, 30, 30, 30, 30,
            36, 36, 36, 36, 36, 36, 36,
            43, 43, 43, 43, 43, 43, 43,
            52, 52, 52, 52, 52, 52, 52,
            62, 62, 62, 62, 62, 62, 62,
            74, 74, 74, 74, 74, 74, 74,
            89, 89, 89, 89, 89, 89, 89,
            100,
        ];

        var plan = RampPlanner.Resume(100, 100, Monday, 0.3);

        Assert.Equal(RampKind.Resume, plan.Kind);
        Assert.Equal(0.3, plan.ResumeFraction);
        Assert.Equal(expected, Limits(plan));
    }

    [Fact]
    public void Resume_AtHalf_MatchesRecoveryDrop()
    {
        int[] expected =
        [
            20, 20, 20, 20, 20, 20, 20,
            24, 24, 24, 24, 24, 24, 24,
            29, 29, 29, 29, 29, 29, 29,
            35, 35, 35, 35, 35, 35, 35,
            40,
        ];

        var plan = RampPlanner.Resume(40, 40, Monday, 0.5);

        Assert.Equal(expected, Limits(plan));
    }

    [Fact]
    public void Resume_DefaultFraction_IsFortyPercent()
    {
        var plan = RampPlanner.Resume(40, 40, Monday);

        Assert.Equal(0.4, plan.ResumeFraction);
        Assert.Equal(16, plan.Days[0].DailyLimit);
    }

    [Fact]
    public void Resume_ExactHalfSend_RoundsUp()
    {
        // 45 × 0.3 is 13.5 exactly; binary floating point would give 13.4999... and round down.
        var plan = RampPlanner.Resume(45, 45, Monday, 0.3);

        Assert.Equal(14, plan.Days[0].DailyLimit);
    }

    [Fact]
    public void Resume_PreviousOfOne_StartsAtOneSend()
    {
        var plan = RampPlanner.Resume(1, 1, Monday, 0.3);

        Assert.Equal([1, 1, 1, 1, 1, 1, 1], Limits(plan));
    }

    [Fact]
    public void NewMailbox_21DaysTo35_RisesEvenly()
    {
        int[] expected =
        [
            20, 21, 22, 22, 23, 24, 25,
            25, 26, 27, 28, 28, 29, 30,
            31, 31, 32, 33, 34, 34, 35,
        ];

        var plan = RampPlanner.NewMailbox(35, Monday);

        Assert.Equal(RampKind.NewMailbox, plan.Kind);
        Assert.Null(plan.PreviousDailyVolume);
        Assert.Equal(20, plan.StartVolume);
        Assert.Equal(expected, Limits(plan));
        Assert.Equal(new DateOnly(2026, 3, 22), plan.End);
    }

    [Fact]
    public void NewMailbox_14DaysTo30_RisesEvenly()
    {
        int[] expected = [20, 21, 22, 22, 23, 24, 25, 25, 26, 27, 28, 28, 29, 30];

        var plan = RampPlanner.NewMailbox(30, Monday, rampDays: 14);

        Assert.Equal(expected, Limits(plan));
    }

    [Fact]
    public void NewMailbox_StartAtTarget_IsFlat()
    {
        var plan = RampPlanner.NewMailbox(30, Monday, rampDays: 14, startVolume: 30);

        Assert.Equal(Enumerable.Repeat(30, 14), Limits(plan));
    }

    [Fact]
    public void HoldAndGrow_NeverAboveTargetAndEnds()
    {
        for (var previous = 1; previous <= 120; previous++)
        {
            for (var target = 1; target <= 160; target += 3)
            {
                AssertHoldAndGrow(RampPlanner.Recovery(previous, target, Monday), target);
                AssertHoldAndGrow(RampPlanner.Resume(previous, target, Monday, 0.3), target);
                AssertHoldAndGrow(RampPlanner.Resume(previous, target, Monday, 0.5), target);
            }
        }
    }

    [Fact]
    public void HoldAndGrow_LargestVolumes_End()
    {
        var plan = RampPlanner.Recovery(1, int.MaxValue, Monday);

        AssertHoldAndGrow(plan, int.MaxValue);
        Assert.True(plan.Days.Count < 1000, $"{plan.Days.Count} days");
    }

    [Fact]
    public void NewMailbox_NeverAboveTargetAndRises()
    {
        for (var rampDays = RampPlanner.MinNewMailboxDays; rampDays <= RampPlanner.MaxNewMailboxDays; rampDays++)
        {
            for (var startVolume = RampPlanner.MinNewMailboxStartVolume; startVolume <= RampPlanner.MaxNewMailboxStartVolume; startVolume++)
            {
                for (var target = startVolume; target <= RampPlanner.MaxNewMailboxTarget; target++)
                {
                    var limits = Limits(RampPlanner.NewMailbox(target, Monday, rampDays, startVolume));

                    Assert.Equal(rampDays, limits.Length);
                    Assert.Equal(startVolume, limits[0]);
                    Assert.Equal(target, limits[^1]);
                    Assert.All(limits, limit => Assert.InRange(limit, startVolume, target));
                    Assert.All(limits.Zip(limits.Skip(1)), pair => Assert.True(pair.First <= pair.Second, $"{pair.First} then {pair.Second}"));
                }
            }
        }
    }

    [Theory]
    [InlineData(0, 40, "previousDailyVolume")]
    [InlineData(-5, 40, "previousDailyVolume")]
    [InlineData(40, 0, "targetDailyVolume")]
    [InlineData(40, -1, "targetDailyVolume")]
    public void Recovery_InvalidVolume_Throws(int previous, int target, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RampPlanner.Recovery(previous, target, Monday));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("below 1", error.Message);
    }

    [Theory]
    [InlineData(0, 40, "previousDailyVolume")]
    [InlineData(40, 0, "targetDailyVolume")]
    public void Resume_InvalidVolume_Throws(int previous, int target, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RampPlanner.Resume(previous, target, Monday));

        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [InlineData(0.29)]
    [InlineData(0.51)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Resume_FractionOutOfRange_Throws(double fraction)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RampPlanner.Resume(40, 40, Monday, fraction));

        Assert.Equal("resumeFraction", error.ParamName);
        Assert.Contains("outside 0.3 to 0.5", error.Message);
    }

    [Theory]
    [InlineData(35, 13, 20, "rampDays")]
    [InlineData(35, 22, 20, "rampDays")]
    [InlineData(35, 21, 19, "startVolume")]
    [InlineData(45, 21, 41, "startVolume")]
    [InlineData(25, 21, 30, "targetDailyVolume")]
    [InlineData(51, 21, 20, "targetDailyVolume")]
    [InlineData(0, 21, 20, "targetDailyVolume")]
    public void NewMailbox_OutOfRange_Throws(int target, int rampDays, int startVolume, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RampPlanner.NewMailbox(target, Monday, rampDays, startVolume));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("outside", error.Message);
    }

    [Fact]
    public void Plan_PastLastDate_Throws()
    {
        var lateStart = DateOnly.MaxValue.AddDays(-10);

        var recovery = Assert.Throws<ArgumentOutOfRangeException>(() => RampPlanner.Recovery(40, 40, lateStart));
        var newMailbox = Assert.Throws<ArgumentOutOfRangeException>(() => RampPlanner.NewMailbox(35, lateStart));

        Assert.Equal("start", recovery.ParamName);
        Assert.Equal("start", newMailbox.ParamName);
    }

    [Fact]
    public void Plan_EndingOnLastDate_IsAllowed()
    {
        var plan = RampPlanner.Recovery(40, 15, DateOnly.MaxValue.AddDays(-6));

        Assert.Equal(DateOnly.MaxValue, plan.End);
    }

    private static int[] Limits(RampPlan plan) => plan.Days.Select(day => day.DailyLimit).ToArray();

    /// <summary>
    /// Checks the shape every recovery and resume shares: a 7-day hold, weekly steps of at least
    /// 1 send, nothing above the target, and an end on the target.
    /// </summary>
    private static void AssertHoldAndGrow(RampPlan plan, int target)
    {
        var limits = Limits(plan);
        var context = $"previous {plan.PreviousDailyVolume}, target {target}, fraction {plan.ResumeFraction}";

        Assert.True(limits.Length >= RampPlanner.HoldDays, context);
        Assert.Equal(target, limits[^1]);
        Assert.All(limits, limit => Assert.InRange(limit, 1, target));
        Assert.True(limits.Length == RampPlanner.HoldDays || (limits.Length - 1) % RampPlanner.DaysPerStep == 0, context);
        for (var i = 1; i < limits.Length; i++)
        {
            var weekStart = i >= RampPlanner.HoldDays && (i - RampPlanner.HoldDays) % RampPlanner.DaysPerStep == 0;
            if (!weekStart)
            {
                Assert.True(limits[i] == limits[i - 1], $"{context}: day {i} changes inside a week");
                continue;
            }

            Assert.True(limits[i] > limits[i - 1], $"{context}: day {i} does not grow");
            Assert.True(limits[i] <= Math.Max(limits[i - 1] + 1, (limits[i - 1] * 6.0 / 5.0) + 0.5), $"{context}: day {i} grows more than 20%");
        }

        Assert.Equal(limits.Length - 1, plan.End.DayNumber - plan.Start.DayNumber);
    }
}
