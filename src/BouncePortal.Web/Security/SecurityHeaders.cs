using System.Security.Cryptography;

namespace BouncePortal.Web.Security;

/// <summary>
/// The headers every response carries: a Content-Security-Policy with a fresh script nonce per
/// request, no framing, no MIME sniffing and no referrer.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "BouncePortal.CspNonce";

    /// <summary>
    /// Builds the policy. Blazor Server needs only its own scripts and a websocket to the same origin
    /// (covered by 'self'); the inline import map carries the nonce. MudBlazor sets inline styles,
    /// hence 'unsafe-inline' for styles only.
    /// </summary>
    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "frame-ancestors 'none'; " +
        "form-action 'self'; " +
        "base-uri 'self'";

    /// <summary>The script nonce of the current request, for the page's inline import map.</summary>
    public static string? NonceOf(HttpContext? context) => context?.Items[NonceKey] as string;

    /// <summary>Adds the headers to every response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Hex keeps the nonce free of characters that HTML attributes would encode.
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = Policy(nonce);
            await next();
        });
}
