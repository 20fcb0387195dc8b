namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// What one portal process does, set by <c>BouncePortal:Roles</c> as <c>Web</c>, <c>Jobs</c> or
/// <c>Web,Jobs</c> (the default).
/// </summary>
[Flags]
public enum PortalRoles
{
    /// <summary>Nothing; never valid as a configured value.</summary>
    None = 0,

    /// <summary>Serves the pages and enqueues jobs.</summary>
    Web = 1,

    /// <summary>Runs the Hangfire server that executes jobs.</summary>
    Jobs = 2,
}
