namespace BouncePortal.Domain.Analytics;

/// <summary>
/// Soft and hard bounce counts and rates over a set of message-recipient pairs.
/// </summary>
/// <param name="Sent">Distinct message-recipient pairs.</param>
/// <param name="SoftBounced">Pairs with at least one soft-class failure or an expired outcome.</param>
/// <param name="HardBounced">Pairs whose final failure is hard-class.</param>
public sealed record BounceRates(long Sent, long SoftBounced, long HardBounced)
{
    /// <summary>Soft-bounced pairs as a percentage of sent pairs, rounded to two decimals; 0 when nothing was sent.</summary>
    public double SoftRate => Percent(SoftBounced);

    /// <summary>Hard-bounced pairs as a percentage of sent pairs, rounded to two decimals; 0 when nothing was sent.</summary>
    public double HardRate => Percent(HardBounced);

    /// <summary>The zone of <see cref="SoftRate"/>.</summary>
    public BounceZone SoftZone => BounceZones.For(SoftRate);

    /// <summary>The zone of <see cref="HardRate"/>.</summary>
    public BounceZone HardZone => BounceZones.For(HardRate);

    private double Percent(long count) => Sent == 0 ? 0 : Math.Round(100.0 * count / Sent, 2);
}
