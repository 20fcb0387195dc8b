using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// Finds soft-to-hard conversion: a rise in the daily soft bounce rate followed 1-3 days later
/// by a rise in the daily hard bounce rate. Always High: it is an active reputation decay.
/// </summary>
internal static class SoftToHardRule
{
    /// <summary>A day's rate, in percent, must reach this to count as a rise.</summary>
    public const double MinRiseRate = 3;

    /// <summary>A day's rate must be at least this multiple of the average of the days before it.</summary>
    public const double RiseFactor = 2;

    /// <summary>The hard rise must come at least this many days after the soft rise.</summary>
    public const int MinLagDays = 1;

    /// <summary>The hard rise must come at most this many days after the soft rise.</summary>
    public const int MaxLagDays = 3;

    /// <summary>A day needs this many messages before its rate means anything.</summary>
    public const int MinDayMessages = 20;

    public static void Evaluate(OutcomeCounters counters, List<Diagnosis> found)
    {
        var days = new List<(DateOnly Day, DayTally Tally)>();
        foreach (var (day, tally) in counters.ByDay)
        {
            if (tally.Messages >= MinDayMessages)
            {
                days.Add((day, tally));
            }
        }

        var softRises = Rises(days, tally => tally.SoftRate);
        var hardRises = Rises(days, tally => tally.HardRate);
        foreach (var soft in softRises)
        {
            foreach (var hard in hardRises)
            {
                var lag = hard.Day.DayNumber - soft.Day.DayNumber;
                if (lag < MinLagDays || lag > MaxLagDays)
                {
                    continue;
                }

                var evidence = FormattableString.Invariant(
                    $"The soft bounce rate rose to {Rates.Format(soft.Rate)} on {DiagnosisEngine.Day(soft.Day)} (earlier days averaged {Rates.Format(soft.EarlierAverage)}), then the hard bounce rate rose to {Rates.Format(hard.Rate)} on {DiagnosisEngine.Day(hard.Day)} (earlier days averaged {Rates.Format(hard.EarlierAverage)}), {ReadCounts.Describe(lag, "day")} later.");
                // The affected entries are the two days (yyyy-MM-dd), so a trend chart can mark them.
                string[] riseDays = [DiagnosisEngine.Day(soft.Day), DiagnosisEngine.Day(hard.Day)];
                var span = SpanOfDays(counters, soft.Day, hard.Day);
                found.Add(new Diagnosis(DiagnosisKind.SoftToHardConversion, DiagnosisSeverity.High, DiagnosisEngine.AgencySubject, evidence, riseDays, Checklists.For(CauseFamily.Reputation), span.First, span.Last));
                return;
            }
        }
    }

    /// <summary>Returns the range of the attempts of the messages first sent from <paramref name="first"/> to <paramref name="last"/>, both of which have messages.</summary>
    private static TimeRange SpanOfDays(OutcomeCounters counters, DateOnly first, DateOnly last)
    {
        var span = counters.ByDay[first].Range!.Value;
        for (var day = first.AddDays(1); day <= last; day = day.AddDays(1))
        {
            if (counters.ByDay.TryGetValue(day, out var tally))
            {
                span = span.Union(tally.Range!.Value);
            }
        }

        return span;
    }

    /// <summary>Returns the days whose rate is at least <see cref="MinRiseRate"/> and <see cref="RiseFactor"/> times the average of all earlier days.</summary>
    private static List<Rise> Rises(List<(DateOnly Day, DayTally Tally)> days, Func<DayTally, double> rateOf)
    {
        var rises = new List<Rise>();
        var earlierSum = 0.0;
        for (var i = 0; i < days.Count; i++)
        {
            var rate = rateOf(days[i].Tally);
            if (i > 0)
            {
                var earlierAverage = earlierSum / i;
                if (rate >= MinRiseRate && rate >= RiseFactor * earlierAverage)
                {
                    rises.Add(new Rise(days[i].Day, rate, earlierAverage));
                }
            }

            earlierSum += rate;
        }

        return rises;
    }

    private sealed record Rise(DateOnly Day, double Rate, double EarlierAverage);
}
