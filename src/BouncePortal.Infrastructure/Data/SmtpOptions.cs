namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Settings under <c>BouncePortal:Smtp</c>: the mail server that sends account emails
/// (email confirmation, password reset).
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name. Empty (the default) writes emails to the log instead of sending them.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port. Default 587 (submission with STARTTLS).</summary>
    public int Port { get; set; } = 587;

    /// <summary>
    /// How the connection is encrypted: <c>StartTls</c> (default), <c>SslOnConnect</c> (port 465) or
    /// <c>None</c> (a relay on the same host only).
    /// </summary>
    public SmtpTls Tls { get; set; } = SmtpTls.StartTls;

    /// <summary>The user name to authenticate with. Empty sends without authentication.</summary>
    public string? User { get; set; }

    /// <summary>The password of <see cref="User"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address, such as portal@agency.example.</summary>
    public string From { get; set; } = "no-reply@localhost";

    /// <summary>The sender's display name.</summary>
    public string FromName { get; set; } = "BouncePortal";

    /// <summary>True when a host is set, so emails are sent and sign-up requires a confirmed address.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// How the connection to the SMTP server is encrypted.
/// </summary>
public enum SmtpTls
{
    /// <summary>Upgrade a plain connection with STARTTLS, and fail when the server does not offer it.</summary>
    StartTls,

    /// <summary>Encrypt from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>No encryption, for a relay on the same machine only.</summary>
    None,
}
