using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Identity;

namespace BouncePortal.Web.Components.Account;

/// <summary>
/// Records the changes users make to their own account's security in their agency's audit log.
/// </summary>
internal static class AccountAudit
{
    /// <summary>
    /// Records <paramref name="action"/> by <paramref name="user"/> with the request's client IP
    /// address. Platform operators belong to no agency and have no audit log, so nothing is recorded for them.
    /// </summary>
    public static async Task RecordOwnChangeAsync(
        this IAuditLog audit, ApplicationUser user, string action, string details, HttpContext httpContext)
    {
        if (user.TenantId == Guid.Empty)
        {
            return;
        }

        // The change is already saved, so the record is written even when the client disconnects.
        var ipAddress = httpContext.Connection.RemoteIpAddress?.ToString();
        await audit.RecordAsync(new AuditRecord(user.TenantId, action, details, user.Id, user.Email, ipAddress), CancellationToken.None);
    }
}
