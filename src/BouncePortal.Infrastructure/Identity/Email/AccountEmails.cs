using System.Net;

namespace BouncePortal.Infrastructure.Identity.Email;

/// <summary>
/// The subject and HTML body of each account email.
/// </summary>
public static class AccountEmails
{
    /// <summary>The email that confirms an address.</summary>
    public static (string Subject, string Html) Confirmation(string link) =>
        ("Confirm your email for BouncePortal", Paragraph("Confirm your email address to sign in to BouncePortal:", link));

    /// <summary>The email with a password reset link.</summary>
    public static (string Subject, string Html) PasswordResetLink(string link) =>
        ("Reset your BouncePortal password", Paragraph("Someone asked to reset your BouncePortal password. If it was you, choose a new one here:", link));

    /// <summary>The email with a password reset code.</summary>
    public static (string Subject, string Html) PasswordResetCode(string code) =>
        ("Reset your BouncePortal password", $"<p>Your password reset code is <strong>{WebUtility.HtmlEncode(code)}</strong>.</p>");

    private static string Paragraph(string text, string link)
    {
        var encoded = WebUtility.HtmlEncode(link);
        return $"<p>{WebUtility.HtmlEncode(text)}</p><p><a href=\"{encoded}\">{encoded}</a></p>";
    }
}
