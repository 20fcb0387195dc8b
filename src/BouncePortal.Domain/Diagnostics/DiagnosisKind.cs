namespace BouncePortal.Domain.Diagnostics;

/// <summary>
/// The cause a diagnosis names.
/// </summary>
public enum DiagnosisKind
{
    /// <summary>One mailbox sent more messages a minute to one free-mail domain than the receiver tolerates.</summary>
    ReceiverRateExceeded,

    /// <summary>One sending IP sent more messages in an hour than a shared IP should.</summary>
    SendingIpRateExceeded,

    /// <summary>Gmail or Microsoft replied with their rate-limit or reputation throttling codes.</summary>
    ProviderThrottling,

    /// <summary>A mailbox still inside its ramp period sent more messages a day than a new mailbox should.</summary>
    YoungMailboxOverVolume,

    /// <summary>Greylisting deferrals that a retry resolved within 30 minutes, which are not failures.</summary>
    GreylistingResolved,

    /// <summary>Greylisted messages retried too soon and given up before the receiver's release window.</summary>
    GreylistingRetriesTooShort,

    /// <summary>The same recipient greylists every message it is sent.</summary>
    RecipientGreylistsEverySend,

    /// <summary>Most mailboxes sending to one provider hit reputation soft bounces: the shared IP is contaminated.</summary>
    SharedIpContamination,

    /// <summary>Soft bounces cluster on a few recipient domains that take a small share of the volume.</summary>
    SoftBouncesClusterOnDomains,

    /// <summary>Recipient addresses that bounced more than twice.</summary>
    RepeatedlyBouncingAddresses,

    /// <summary>The soft bounce rate spikes at 2-4 AM recipient local time.</summary>
    OffHoursSoftBounceSpike,

    /// <summary>Soft bounces that name the message content.</summary>
    ContentWarnings,

    /// <summary>Soft bounces began within 48 hours of a mailbox's volume increase.</summary>
    SoftBouncesAfterVolumeIncrease,

    /// <summary>A recipient mailbox stayed full for more than 72 hours.</summary>
    MailboxFullTooLong,

    /// <summary>A recipient domain keeps failing with local processing errors (4.3.0).</summary>
    RecipientDomainFailing,

    /// <summary>A rise in soft bounces followed days later by a rise in hard bounces: active reputation decay.</summary>
    SoftToHardConversion,

    /// <summary>
    /// Receivers rejected many of one sender's messages for blocklisting, sender reputation or
    /// failed authentication. The sender is a mailbox, or a sending IP where the log names no mailbox.
    /// </summary>
    SenderBlocked,
}
