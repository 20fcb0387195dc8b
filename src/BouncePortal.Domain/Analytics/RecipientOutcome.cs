using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Analytics;

/// <summary>
/// The final state of one message to one recipient, folded from all of its delivery attempts.
/// </summary>
/// <param name="QueueId">The MTA's message id, or null when the log has none.</param>
/// <param name="Sender">The sending mailbox, or null when the log does not name it.</param>
/// <param name="Recipient">The recipient address.</param>
/// <param name="RecipientDomain">The recipient's domain.</param>
/// <param name="Provider">The receiving provider of the last attempt.</param>
/// <param name="Attempts">How many attempts the log recorded; retries are <c>Attempts - 1</c>.</param>
/// <param name="FirstAttemptAt">Time of the first attempt.</param>
/// <param name="LastAttemptAt">Time of the last attempt.</param>
/// <param name="FinalOutcome">The outcome of the last attempt.</param>
/// <param name="SoftBounced">True when any attempt failed with a soft class, or the message expired.</param>
/// <param name="HardBounced">True when the final attempt is a failure of hard class.</param>
/// <param name="FinalCategory">The category of the last failure, or null when none failed.</param>
/// <param name="Suppress">True when the recipient belongs on the suppression list.</param>
/// <param name="SoftFailures">Attempts that failed with a soft class.</param>
/// <param name="ResolvedDeferral">True when the message was deferred and later delivered.</param>
/// <param name="GreylistingResolved">True when a greylisting deferral was followed by delivery.</param>
/// <param name="PersistentSoftBounce">True when soft failures went on past the persistent soft bounce rule.</param>
/// <param name="FinalBlame">Who caused the last failure, or null when none failed.</param>
/// <param name="Campaign">The campaign, where the input names one.</param>
/// <param name="SendingIp">The sending IP address, where the input names it.</param>
public sealed record RecipientOutcome(
    string? QueueId,
    string? Sender,
    string Recipient,
    string RecipientDomain,
    ReceivingProvider Provider,
    int Attempts,
    DateTimeOffset FirstAttemptAt,
    DateTimeOffset LastAttemptAt,
    DeliveryOutcome FinalOutcome,
    bool SoftBounced,
    bool HardBounced,
    BounceCategory? FinalCategory,
    bool Suppress,
    int SoftFailures = 0,
    bool ResolvedDeferral = false,
    bool GreylistingResolved = false,
    bool PersistentSoftBounce = false,
    Blame? FinalBlame = null,
    string? Campaign = null,
    string? SendingIp = null)
{
    /// <summary>
    /// The outcome an earlier upload stored for the same message while it was still deferred, when
    /// this outcome continues it: its attempts are counted in this one, which replaces it.
    /// </summary>
    public RecipientOutcome? ContinuedFrom { get; init; }
}
