using Microsoft.AspNetCore.Diagnostics;

namespace BouncePortal.Web.Security;

/// <summary>
/// Logs an unhandled exception with the request's correlation id, the same id the error page shows,
/// so a user's report leads to the log line. The error page itself shows no exception details.
/// </summary>
public sealed partial class CorrelatedExceptionHandler(ILogger<CorrelatedExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The id shown to the user and written to the log: the request's trace identifier.</summary>
    public static string CorrelationIdOf(HttpContext context) => context.TraceIdentifier;

    /// <inheritdoc />
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        LogUnhandled(exception, CorrelationIdOf(httpContext), httpContext.Request.Method, httpContext.Request.Path);

        // Not handled here: the middleware goes on to render the error page.
        return ValueTask.FromResult(false);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Unhandled exception, correlation id {CorrelationId}, on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string correlationId, string method, string path);
}
