using System.Globalization;
using BouncePortal.Domain.Classification;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Suppression;

/// <summary>
/// The agency's suppression list: recipient addresses to stop sending to, built from the
/// recipient outcomes of completed uploads.
/// </summary>
public sealed class SuppressionListService(TenantDbContextFactory databases)
{
    /// <summary>Lists suppressed recipients, most recently seen first, optionally filtered by a part of the address.</summary>
    public async Task<IReadOnlyList<SuppressedRecipient>> ListAsync(Guid tenantId, string? search, CancellationToken cancellationToken)
    {
        var list = new List<SuppressedRecipient>();
        await foreach (var entry in StreamAsync(tenantId, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(search) || entry.Recipient.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                list.Add(entry);
            }
        }

        return list.OrderByDescending(e => e.LastSeen).ThenBy(e => e.Recipient, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Writes the list as CSV. Cells that a spreadsheet would run as a formula are prefixed with
    /// an apostrophe, so an address such as <c>=HYPERLINK(...)@example.com</c> stays text.
    /// </summary>
    public async Task WriteCsvAsync(Guid tenantId, TextWriter writer, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync("recipient,reason,persistent_soft_bounce,first_seen_utc,last_seen_utc,messages,last_sender");
        var entries = await ListAsync(tenantId, search: null, cancellationToken);
        foreach (var entry in entries)
        {
            await writer.WriteLineAsync(string.Join(',',
                CsvCell.Escape(entry.Recipient),
                CsvCell.Escape(entry.Reason?.ToString() ?? "Unknown"),
                entry.PersistentSoftBounce ? "true" : "false",
                entry.FirstSeen.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                entry.LastSeen.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                entry.Messages.ToString(CultureInfo.InvariantCulture),
                CsvCell.Escape(entry.LastSender ?? string.Empty)));
        }
    }

    private async IAsyncEnumerable<SuppressedRecipient> StreamAsync(
        Guid tenantId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var completed = db.Uploads.Where(u => u.Status == UploadStatus.Completed).Select(u => u.Id);
        var rows = db.RecipientOutcomes
            .AsNoTracking()
            // Uploads ingested before outcomes required a recipient may hold rows without one.
            .Where(o => o.Suppress && o.Recipient.Trim() != "" && completed.Contains(o.UploadId))
            // A later log that continued the deferred message decides instead.
            .Where(o => o.SupersededByUploadId == null || !completed.Contains(o.SupersededByUploadId.Value))
            .Select(o => new { o.Recipient, o.FinalCategory, o.PersistentSoftBounce, o.FirstAttemptAt, o.LastAttemptAt, o.Sender })
            .AsAsyncEnumerable();

        // NOTE: the fold keeps one entry per suppressed address in memory; a list of millions
        // of addresses would need the grouping done in SQL.
        var byRecipient = new Dictionary<string, SuppressedRecipient>(StringComparer.Ordinal);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var address = row.Recipient.ToLowerInvariant();
            if (!byRecipient.TryGetValue(address, out var entry))
            {
                byRecipient[address] = new SuppressedRecipient(
                    address, row.FinalCategory, row.PersistentSoftBounce, row.FirstAttemptAt, row.LastAttemptAt, 1, row.Sender);
                continue;
            }

            var newer = row.LastAttemptAt >= entry.LastSeen;
            byRecipient[address] = entry with
            {
                Reason = newer ? row.FinalCategory : entry.Reason,
                PersistentSoftBounce = newer ? row.PersistentSoftBounce : entry.PersistentSoftBounce,
                FirstSeen = row.FirstAttemptAt < entry.FirstSeen ? row.FirstAttemptAt : entry.FirstSeen,
                LastSeen = newer ? row.LastAttemptAt : entry.LastSeen,
                Messages = entry.Messages + 1,
                LastSender = newer ? row.Sender : entry.LastSender,
            };
        }

        foreach (var entry in byRecipient.Values)
        {
            yield return entry;
        }
    }
}

/// <summary>
/// One address on the suppression list.
/// </summary>
/// <param name="Recipient">The address, lower-cased.</param>
/// <param name="Reason">The category of its latest suppressing failure.</param>
/// <param name="PersistentSoftBounce">True when the address is suppressed because soft bounces went on too long.</param>
/// <param name="FirstSeen">First failure seen, in UTC.</param>
/// <param name="LastSeen">Last failure seen, in UTC.</param>
/// <param name="Messages">Messages to the address that ended suppressed.</param>
/// <param name="LastSender">The sending mailbox of the latest such message.</param>
public sealed record SuppressedRecipient(
    string Recipient,
    BounceCategory? Reason,
    bool PersistentSoftBounce,
    DateTime FirstSeen,
    DateTime LastSeen,
    int Messages,
    string? LastSender);
