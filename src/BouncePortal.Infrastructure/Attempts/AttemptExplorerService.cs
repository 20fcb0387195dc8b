using BouncePortal.Domain.Classification;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Attempts;

/// <summary>
/// Finds the delivery attempts behind a gauge or slice: filtered, newest first, one page at a time.
/// </summary>
public sealed class AttemptExplorerService(TenantDbContextFactory databases)
{
    /// <summary>Largest page size served.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Returns one page of the attempts that match <paramref name="query"/>, with the total count.</summary>
    public async Task<AttemptPage> SearchAsync(Guid tenantId, AttemptQuery query, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var uploads = query.CountedOnly ? CountingUploads.Of(db) : db.Uploads.Where(u => u.Status == UploadStatus.Completed);
        var completed = uploads.Select(u => u.Id);
        var attempts = db.Attempts.AsNoTracking().Where(a => completed.Contains(a.UploadId));

        // NOTE: these filters scan the agency's attempts of completed uploads; only the upload has an index.
        attempts = Filter(attempts, query);

        if (!string.IsNullOrWhiteSpace(query.Client))
        {
            var client = query.Client.Trim().ToLower();
            var senders = db.SendingMailboxes.Where(m => m.Client != null && m.Client.ToLower() == client).Select(m => m.Address);
            attempts = attempts.Where(a => a.Sender != null && senders.Contains(a.Sender));
        }

        var total = await attempts.LongCountAsync(cancellationToken);
        var rows = await attempts
            .OrderByDescending(a => a.AttemptedAt)
            .ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, MaxPageSize))
            .ToListAsync(cancellationToken);
        var uploadIds = rows.Select(a => a.UploadId).Distinct().ToList();
        var fileNames = await db.Uploads
            .Where(u => uploadIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.FileName, cancellationToken);
        return new AttemptPage(rows, total, fileNames);
    }

    private static IQueryable<StoredAttempt> Filter(IQueryable<StoredAttempt> attempts, AttemptQuery query)
    {
        if (query.Slice is { } kind && query.Key is { } key)
        {
            attempts = kind switch
            {
                SliceKind.Mailbox => key.Length == 0 ? attempts.Where(a => a.Sender == null) : attempts.Where(a => a.Sender == key),
                SliceKind.SendingDomain => attempts.Where(a => a.Sender != null && a.Sender.EndsWith("@" + key)),
                SliceKind.RecipientDomain => attempts.Where(a => a.RecipientDomain == key),
                SliceKind.Provider => Enum.TryParse<ReceivingProvider>(key, out var provider) ? attempts.Where(a => a.Provider == provider) : attempts.Where(a => false),
                SliceKind.Campaign => attempts.Where(a => a.Campaign == key),
                SliceKind.SendingIp => attempts.Where(a => a.SendingIp == key),
                _ => attempts,
            };
        }

        if (query.CountedOnly)
        {
            attempts = attempts.Where(a => a.Recipient != string.Empty);
        }

        if (query.FromUtc is { } from)
        {
            attempts = attempts.Where(a => a.AttemptedAt >= from);
        }

        if (query.ToUtc is { } to)
        {
            attempts = attempts.Where(a => a.AttemptedAt < to);
        }

        if (query.Outcome is { } outcome)
        {
            attempts = attempts.Where(a => a.Outcome == outcome);
        }

        if (query.Class is { } bounceClass)
        {
            attempts = attempts.Where(a => a.Class == bounceClass);
        }

        if (query.Category is { } category)
        {
            attempts = attempts.Where(a => a.Category == category);
        }

        if (!string.IsNullOrWhiteSpace(query.Recipient))
        {
            var part = query.Recipient.Trim().ToLowerInvariant();
            attempts = attempts.Where(a => a.Recipient.ToLower().Contains(part));
        }

        return attempts;
    }
}

/// <summary>
/// Filters of the attempt explorer; a null filter matches everything.
/// </summary>
/// <param name="Slice">The slice the attempts belong to, with <paramref name="Key"/>.</param>
/// <param name="Key">The slice's value (a mailbox, a domain, a provider name, ...).</param>
/// <param name="FromUtc">Inclusive start time.</param>
/// <param name="ToUtc">Exclusive end time.</param>
/// <param name="Outcome">Only attempts with this outcome.</param>
/// <param name="Class">Only attempts of this class.</param>
/// <param name="Category">Only attempts of this category.</param>
/// <param name="Recipient">Only recipients containing this text.</param>
/// <param name="Client">Only attempts of the mailboxes of this client (any case).</param>
/// <param name="CountedOnly">
/// Only attempts that count toward the rates: those that name a recipient, in an upload that stored
/// rollups. A bare SMTP reply is listed but counts toward none, and so is an attempt of a bounce
/// email or of an ESP export without a delivery event.
/// </param>
public sealed record AttemptQuery(
    SliceKind? Slice = null,
    string? Key = null,
    DateTime? FromUtc = null,
    DateTime? ToUtc = null,
    DeliveryOutcome? Outcome = null,
    BounceClass? Class = null,
    BounceCategory? Category = null,
    string? Recipient = null,
    string? Client = null,
    bool CountedOnly = false);

/// <summary>
/// One page of attempts and the number of all matches.
/// </summary>
/// <param name="Rows">The attempts of the page.</param>
/// <param name="Total">How many attempts match in all.</param>
/// <param name="UploadFileNames">The file name of each upload that the page's attempts come from, by upload id.</param>
public sealed record AttemptPage(IReadOnlyList<StoredAttempt> Rows, long Total, IReadOnlyDictionary<Guid, string> UploadFileNames);
