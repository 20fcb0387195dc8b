using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Signs webhook bodies. The signed payload is the Unix timestamp in seconds (the
/// <see cref="TimestampHeader"/> value), a full stop, then the raw body bytes; the signature is
/// <c>sha256=</c> followed by the lower-case hex HMAC-SHA256 of that payload, keyed with the
/// UTF-8 bytes of the whole secret (including its <c>whsec_</c> prefix).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string SignatureHeader = "X-BouncePortal-Signature";

    /// <summary>The header that carries the signing time, in Unix seconds.</summary>
    public const string TimestampHeader = "X-BouncePortal-Timestamp";

    /// <summary>Computes the signature header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var payload = new byte[prefix.Length + body.Length];
        prefix.CopyTo(payload, 0);
        body.CopyTo(payload.AsSpan(prefix.Length));

        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload);
        return "sha256=" + Convert.ToHexStringLower(hash);
    }
}
