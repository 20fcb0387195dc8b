using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace BouncePortal.Web.Components.Account;

/// <summary>
/// Decodes the tokens carried by email links (confirmation, reset).
/// </summary>
internal static class AccountCodes
{
    /// <summary>
    /// Decodes a base64url token from a link. A damaged token decodes to an empty one, which Identity
    /// rejects as invalid, so the page reports an invalid link instead of failing with an error.
    /// </summary>
    public static string DecodeOrEmpty(string? code)
    {
        try
        {
            return code is null ? string.Empty : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }
}
