using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// One delivery attempt to one recipient as a log records it, before classification.
/// </summary>
/// <param name="Source">The name of the file the attempt came from.</param>
/// <param name="Line">The 1-based line number that recorded the attempt's verdict.</param>
/// <param name="Timestamp">When the attempt was logged.</param>
/// <param name="QueueId">The MTA's message id (Postfix queue id), or null when the log has none.</param>
/// <param name="Sender">The sending mailbox address, or null when the log does not name it.</param>
/// <param name="Recipient">The recipient address.</param>
/// <param name="LogOutcome">The log's verdict.</param>
/// <param name="Reply">The remote reply or local failure text; null for none.</param>
/// <param name="LogEnhancedCode">The enhanced code the MTA logged itself (Postfix <c>dsn=</c>).</param>
/// <param name="RemoteHost">The receiving MX host name, or null.</param>
/// <param name="RemoteIp">The receiving MX IP address, or null.</param>
/// <param name="Stage">The SMTP command the reply answered.</param>
/// <param name="Campaign">The campaign the message belongs to, where the input names one.</param>
/// <param name="SendingIp">The sending server's IP address, where the input names it.</param>
/// <param name="SourceVerdict">
/// The source's own classification as extra evidence, never as truth, such as
/// <c>bounceCat=bad-mailbox</c> (PowerMTA) or <c>type=blocked</c> (SendGrid).
/// </param>
/// <param name="MessageRecipients">
/// How many recipients the message was addressed to, where the input records it (Postfix <c>nrcpt=</c>,
/// the returned message's To and Cc); null when unknown.
/// </param>
/// <param name="OutcomeFromReply">
/// True when the input records no verdict, so <paramref name="LogOutcome"/> was inferred from the
/// reply's codes (a list of bare SMTP replies).
/// </param>
/// <param name="FirstAttemptAt">
/// When the source reports that the message's first delivery attempt was made, for a final failure
/// that ended a series of retries: a bounce email's <c>Arrival-Date</c> for a recipient with
/// <c>Action: failed</c> and a temporary (4xx, 4.x.x) result, or the sending time of an Amazon SES
/// <c>Transient</c> bounce. Null when the source reports no retries.
/// </param>
/// <param name="SourceMessageId">
/// The Message-ID of the bounce email the attempt was read from. It identifies the same email in
/// another upload or container. Null for other sources and for an email without one.
/// </param>
/// <param name="SourceClass">
/// The class the source states for a failure, such as Soft for an Amazon SES <c>Transient</c> bounce
/// or a Postmark <c>SoftBounce</c>. It decides the class only when the reply and the log carry no
/// SMTP code. Null when the source states none.
/// </param>
public sealed record DeliveryAttempt(
    string Source,
    long Line,
    DateTimeOffset Timestamp,
    string? QueueId,
    string? Sender,
    string Recipient,
    DeliveryOutcome LogOutcome,
    string? Reply,
    string? LogEnhancedCode,
    string? RemoteHost,
    string? RemoteIp,
    SmtpStage Stage,
    string? Campaign = null,
    string? SendingIp = null,
    string? SourceVerdict = null,
    int? MessageRecipients = null,
    bool OutcomeFromReply = false,
    DateTimeOffset? FirstAttemptAt = null,
    string? SourceMessageId = null,
    BounceClass? SourceClass = null)
{
    /// <summary>
    /// False when the input names no recipient, as for a bare SMTP reply. Such an attempt is
    /// stored and listed but counts toward no outcome, rate, rollup, suppression or diagnosis.
    /// </summary>
    public bool HasRecipient => !string.IsNullOrWhiteSpace(Recipient);

    /// <summary>
    /// The time from <see cref="FirstAttemptAt"/> to <see cref="Timestamp"/> over which the source
    /// reports that delivery was retried, or null when it reports no retries.
    /// </summary>
    public TimeSpan? RetrySpan => FirstAttemptAt is { } first ? Timestamp - first : null;

    /// <summary>The part of the recipient address after the last @, lower-cased; empty when there is none.</summary>
    public string RecipientDomain
    {
        get
        {
            var at = Recipient.LastIndexOf('@');
            return at < 0 ? string.Empty : Recipient[(at + 1)..].ToLowerInvariant();
        }
    }
}
