namespace BouncePortal.Domain.Classification;

/// <summary>
/// SMTP command the reply answered. A RCPT-stage 5.1.x points at the recipient,
/// a greeting or MAIL-stage 4.7/5.7 at the sender's reputation, an end-of-DATA 5.7.x at content
/// or authentication.
/// </summary>
public enum SmtpStage
{
    /// <summary>The stage is not known.</summary>
    Unknown,

    /// <summary>Connection set-up, before any reply.</summary>
    Connect,

    /// <summary>The server's greeting banner.</summary>
    Greeting,

    /// <summary>EHLO or HELO.</summary>
    Helo,

    /// <summary>STARTTLS.</summary>
    StartTls,

    /// <summary>MAIL FROM.</summary>
    MailFrom,

    /// <summary>RCPT TO.</summary>
    RcptTo,

    /// <summary>DATA and end of data.</summary>
    Data,
}
