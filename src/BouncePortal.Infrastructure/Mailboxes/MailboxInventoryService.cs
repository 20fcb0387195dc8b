using System.Globalization;
using BouncePortal.Domain.Presentation;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Mailboxes;

/// <summary>
/// Reads and changes an agency's sending mailbox inventory, recording every change in the audit log.
/// </summary>
public sealed class MailboxInventoryService(TenantDbContextFactory databases, IAuditLog audit, TimeProvider time)
{
    /// <summary>Lists the inventory, archived mailboxes only when asked.</summary>
    public async Task<IReadOnlyList<SendingMailbox>> ListAsync(Guid tenantId, bool includeArchived, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        return await db.SendingMailboxes
            .AsNoTracking()
            .Where(m => includeArchived || m.ArchivedAt == null)
            .OrderBy(m => m.Address)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Loads one of the agency's mailboxes, archived or not; null when it is not the agency's.</summary>
    public async Task<SendingMailbox?> GetAsync(Guid tenantId, Guid mailboxId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        return await db.SendingMailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mailboxId, cancellationToken);
    }

    /// <summary>
    /// Lists sender addresses seen in completed uploads that are not in the inventory,
    /// with how many message-recipient pairs each sent.
    /// </summary>
    public async Task<IReadOnlyList<DiscoveredMailbox>> ListDiscoveredAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var completed = db.Uploads.Where(u => u.Status == UploadStatus.Completed).Select(u => u.Id);
        var senders = await db.Rollups
            .Where(r => r.Kind == SliceKind.Mailbox && r.Key != string.Empty && completed.Contains(r.UploadId))
            .GroupBy(r => r.Key)
            .Select(g => new DiscoveredMailbox(g.Key, g.Sum(r => r.Sent), g.Min(r => r.HourUtc)))
            .ToListAsync(cancellationToken);

        // An agency has tens or hundreds of mailboxes, so the inventory is compared in memory.
        var known = (await db.SendingMailboxes.Select(m => m.Address).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return senders
            .Where(sender => !known.Contains(sender.Address))
            .OrderByDescending(sender => sender.Sent)
            .ThenBy(sender => sender.Address, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Adds a mailbox or returns the validation problem.</summary>
    public async Task<MailboxSaveResult> AddAsync(Guid tenantId, MailboxDraft draft, CancellationToken cancellationToken)
    {
        if (draft.Validate() is { } problem)
        {
            return MailboxSaveResult.Invalid(problem);
        }

        await using var db = databases.CreateForTenant(tenantId);
        var address = draft.NormalizedAddress;
        if (await db.SendingMailboxes.AnyAsync(m => m.Address == address, cancellationToken))
        {
            return MailboxSaveResult.Invalid($"{address} is already in the inventory.");
        }

        var mailbox = new SendingMailbox { Id = Guid.NewGuid(), Address = address, SendingDomain = draft.NormalizedDomain };
        draft.ApplyTo(mailbox);
        db.SendingMailboxes.Add(mailbox);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(
            new AuditRecord(tenantId, AuditActions.MailboxAdded, $"Added sending mailbox {mailbox.Address} ({Summary(mailbox)})"), cancellationToken);
        return MailboxSaveResult.Saved(mailbox);
    }

    /// <summary>Updates a mailbox; not-found when it is not this agency's.</summary>
    public async Task<MailboxSaveResult> UpdateAsync(Guid tenantId, Guid mailboxId, MailboxDraft draft, CancellationToken cancellationToken)
    {
        if (draft.Validate() is { } problem)
        {
            return MailboxSaveResult.Invalid(problem);
        }

        await using var db = databases.CreateForTenant(tenantId);
        var mailbox = await db.SendingMailboxes.SingleOrDefaultAsync(m => m.Id == mailboxId, cancellationToken);
        if (mailbox is null)
        {
            return MailboxSaveResult.NotFound();
        }

        var address = draft.NormalizedAddress;
        if (await db.SendingMailboxes.AnyAsync(m => m.Address == address && m.Id != mailboxId, cancellationToken))
        {
            return MailboxSaveResult.Invalid($"{address} is already in the inventory.");
        }

        var before = MailboxDraft.From(mailbox);
        mailbox.Address = address;
        mailbox.SendingDomain = draft.NormalizedDomain;
        draft.ApplyTo(mailbox);
        await db.SaveChangesAsync(cancellationToken);

        var changes = Changes(before, MailboxDraft.From(mailbox));
        if (changes.Count > 0)
        {
            await audit.RecordAsync(
                new AuditRecord(tenantId, AuditActions.MailboxChanged, $"Changed sending mailbox {before.Address}: {string.Join("; ", changes)}"), cancellationToken);
        }

        return MailboxSaveResult.Saved(mailbox);
    }

    /// <summary>Archives or restores a mailbox. Returns false when it is not this agency's.</summary>
    public async Task<bool> SetArchivedAsync(Guid tenantId, Guid mailboxId, bool archived, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var mailbox = await db.SendingMailboxes.SingleOrDefaultAsync(m => m.Id == mailboxId, cancellationToken);
        if (mailbox is null)
        {
            return false;
        }

        if ((mailbox.ArchivedAt is not null) == archived)
        {
            return true;
        }

        mailbox.ArchivedAt = archived ? time.GetUtcNow() : null;
        await db.SaveChangesAsync(cancellationToken);
        var record = archived
            ? new AuditRecord(tenantId, AuditActions.MailboxArchived, $"Archived sending mailbox {mailbox.Address}")
            : new AuditRecord(tenantId, AuditActions.MailboxRestored, $"Restored sending mailbox {mailbox.Address}");
        await audit.RecordAsync(record, cancellationToken);
        return true;
    }

    private static string Summary(SendingMailbox mailbox) =>
        $"{EnumWords.Of(mailbox.Provider)}, {mailbox.CurrentDailyVolume} a day now, target {mailbox.TargetDailyVolume}, {EnumWords.Of(mailbox.Status).ToLowerInvariant()}";

    // Lists what an edit changed, such as "target daily volume: 30 to 35", in the order of the form.
    private static List<string> Changes(MailboxDraft before, MailboxDraft after)
    {
        var changes = new List<string>();
        Compare(changes, "address", before.Address, after.Address);
        Compare(changes, "sending domain", before.SendingDomain, after.SendingDomain);
        Compare(changes, "provider", EnumWords.Of(before.Provider), EnumWords.Of(after.Provider));
        Compare(changes, "date created", before.CreatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), after.CreatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Compare(changes, "status", EnumWords.Of(before.Status), EnumWords.Of(after.Status));
        Compare(changes, "current daily volume", before.CurrentDailyVolume, after.CurrentDailyVolume);
        Compare(changes, "target daily volume", before.TargetDailyVolume, after.TargetDailyVolume);
        Compare(changes, "warmup", before.WarmupEnabled ? "on" : "off", after.WarmupEnabled ? "on" : "off");
        Compare(changes, "client", before.Client ?? "none", after.Client ?? "none");
        return changes;
    }

    private static void Compare<T>(List<string> changes, string name, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            changes.Add($"{name}: {before} to {after}");
        }
    }
}

/// <summary>
/// A sender seen in the logs but missing from the inventory.
/// </summary>
/// <param name="Address">The sender address, lower-cased.</param>
/// <param name="Sent">Message-recipient pairs it sent in completed uploads.</param>
/// <param name="FirstSeenUtc">The start of the first hour it sent in, UTC: the mailbox is at least this old.</param>
public sealed record DiscoveredMailbox(string Address, long Sent, DateTime FirstSeenUtc);
