using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Protects the SMTP password and the webhook secret with ASP.NET Core Data Protection. The
/// protector's purpose includes the agency id, so a value copied to another agency's row cannot be read.
/// </summary>
public sealed class NotificationSecrets(IDataProtectionProvider protection)
{
    private const string Purpose = "BouncePortal.Notifications.Secrets";

    /// <summary>Protects <paramref name="secret"/> for <paramref name="tenantId"/>.</summary>
    public string Protect(Guid tenantId, string secret) => ProtectorFor(tenantId).Protect(secret);

    /// <summary>
    /// Reads a protected value back. Throws <see cref="NotificationSecretException"/> when the key
    /// ring no longer contains the key that protected it.
    /// </summary>
    public string Unprotect(Guid tenantId, string protectedSecret, string what)
    {
        try
        {
            return ProtectorFor(tenantId).Unprotect(protectedSecret);
        }
        catch (CryptographicException exception)
        {
            throw new NotificationSecretException(
                $"The stored {what} cannot be read because the portal's data protection keys changed. Enter it again under Settings, Notifications.",
                exception);
        }
    }

    /// <summary>Generates a new webhook secret: 32 random bytes as lower-case hex with a "whsec_" prefix.</summary>
    public static string NewWebhookSecret() =>
        "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private IDataProtector ProtectorFor(Guid tenantId) =>
        protection.CreateProtector(Purpose, tenantId.ToString("D", CultureInfo.InvariantCulture));
}

/// <summary>
/// Raised when a stored secret cannot be decrypted. Its message asks the admin to enter the secret again.
/// </summary>
public sealed class NotificationSecretException(string message, Exception inner) : Exception(message, inner);
