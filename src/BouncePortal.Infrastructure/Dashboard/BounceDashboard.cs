using BouncePortal.Domain.Analytics;
using BouncePortal.Infrastructure.Mailboxes;

namespace BouncePortal.Infrastructure.Dashboard;

/// <summary>
/// The agency's soft and hard bounce figures over its completed uploads.
/// </summary>
/// <param name="Agency">Rates over every message-recipient pair.</param>
/// <param name="Mailboxes">Rates per sending mailbox, worst soft rate first.</param>
/// <param name="From">First attempt in the data, in UTC; null when there is none.</param>
/// <param name="To">Last attempt in the data, in UTC; null when there is none.</param>
/// <param name="CompletedUploads">Uploads whose attempts count.</param>
public sealed record BounceDashboard(
    BounceRates Agency,
    IReadOnlyList<MailboxBounceRates> Mailboxes,
    DateTime? From,
    DateTime? To,
    int CompletedUploads)
{
    /// <summary>True when no completed upload has any attempt.</summary>
    public bool IsEmpty => Agency.Sent == 0;
}

/// <summary>
/// One sending mailbox's rates, with its inventory entry when staff added it.
/// </summary>
/// <param name="Mailbox">The sender address from the logs, or null when the logs do not name it.</param>
/// <param name="Rates">The mailbox's soft and hard bounce rates.</param>
/// <param name="Inventory">The inventory entry, or null when the mailbox is not in the inventory.</param>
public sealed record MailboxBounceRates(string? Mailbox, BounceRates Rates, SendingMailbox? Inventory);
