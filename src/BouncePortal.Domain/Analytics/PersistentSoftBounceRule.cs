namespace BouncePortal.Domain.Analytics;

/// <summary>
/// When a soft bounce that keeps failing counts as permanent: after this many failed attempts,
/// or when the failures span this long, the address joins the suppression list unless the
/// sender is to blame.
/// </summary>
/// <param name="MaxAttempts">Failed soft attempts after which the bounce is persistent. Default 5.</param>
/// <param name="MaxDuration">Span from the first to the last failure after which the bounce is persistent. Default 72 hours.</param>
public sealed record PersistentSoftBounceRule(int MaxAttempts, TimeSpan MaxDuration)
{
    /// <summary>Five attempts or 72 hours, the usual limits of sequencer retries.</summary>
    public static PersistentSoftBounceRule Default { get; } = new(5, TimeSpan.FromHours(72));
}
