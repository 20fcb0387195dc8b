namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// The kinds of bounce source BouncePortal reads.
/// </summary>
public enum InputFormat
{
    /// <summary>Postfix maillog (syslog or RFC 3339 timestamps).</summary>
    Postfix,

    /// <summary>Exim mainlog.</summary>
    Exim,

    /// <summary>Sendmail syslog lines.</summary>
    Sendmail,

    /// <summary>PowerMTA accounting CSV, mapped by its header row.</summary>
    PowerMta,

    /// <summary>KumoMTA JSON lines log records.</summary>
    KumoMta,

    /// <summary>Microsoft Exchange message tracking log, mapped by its <c>#Fields:</c> line.</summary>
    ExchangeTracking,

    /// <summary>Bounce emails: a single .eml, an mbox file, or a .zip of them.</summary>
    BounceEmail,

    /// <summary>A sequencer CSV export (Smartlead, Instantly, lemlist presets, or a confirmed column mapping).</summary>
    SequencerCsv,

    /// <summary>SendGrid event webhook JSON.</summary>
    SendGrid,

    /// <summary>Mailgun events JSON.</summary>
    Mailgun,

    /// <summary>Amazon SES bounce and delivery-delay notifications.</summary>
    AmazonSes,

    /// <summary>Postmark bounce webhooks.</summary>
    Postmark,

    /// <summary>Plain SMTP replies, one per line.</summary>
    Replies,
}
