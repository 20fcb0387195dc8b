using System.Security.Claims;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Lifecycle;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BouncePortal.Web.Lifecycle;

/// <summary>
/// The form post that deletes the signed-in owner's agency, then signs the owner out.
/// </summary>
internal static class AgencyDeletionEndpoint
{
    /// <summary>The path the Settings page's delete form posts to.</summary>
    public const string Path = "/settings/delete-agency";

    /// <summary>
    /// Maps <c>POST /settings/delete-agency</c>: owners only, antiforgery-checked (a form post), with the
    /// agency's name typed as confirmation. The agency is always the caller's own, never one named in the request.
    /// </summary>
    public static IEndpointRouteBuilder MapAgencyDeletionEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, async (
            [FromForm(Name = "confirmName")] string? confirmName,
            HttpContext context,
            AgencyDeletionService deletion,
            SignInManager<ApplicationUser> signIn) =>
        {
            if (CurrentAgency.TenantIdOf(context.User) is not { } tenantId)
            {
                return Results.Forbid();
            }

            var problem = await deletion.DeleteAsync(
                tenantId,
                confirmName,
                context.User.FindFirstValue(ClaimTypes.NameIdentifier),
                context.User.Identity?.Name,
                context.RequestAborted);
            if (problem is not null)
            {
                return Results.LocalRedirect("/settings?delete=mismatch");
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/?deleted=agency");
        }).RequireAuthorization(PortalPolicies.Own);

        return endpoints;
    }
}
