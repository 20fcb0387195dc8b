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

    public void Add(RecipientOutcome outcome)
    {
        var first = outcome.FirstAttemptAt.UtcDateTime;
        var hour = new DateTime(first.Year, first.Month, first.Day, first.Hour, 0, 0, DateTimeKind.Utc);
        var sender = outcome.Sender?.ToLowerInvariant() ?? string.Empty;
        var sendingDomain = sender.Contains('@') ? sender[(sender.LastIndexOf('@') + 1)..] : string.Empty;

        Count(hour, SliceKind.Agency, string.Empty, outcome);
        Count(hour, SliceKind.Mailbox, sender, outcome);
        Count(hour, SliceKind.SendingDomain, sendingDomain, outcome);
        Count(hour.Date, SliceKind.RecipientDomain, outcome.RecipientDomain, outcome);
        Count(hour, SliceKind.Provider, outcome.Provider.ToString(), outcome);
        Count(hour, SliceKind.Campaign, outcome.Campaign?.Trim() ?? string.Empty, outcome);
        Count(hour, SliceKind.SendingIp, outcome.SendingIp ?? string.Empty, outcome);
    }

    public IEnumerable<BounceRollup> ToRollups(Guid tenantId, Guid uploadId) =>
        counts.Select(pair => new BounceRollup
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

    private void Count(DateTime hour, SliceKind kind, string key, RecipientOutcome outcome)
    {
        var slot = (hour, kind, key);
        if (!counts.TryGetValue(slot, out var value))
        {
            value = new Counts();
            counts[slot] = value;
        }

        value.Sent++;
        value.SoftBounced += outcome.SoftBounced ? 1 : 0;
        value.HardBounced += outcome.HardBounced ? 1 : 0;
        value.UnresolvedSoft += outcome.SoftBounced && outcome.FinalOutcome != DeliveryOutcome.Delivered && !outcome.HardBounced ? 1 : 0;
    }

    private sealed class Counts
    {
        public long Sent { get; set; }

        public long SoftBounced { get; set; }

        public long HardBounced { get; set; }

        public long UnresolvedSoft { get; set; }
    }
}
