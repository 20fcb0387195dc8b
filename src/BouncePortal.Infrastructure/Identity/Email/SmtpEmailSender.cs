using BouncePortal.Infrastructure.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BouncePortal.Infrastructure.Identity.Email;

/// <summary>
/// Sends account emails through the SMTP server configured under <c>BouncePortal:Smtp</c>.
/// </summary>
public sealed class SmtpEmailSender(IOptions<BouncePortalOptions> options, ILogger<SmtpEmailSender> logger)
    : IEmailSender<ApplicationUser>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        SendAsync(email, AccountEmails.Confirmation(confirmationLink));

    /// <inheritdoc />
    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        SendAsync(email, AccountEmails.PasswordResetLink(resetLink));

    /// <inheritdoc />
    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        SendAsync(email, AccountEmails.PasswordResetCode(resetCode));

    private async Task SendAsync(string email, (string Subject, string Html) content)
    {
        var smtp = options.Value.Smtp;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        message.To.Add(MailboxAddress.Parse(email));
        message.Subject = content.Subject;
        message.Body = new BodyBuilder { HtmlBody = content.Html }.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        using var cancellation = new CancellationTokenSource(Timeout);
        try
        {
            var security = smtp.Tls switch
            {
                SmtpTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpTls.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellation.Token);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellation.Token);
            }

            await client.SendAsync(message, cancellation.Token);
            await client.DisconnectAsync(quit: true, cancellation.Token);
        }
        catch (Exception failed) when (failed is IOException or SmtpCommandException or SmtpProtocolException or AuthenticationException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            logger.LogError(failed, "Sending '{Subject}' through SMTP server {Host}:{Port} failed. Check BouncePortal:Smtp (host, port, Tls, user, password).",
                content.Subject, smtp.Host, smtp.Port);
            throw new InvalidOperationException(
                $"The email could not be sent through {smtp.Host}:{smtp.Port}: {failed.Message} Check the BouncePortal:Smtp settings.", failed);
        }
    }
}
