using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Infrastructure.Suppression;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tenancy;

namespace BouncePortal.Web.Exports;

/// <summary>
/// File downloads of the signed-in agency's data.
/// </summary>
internal static class ExportEndpoints
{
    // The files hold an agency's recipients and plans, so no browser or proxy may keep a copy.
    private const string NoStore = "no-store";

    /// <summary>Maps <c>GET /exports/suppression-list.csv</c> and <c>GET /exports/ramp-plans/{id}.csv</c>.</summary>
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/suppression-list.csv", async (HttpContext context, SuppressionListService suppression) =>
        {
            if (CurrentAgency.TenantIdOf(context.User) is not { } tenantId)
            {
                return Results.Forbid();
            }

            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.CacheControl = NoStore;
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"suppression-list-{DateTime.UtcNow:yyyy-MM-dd}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false));
            await suppression.WriteCsvAsync(tenantId, writer, context.RequestAborted);
            await writer.FlushAsync(context.RequestAborted);
            return Results.Empty;
        }).RequireAuthorization(PortalPolicies.View);

        endpoints.MapGet("/exports/ramp-plans/{planId:guid}.csv", async (Guid planId, HttpContext context, RampPlanService plans) =>
        {
            if (CurrentAgency.TenantIdOf(context.User) is not { } tenantId)
            {
                return Results.Forbid();
            }

            // Another agency's plan id gets the same 404 as an id that does not exist.
            if (await plans.GetAsync(tenantId, planId, context.RequestAborted) is not { } plan)
            {
                return Results.NotFound();
            }

            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.CacheControl = NoStore;
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"ramp-plan-{plan.Kind.ToString().ToLowerInvariant()}-{plan.Start:yyyy-MM-dd}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false));
            await plans.WriteCsvAsync(tenantId, planId, writer, context.RequestAborted);
            await writer.FlushAsync(context.RequestAborted);
            return Results.Empty;
        }).RequireAuthorization(PortalPolicies.View);

        return endpoints;
    }
}
