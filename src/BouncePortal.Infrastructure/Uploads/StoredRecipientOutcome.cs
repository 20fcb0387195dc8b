using BouncePortal.Domain.Classification;
using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The final state of one message to one recipient in an upload: the rollup the gauges count.
/// </summary>
public sealed class StoredRecipientOutcome : ITenantOwned
{
    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The upload the attempts came from.</summary>
    public Guid UploadId { get; set; }

    /// <summary>The MTA's message id.</summary>
    public string? QueueId { get; set; }

    /// <summary>The sending mailbox, lower-cased; null when the log does not name it.</summary>
    public string? Sender { get; set; }

    /// <summary>The recipient address.</summary>
    public required string Recipient { get; set; }

    /// <summary>The recipient's domain, lower-cased.</summary>
    public required string RecipientDomain { get; set; }

    /// <summary>The receiving provider.</summary>
    public ReceivingProvider Provider { get; set; }

    /// <summary>Attempts the log recorded for the pair.</summary>
    public int Attempts { get; set; }

    /// <summary>First attempt, in UTC.</summary>
    public DateTime FirstAttemptAt { get; set; }

    /// <summary>Last attempt, in UTC.</summary>
    public DateTime LastAttemptAt { get; set; }

    /// <summary>The outcome of the last attempt.</summary>
    public DeliveryOutcome FinalOutcome { get; set; }

    /// <summary>True when any attempt failed with a soft class, or the message expired.</summary>
    public bool SoftBounced { get; set; }

    /// <summary>True when the final attempt is a failure of hard class.</summary>
    public bool HardBounced { get; set; }

    /// <summary>The category of the last failure.</summary>
    public BounceCategory? FinalCategory { get; set; }

    /// <summary>Whether the recipient belongs on the suppression list.</summary>
    public bool Suppress { get; set; }

    /// <summary>Attempts that failed with a soft class.</summary>
    public int SoftFailures { get; set; }

    /// <summary>True when the message was deferred and later delivered.</summary>
    public bool ResolvedDeferral { get; set; }

    /// <summary>True when a greylisting deferral was followed by delivery.</summary>
    public bool GreylistingResolved { get; set; }

    /// <summary>True when soft failures went on past the agency's persistent soft bounce rule.</summary>
    public bool PersistentSoftBounce { get; set; }

    /// <summary>Who caused the last failure.</summary>
    public Blame? FinalBlame { get; set; }

    /// <summary>The campaign, where the input names one.</summary>
    public string? Campaign { get; set; }

    /// <summary>The sending IP address, where the input names it.</summary>
    public string? SendingIp { get; set; }

    /// <summary>
    /// The later upload whose outcome for the same message continues this deferred one and
    /// replaces it; null while no completed upload does.
    /// </summary>
    public Guid? SupersededByUploadId { get; set; }
}
