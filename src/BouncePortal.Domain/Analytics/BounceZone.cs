namespace BouncePortal.Domain.Analytics;

/// <summary>
/// Zone of a bounce rate: under 2% healthy, 2-4% warning, 4-7% active problem, over 7% critical.
/// </summary>
public enum BounceZone
{
    /// <summary>Under 2%: greylisting, transient failures and full mailboxes. Monitor.</summary>
    Healthy,

    /// <summary>2% up to 4%: early throttling or list quality. Audit recent SMTP codes.</summary>
    Warning,

    /// <summary>4% up to 7%: reputation damage likely within days. Pause, diagnose, cut volume 50%.</summary>
    Problem,

    /// <summary>Over 7%: blocklist events or severe throttling. Full diagnosis.</summary>
    Critical,
}

/// <summary>
/// Maps a bounce rate in percent to its <see cref="BounceZone"/>.
/// </summary>
public static class BounceZones
{
    /// <summary>Lower bound of the warning zone, in percent.</summary>
    public const double WarningFrom = 2.0;

    /// <summary>Lower bound of the active-problem zone, in percent.</summary>
    public const double ProblemFrom = 4.0;

    /// <summary>The critical zone starts above this rate, in percent.</summary>
    public const double CriticalAbove = 7.0;

    /// <summary>Sends below which a rate rests on too few messages to judge: one bounce then moves it by 5 points or more.</summary>
    public const int MinimumSends = 20;

    /// <summary>Returns the zone of <paramref name="ratePercent"/> (0-100).</summary>
    public static BounceZone For(double ratePercent) => ratePercent switch
    {
        < WarningFrom => BounceZone.Healthy,
        < ProblemFrom => BounceZone.Warning,
        <= CriticalAbove => BounceZone.Problem,
        _ => BounceZone.Critical,
    };
}
