using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Sends notification emails through an agency's SMTP server with MailKit.
/// </summary>
public sealed class EmailNotificationSender
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Sends one plain-text email to every recipient of <paramref name="target"/>.</summary>
    public async Task<ChannelResult> SendAsync(
        SmtpTarget target, string subject, string body, string? messageId, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            var message = BuildMessage(target, subject, body, messageId);
            await client.ConnectAsync(target.Host, target.Port, SocketOptions(target.Tls), cancellationToken);
            if (!string.IsNullOrEmpty(target.UserName))
            {
                await client.AuthenticateAsync(target.UserName, target.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return ChannelResult.Delivered();
        }
        catch (Exception exception) when (IsDeliveryFailure(exception, cancellationToken))
        {
            return ChannelResult.Failed($"SMTP server {target.Host}:{target.Port} failed: {exception.Message}");
        }
    }

    private static MimeMessage BuildMessage(SmtpTarget target, string subject, string body, string? messageId)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(target.FromAddress));
        foreach (var recipient in target.Recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        if (messageId is not null)
        {
            message.MessageId = messageId;
        }

        return message;
    }

    private static SecureSocketOptions SocketOptions(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpTlsMode.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpTlsMode.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static bool IsDeliveryFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        CommandException or ProtocolException or AuthenticationException or ParseException => true,
        SocketException or IOException or TimeoutException => true,
        // MailKit raises it when the server offers no authentication the client supports.
        NotSupportedException => true,
        _ => false,
    };
}

/// <summary>
/// An SMTP server and the addresses to send to, with the password already decrypted.
/// </summary>
public sealed record SmtpTarget(
    string Host,
    int Port,
    SmtpTlsMode Tls,
    string? UserName,
    string? Password,
    string FromAddress,
    IReadOnlyList<string> Recipients);
