namespace BouncePortal.Domain.Ramp;

/// <summary>The situation a ramp schedule is planned for.</summary>
public enum RampKind
{
    /// <summary>Recovery ramp after soft bounces followed a volume increase: halve the volume, hold, then grow.</summary>
    Recovery,

    /// <summary>Resume after a stop-the-bleed pause: restart at a fraction of the previous volume, hold, then grow.</summary>
    Resume,

    /// <summary>New sending mailbox: rise evenly from a small start volume to the steady state.</summary>
    NewMailbox,
}
