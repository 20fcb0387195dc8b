using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Rollups;

/// <summary>
/// Message-recipient pair counts of one upload for one hour and one slice: the table every gauge
/// and chart reads, so dashboards never scan the attempts.
/// </summary>
public sealed class BounceRollup : ITenantOwned
{
    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The upload the counts come from; they count only while it is completed.</summary>
    public Guid UploadId { get; set; }

    /// <summary>The hour (UTC) of the pairs' first attempt; the day (midnight UTC) for the recipient-domain slice.</summary>
    public DateTime HourUtc { get; set; }

    /// <summary>What the slice groups by.</summary>
    public SliceKind Kind { get; set; }

    /// <summary>The slice's value, lower-cased; empty for the agency slice or when the input does not name it.</summary>
    public required string Key { get; set; }

    /// <summary>Message-recipient pairs sent.</summary>
    public long Sent { get; set; }

    /// <summary>Pairs with a soft failure or an expiry.</summary>
    public long SoftBounced { get; set; }

    /// <summary>Pairs whose final failure is hard.</summary>
    public long HardBounced { get; set; }

    /// <summary>Pairs still failing at the end of their attempts with a soft bounce (not resolved by a later delivery).</summary>
    public long UnresolvedSoft { get; set; }
}

/// <summary>
/// The ways the dashboard slices bounce rates.
/// </summary>
public enum SliceKind
{
    /// <summary>The whole agency.</summary>
    Agency,

    /// <summary>Per sending mailbox.</summary>
    Mailbox,

    /// <summary>Per sending domain.</summary>
    SendingDomain,

    /// <summary>Per recipient domain.</summary>
    RecipientDomain,

    /// <summary>Per receiving provider.</summary>
    Provider,

    /// <summary>Per campaign, where the input names one.</summary>
    Campaign,

    /// <summary>Per sending IP address, where the input names one.</summary>
    SendingIp,
}
