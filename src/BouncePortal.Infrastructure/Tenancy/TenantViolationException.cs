namespace BouncePortal.Infrastructure.Tenancy;

/// <summary>
/// Raised when code tries to write a row of another agency, or works on tenant-owned data
/// without an agency. It always signals a bug, never bad user input.
/// </summary>
public sealed class TenantViolationException(string message) : InvalidOperationException(message);
