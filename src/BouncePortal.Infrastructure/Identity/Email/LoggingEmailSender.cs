using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.Identity.Email;

/// <summary>
/// Writes account emails, with their links, to the log instead of sending them. Used when no SMTP
/// host is configured, as in development.
/// </summary>
public sealed class LoggingEmailSender(ILogger<LoggingEmailSender> logger) : IEmailSender<ApplicationUser>
{
    /// <inheritdoc />
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        Write(email, AccountEmails.Confirmation(confirmationLink).Subject, confirmationLink);

    /// <inheritdoc />
    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        Write(email, AccountEmails.PasswordResetLink(resetLink).Subject, resetLink);

    /// <inheritdoc />
    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        Write(email, AccountEmails.PasswordResetCode(resetCode).Subject, resetCode);

    private Task Write(string email, string subject, string linkOrCode)
    {
        logger.LogInformation(
            "No SMTP host is configured (BouncePortal:Smtp:Host), so this email was not sent. To: {Email}. Subject: {Subject}. Link or code: {Link}",
            email, subject, linkOrCode);
        return Task.CompletedTask;
    }
}
