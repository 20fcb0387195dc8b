using BouncePortal.Infrastructure.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace BouncePortal.Web.Components.Account;

/// <summary>
/// Builds the absolute links that account emails and invitations carry. The base is
/// BouncePortal:PublicUrl, so a forged Host header cannot point a password-reset link at another
/// site. Only when PublicUrl is empty (allowed without SMTP, where emails go to the log) does the
/// request's base address stand in.
/// </summary>
public sealed class AccountLinks(IOptions<BouncePortalOptions> options, NavigationManager navigation)
{
    /// <summary>
    /// Returns the absolute address of the portal page <paramref name="relativePath"/> (such as
    /// <c>Account/ResetPassword</c>) with <paramref name="query"/> appended.
    /// </summary>
    public string Build(string relativePath, IReadOnlyDictionary<string, object?> query)
    {
        var page = new Uri(BaseUri, relativePath.TrimStart('/'));
        return navigation.GetUriWithQueryParameters(page.AbsoluteUri, query);
    }

    private Uri BaseUri
    {
        get
        {
            if (options.Value.PublicBaseUri is not { } configured)
            {
                return new Uri(navigation.BaseUri);
            }

            // A base without a trailing slash would drop its last path segment when combined.
            var text = configured.AbsoluteUri;
            return new Uri(text.EndsWith('/') ? text : text + "/");
        }
    }
}
