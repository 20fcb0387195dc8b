using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Infrastructure.Rollups;

/// <summary>
/// Sums recipient outcomes into hourly rollups per slice while an upload is ingested. Its size
/// follows hours times slice values, not the number of messages, except for recipient domains:
/// cold-email leads mostly sit on distinct company domains, so that slice is summed per day.
/// </summary>
/// <remarks>
/// NOTE: a list spread over very many recipient domains still makes one recipient-domain row per
/// domain and day, which can approach the number of messages.
/// </remarks>
internal sealed class RollupAccumulator
{
    private readonly Dictionary<(DateTime Hour, SliceKind Kind, string Key), Counts> counts = new();

    /// <summary>Outcomes added whose message arrived.</summary>
    public long Delivered { get; private set; }

    /// <summary>Counts <paramref name="outcome"/>, and takes back the earlier outcome it continues.</summary>
    public void Add(RecipientOutcome outcome)
    {
        Count(outcome, 1);
        Delivered += outcome.FinalOutcome == DeliveryOutcome.Delivered ? 1 : 0;
        if (outcome.ContinuedFrom is { } earlier)
        {
            // The earlier upload's rollups keep counting the deferred message, so this upload's rows
            // take it back. Deleting this upload then restores the earlier figures.
            Count(earlier, -1);
        }
    }

    private void Count(RecipientOutcome outcome, int sign)
    {
        var first = outcome.FirstAttemptAt.UtcDateTime;
        var hour = new DateTime(first.Year, first.Month, first.Day, first.Hour, 0, 0, DateTimeKind.Utc);
        var sender = outcome.Sender?.ToLowerInvariant() ?? string.Empty;
        var sendingDomain = sender.Contains('@') ? sender[(sender.LastIndexOf('@') + 1)..] : string.Empty;

        Count(hour, SliceKind.Agency, string.Empty, outcome, sign);
        Count(hour, SliceKind.Mailbox, sender, outcome, sign);
        Count(hour, SliceKind.SendingDomain, sendingDomain, outcome, sign);
        Count(hour.Date, SliceKind.RecipientDomain, outcome.RecipientDomain, outcome, sign);
        Count(hour, SliceKind.Provider, outcome.Provider.ToString(), outcome, sign);
        Count(hour, SliceKind.Campaign, outcome.Campaign?.Trim() ?? string.Empty, outcome, sign);
        Count(hour, SliceKind.SendingIp, outcome.SendingIp ?? string.Empty, outcome, sign);
    }

    public IEnumerable<BounceRollup> ToRollups(Guid tenantId, Guid uploadId) =>
        counts.Where(pair => !pair.Value.IsZero).Select(pair => new BounceRollup
        {
            TenantId = tenantId,
            UploadId = uploadId,
            HourUtc = pair.Key.Hour,
            Kind = pair.Key.Kind,
            Key = pair.Key.Key,
            Sent = pair.Value.Sent,
            SoftBounced = pair.Value.SoftBounced,
            HardBounced = pair.Value.HardBounced,
            UnresolvedSoft = pair.Value.UnresolvedSoft,
        });

    private void Count(DateTime hour, SliceKind kind, string key, RecipientOutcome outcome, int sign)
    {
        var slot = (hour, kind, key);
        if (!counts.TryGetValue(slot, out var value))
        {
            value = new Counts();
            counts[slot] = value;
        }

        value.Sent += sign;
        value.SoftBounced += outcome.SoftBounced ? sign : 0;
        value.HardBounced += outcome.HardBounced ? sign : 0;
        value.UnresolvedSoft += outcome.SoftBounced && outcome.FinalOutcome != DeliveryOutcome.Delivered && !outcome.HardBounced ? sign : 0;
    }

    private sealed class Counts
    {
        public long Sent { get; set; }

        public long SoftBounced { get; set; }

        public long HardBounced { get; set; }

        public long UnresolvedSoft { get; set; }

        /// <summary>True where a continued message's counts took back exactly what it added.</summary>
        public bool IsZero => Sent == 0 && SoftBounced == 0 && HardBounced == 0 && UnresolvedSoft == 0;
    }
}
