using BouncePortal.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace BouncePortal.Web.Tenancy;

/// <summary>
/// Checks the portal's policies for the signed-in user inside interactive pages, where a button
/// that is hidden in the browser can still be invoked: every action checks again before it acts.
/// </summary>
public sealed partial class PortalAccess(
    AuthenticationStateProvider authentication,
    IAuthorizationService authorization,
    ILogger<PortalAccess> logger)
{
    /// <summary>Whether the signed-in user passes <paramref name="policy"/>.</summary>
    public async Task<bool> CanAsync(string policy)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var result = await authorization.AuthorizeAsync(state.User, policy);
        return result.Succeeded;
    }

    /// <summary>
    /// Checks <paramref name="policy"/> before an action: returns true when the signed-in user
    /// passes it, otherwise logs the denial and returns false, and the action must not run.
    /// </summary>
    public async Task<bool> CheckAsync(string policy)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var result = await authorization.AuthorizeAsync(state.User, policy);
        if (!result.Succeeded)
        {
            LogDenied(logger, policy, state.User.Identity?.Name);
        }

        return result.Succeeded;
    }

    /// <summary>The message an interactive page shows when <see cref="CheckAsync"/> returns false.</summary>
    public static string DeniedMessage(string policy) =>
        $"Your role does not allow this action (policy {policy}). Ask an owner of the agency for a role that does.";

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Denied an action that needs policy {Policy} to user {UserName}")]
    private static partial void LogDenied(ILogger logger, string policy, string? userName);
}
