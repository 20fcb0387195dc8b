using BouncePortal.Domain.Parsing.Email;
using BouncePortal.Domain.Parsing.Esp;
using BouncePortal.Domain.Parsing.Mta;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Reasons under which <see cref="ParseReport"/> counts lines that produced no attempt.
/// </summary>
public static class SkipReasons
{
    /// <summary>An empty or blank line.</summary>
    public const string EmptyLine = "empty line";

    /// <summary>A line without a syslog prefix from a postfix program.</summary>
    public const string NotPostfix = "not a Postfix line";

    /// <summary>A Postfix line that records no delivery verdict (connections, cleanup, warnings).</summary>
    public const string NoDeliveryStatus = "Postfix line without a delivery status";

    /// <summary>A failure logged before Postfix tries the next MX host. Its delivery line follows.</summary>
    public const string IntermediateReply = "intermediate reply (host ... said) without status";

    /// <summary>A qmgr line naming the sender of a queued message.</summary>
    public const string SenderLine = "sender line (qmgr from=)";

    /// <summary>A qmgr line saying a message left the queue.</summary>
    public const string Removed = "message removed from the queue";

    /// <summary>The result of an address verification probe, which delivers nothing.</summary>
    public const string AddressVerification = "address verification result (status=deliverable or undeliverable)";

    /// <summary>A delivery line with a status other than sent, deferred, bounced or expired.</summary>
    public const string UnknownStatus = "delivery line with an unknown status";

    /// <summary>A qmgr expired line for a message without a recipient still deferred in this log.</summary>
    public const string ExpiredWithoutDeferral = "expired message without a deferred recipient in the log";

    /// <summary>
    /// A line that continues a quoted field of the record that starts on an earlier line, counted
    /// with that record.
    /// </summary>
    public const string ContinuationLine = "line continuing a quoted field of the record above";

    /// <summary>
    /// The reasons, across all formats, for items that the parsers leave out by design. They are
    /// blank lines, sender and queue lines, header rows, engagement events, messages an ESP did not
    /// send after an opt-out, reports received after delivery, zip folders and archiver metadata.
    /// </summary>
    private static readonly HashSet<string> RoutineReasons = new(StringComparer.Ordinal)
    {
        EmptyLine,
        ContinuationLine,
        NoDeliveryStatus,
        IntermediateReply,
        SenderLine,
        Removed,
        AddressVerification,
        MtaSkipReasons.EximNoDelivery,
        MtaSkipReasons.EximArrival,
        MtaSkipReasons.EximCompleted,
        MtaSkipReasons.EximOtherFlag,
        MtaSkipReasons.EximRetryTimeNotReached,
        MtaSkipReasons.SendmailNoQueueId,
        MtaSkipReasons.SendmailSender,
        MtaSkipReasons.SendmailNoStatus,
        MtaSkipReasons.SendmailReply,
        MtaSkipReasons.SendmailQueued,
        MtaSkipReasons.HeaderRow,
        MtaSkipReasons.PowerMtaTransientQueue,
        MtaSkipReasons.PowerMtaFeedback,
        MtaSkipReasons.PowerMtaRemoteStatus,
        MtaSkipReasons.KumoReception,
        MtaSkipReasons.KumoFeedback,
        MtaSkipReasons.KumoOutOfBand,
        MtaSkipReasons.KumoOtherType,
        MtaSkipReasons.ExchangeComment,
        MtaSkipReasons.ExchangeFields,
        MtaSkipReasons.ExchangeOtherEvent,
        EspSkipReasons.NotADeliveryEvent,
        EspSkipReasons.NotAFailure,
        EspSkipReasons.DroppedNotSent,
        Replies.ReplyLinesParser.PunctuationLine,
        EmailSkipReasons.Folder,
        EmailSkipReasons.ArchiverMetadata,
        SequencerCsvParser.OtherStatus,
    };

    /// <summary>
    /// Returns whether <paramref name="reason"/> counts items that are left out by design, so that
    /// skipping them needs no action. It returns false for every other reason, including unknown
    /// ones, because those items may have contained a delivery result that could not be read.
    /// </summary>
    public static bool IsRoutine(string reason) => RoutineReasons.Contains(reason);

    /// <summary>
    /// Returns whether <paramref name="reason"/> counts zip entries that were not read as emails, such as
    /// folders and notes. Such entries are skipped without counting in <see cref="ParseReport.LinesRead"/>.
    /// </summary>
    public static bool IsArchiveEntry(string reason) => reason is
        EmailSkipReasons.Folder or EmailSkipReasons.ArchiverMetadata or EmailSkipReasons.NotAnEmail or EmailSkipReasons.NestedArchive;
}
