namespace BouncePortal.Infrastructure.Audit;

/// <summary>
/// Who is acting in the current scope and from where, for audit records that leave them out.
/// </summary>
/// <param name="UserId">The signed-in user's id, or null.</param>
/// <param name="Name">The signed-in user's email, or null.</param>
/// <param name="IpAddress">The client's IP address, or null.</param>
public sealed record AuditActor(string? UserId, string? Name, string? IpAddress)
{
    /// <summary>No known actor: a background job or a test.</summary>
    public static readonly AuditActor None = new(null, null, null);
}

/// <summary>
/// Supplies the <see cref="AuditActor"/> of the current scope: the web host reads the request
/// or the circuit, and scopes without a user (jobs) have none.
/// </summary>
public interface IAuditActorSource
{
    /// <summary>Returns the current actor, or <see cref="AuditActor.None"/>.</summary>
    Task<AuditActor> GetActorAsync();
}

internal sealed class NoAuditActorSource : IAuditActorSource
{
    public Task<AuditActor> GetActorAsync() => Task.FromResult(AuditActor.None);
}
