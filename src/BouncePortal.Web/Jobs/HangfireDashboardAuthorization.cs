using BouncePortal.Infrastructure.Tenancy;
using Hangfire.Dashboard;

namespace BouncePortal.Web.Jobs;

/// <summary>
/// Lets only platform operators into the Hangfire dashboard: it shows every agency's jobs.
/// Anonymous users get 401 and signed-in agency staff 403.
/// </summary>
internal sealed class HangfireDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return Task.FromResult(user.Identity?.IsAuthenticated == true && user.IsInRole(TenantClaims.PlatformOperatorRole));
    }
}
