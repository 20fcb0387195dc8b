using BouncePortal.Domain.Analytics;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Rollups;

namespace BouncePortal.Infrastructure.Dashboard;

/// <summary>
/// The agency's soft and hard bounce figures over its completed uploads within a time window.
/// </summary>
/// <param name="Agency">Rates over every message-recipient pair.</param>
/// <param name="UnresolvedSoft">Pairs whose soft bounce was not resolved by a later delivery.</param>
/// <param name="Mailboxes">Rates per sending mailbox, worst soft rate first.</param>
/// <param name="Slices">Rates per sending domain, recipient domain, provider, campaign and sending IP, worst first.</param>
/// <param name="Clients">Rates per client (a group of mailboxes in the inventory), worst first.</param>
/// <param name="Trend">Daily totals of the agency in its time zone, oldest first.</param>
/// <param name="From">Start of the first hour in the data, in UTC; null when there is none.</param>
/// <param name="To">End of the last hour in the data, in UTC; null when there is none.</param>
/// <param name="CompletedUploads">
/// Completed uploads whose attempts count, in any window. An upload of bare SMTP replies names no
/// recipient, so it adds no figures and is left out.
/// </param>
/// <param name="TimeZone">The agency's time zone, which the trend's days and the window follow.</param>
/// <param name="CompletedUploadsWithoutRecipients">Completed uploads left out of <paramref name="CompletedUploads"/>: SMTP replies and bounce emails.</param>
public sealed record BounceDashboard(
    BounceRates Agency,
    long UnresolvedSoft,
    IReadOnlyList<MailboxBounceRates> Mailboxes,
    IReadOnlyDictionary<SliceKind, IReadOnlyList<SliceRates>> Slices,
    IReadOnlyList<SliceRates> Clients,
    IReadOnlyList<DailyRates> Trend,
    DateTime? From,
    DateTime? To,
    int CompletedUploads,
    TimeZoneInfo TimeZone,
    int CompletedUploadsWithoutRecipients = 0)
{
    /// <summary>True when no completed upload has any attempt in the window.</summary>
    public bool IsEmpty => Agency.Sent == 0;

    /// <summary>Unresolved soft-bounced pairs as a percentage of sent pairs, two decimals.</summary>
    public double UnresolvedSoftRate => Agency.Sent == 0 ? 0 : Math.Round(100.0 * UnresolvedSoft / Agency.Sent, 2);
}

/// <summary>
/// One sending mailbox's rates, with its inventory entry when staff added it.
/// </summary>
/// <param name="Mailbox">The sender address from the logs, or null when the logs do not name it.</param>
/// <param name="Rates">The mailbox's soft and hard bounce rates.</param>
/// <param name="Inventory">The inventory entry, or null when the mailbox is not in the inventory.</param>
public sealed record MailboxBounceRates(string? Mailbox, BounceRates Rates, SendingMailbox? Inventory);

/// <summary>
/// One value of a slice (a recipient domain, a provider, ...) with its rates.
/// </summary>
/// <param name="Key">The value; empty when the input does not name it.</param>
/// <param name="Rates">Its soft and hard bounce rates.</param>
public sealed record SliceRates(string Key, BounceRates Rates);

/// <summary>
/// One slice value's figures within a dashboard window, such as those of one sending mailbox.
/// </summary>
/// <param name="Rates">Its soft and hard bounce rates within the window.</param>
/// <param name="UnresolvedSoft">Pairs within the window whose soft bounce was not resolved by a later delivery.</param>
/// <param name="From">Start of the first hour with data in the window, in UTC; null when there is none.</param>
/// <param name="To">End of the last hour with data in the window, in UTC; null when there is none.</param>
/// <param name="SentInAllData">Pairs sent in all data, whatever the window; 0 when the value has no counted attempts yet.</param>
/// <param name="TimeZone">The agency's time zone, which custom windows follow.</param>
public sealed record SliceTotals(
    BounceRates Rates,
    long UnresolvedSoft,
    DateTime? From,
    DateTime? To,
    long SentInAllData,
    TimeZoneInfo TimeZone)
{
    /// <summary>Unresolved soft-bounced pairs as a percentage of sent pairs, two decimals.</summary>
    public double UnresolvedSoftRate => Rates.Sent == 0 ? 0 : Math.Round(100.0 * UnresolvedSoft / Rates.Sent, 2);
}

/// <summary>
/// The agency's totals of one day.
/// </summary>
/// <param name="Day">The day in the agency's time zone.</param>
/// <param name="Rates">Its soft and hard bounce rates.</param>
public sealed record DailyRates(DateOnly Day, BounceRates Rates);

/// <summary>
/// The time window of a dashboard, in UTC; a null bound is open.
/// </summary>
/// <param name="FromUtc">Inclusive start.</param>
/// <param name="ToUtc">Exclusive end.</param>
public sealed record DashboardWindow(DateTime? FromUtc, DateTime? ToUtc)
{
    /// <summary>All data.</summary>
    public static DashboardWindow All { get; } = new(null, null);
}
