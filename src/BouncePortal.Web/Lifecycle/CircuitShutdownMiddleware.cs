namespace BouncePortal.Web.Lifecycle;

/// <summary>
/// Lets the portal stop while a browser is connected. On shutdown SignalR closes the Blazor circuits,
/// and the browser reconnects at once. Kestrel then waits for that new connection until the host's
/// shutdown timeout (30 s) and the host ends with an unhandled OperationCanceledException. So once the
/// host is stopping, this middleware rejects new circuit requests with 503 and aborts the open ones.
/// </summary>
/// <remarks>
/// The race is a known ASP.NET Core issue (dotnet/aspnetcore#58947), and this portal on .NET 10 shows it.
/// </remarks>
internal sealed class CircuitShutdownMiddleware(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    /// <summary>The path prefix of Blazor's circuit connections (negotiate and transport).</summary>
    public const string CircuitPath = "/_blazor";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(CircuitPath))
        {
            await next(context);
            return;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var abortOnStop = lifetime.ApplicationStopping.Register(static state => ((HttpContext)state!).Abort(), context);
        await next(context);
    }
}
