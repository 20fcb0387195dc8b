namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Reasons under which the Exim, Sendmail, PowerMTA, KumoMTA and Exchange parsers count lines
/// or records that produced no attempt. <see cref="SkipReasons.EmptyLine"/> covers blank lines.
/// </summary>
public static class MtaSkipReasons
{
    /// <summary>A line before the format's first recognised line, or one in no known shape.</summary>
    public const string NotThisFormat = "line not in the expected format";

    /// <summary>An Exim line without a message id and flag (connections, rejects, queue runs).</summary>
    public const string EximNoDelivery = "Exim line without a delivery flag";

    /// <summary>An Exim arrival line (<c>&lt;=</c>), which names the sender.</summary>
    public const string EximArrival = "arrival line (<=), gives the sender";

    /// <summary>An Exim <c>Completed</c> line, after which the message's state is freed.</summary>
    public const string EximCompleted = "message completed";

    /// <summary>An Exim line with a flag that records no delivery attempt (<c>*&gt;</c>, <c>(=</c>) or no flag.</summary>
    public const string EximOtherFlag = "Exim line with a flag other than =>, ->, >>, ** or ==";

    /// <summary>An Exim deferral written when a queue run skipped the address without trying it.</summary>
    public const string EximRetryTimeNotReached = "deferral without an attempt (retry time not reached)";

    /// <summary>A Sendmail line without a queue id (daemon start, connection notes).</summary>
    public const string SendmailNoQueueId = "Sendmail line without a queue id";

    /// <summary>A Sendmail <c>from=</c> line, which names the sender.</summary>
    public const string SendmailSender = "sender line (from=)";

    /// <summary>
    /// A Sendmail line with the remote server's full reply to one recipient
    /// (<c>&lt;RCPT&gt;... 554 5.7.1 ...</c>), which the recipient's next <c>to=</c> line takes as its reply.
    /// </summary>
    public const string SendmailReply = "reply line (<recipient>... CODE), read with its to= line";

    /// <summary>A Sendmail line for a queued message that records no delivery verdict.</summary>
    public const string SendmailNoStatus = "Sendmail line without a delivery status";

    /// <summary>A Sendmail <c>stat=queued</c> line: the message waits in the queue and was not tried yet.</summary>
    public const string SendmailQueued = "message queued, not tried yet (stat=queued)";

    /// <summary>The header row of a CSV file, or a repeated one.</summary>
    public const string HeaderRow = "header row";

    /// <summary>A PowerMTA record of the transient-queue type (<c>tq</c>), a queue-level note rather than an attempt.</summary>
    public const string PowerMtaTransientQueue = "PowerMTA transient-queue record (tq)";

    /// <summary>A PowerMTA feedback-loop complaint record (<c>f</c>).</summary>
    public const string PowerMtaFeedback = "PowerMTA feedback-loop record (f)";

    /// <summary>A PowerMTA record for a DSN received after delivery (<c>rb</c>, <c>rs</c>).</summary>
    public const string PowerMtaRemoteStatus = "PowerMTA remote bounce or status record (rb, rs)";

    /// <summary>A PowerMTA record with a type other than d, b, t, tq, f, rb or rs.</summary>
    public const string PowerMtaUnknownType = "PowerMTA record with an unknown type";

    /// <summary>A KumoMTA reception record, which logs a message arriving.</summary>
    public const string KumoReception = "KumoMTA Reception record";

    /// <summary>A KumoMTA feedback report record (ARF complaint).</summary>
    public const string KumoFeedback = "KumoMTA Feedback record";

    /// <summary>A KumoMTA out-of-band bounce record, a DSN received after delivery.</summary>
    public const string KumoOutOfBand = "KumoMTA OOB record";

    /// <summary>A KumoMTA record of another type, such as Rejection (inbound) or Delay.</summary>
    public const string KumoOtherType = "KumoMTA record of another type (Rejection, Delay, ...)";

    /// <summary>An Exchange comment line (<c>#Software:</c>, <c>#Date:</c>, ...).</summary>
    public const string ExchangeComment = "comment line (#)";

    /// <summary>An Exchange <c>#Fields:</c> header line.</summary>
    public const string ExchangeFields = "#Fields: header line";

    /// <summary>An Exchange event that is no delivery attempt (RECEIVE, SUBMIT, AGENTINFO, DSN, ...).</summary>
    public const string ExchangeOtherEvent = "Exchange event other than SEND, DELIVER, DEFER or FAIL";

    /// <summary>A record whose time field is not a valid timestamp.</summary>
    public const string InvalidTimestamp = "record with an invalid timestamp";

    /// <summary>A record of a delivery event without a recipient address.</summary>
    public const string NoRecipient = "delivery record without a recipient";
}
