using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Lets a log continue the messages that earlier logs of the agency left deferred. A message
/// deferred at the end of Monday's log and delivered in Tuesday's counts once, as a resolved
/// deferral in Tuesday's upload, instead of a send with an unresolved soft bounce in each.
/// </summary>
/// <remarks>
/// The earlier outcome is marked superseded when the continuing upload completes, and that
/// upload's rollups take its counts back, so figures and the suppression list count the message
/// once. Deleting the continuing upload clears the mark, and deleting the earlier one queues the
/// continuing upload again.
/// A log that completes after a later one which retries its deferred messages, such as Monday's
/// log uploaded after Tuesday's or read again, queues that later upload again
/// (<see cref="FindRetryingUploadsAsync"/>), so the later upload continues them.
/// </remarks>
internal sealed class DeferredOutcomeLedger
{
    /// <summary>How long after its last deferral a message can still be retried: longer than the 5-day default queue lifetime of Postfix and Sendmail.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromDays(7);

    private readonly Dictionary<(string QueueId, string Recipient), Deferred> deferred;
    private readonly Dictionary<RecipientOutcome, long> continued = new(ReferenceEqualityComparer.Instance);

    private DeferredOutcomeLedger(Dictionary<(string, string), Deferred> deferred) => this.deferred = deferred;

    /// <summary>Messages this upload continued so far.</summary>
    public int Continued => continued.Count;

    /// <summary>
    /// Loads the deferred outcomes of the agency's other completed logs and exports that no upload
    /// continued yet. Bounce emails continue nothing (<paramref name="enabled"/> false).
    /// </summary>
    public static async Task<DeferredOutcomeLedger> LoadAsync(BouncePortalDbContext db, Guid uploadId, bool enabled, CancellationToken cancellationToken)
    {
        var byMessage = new Dictionary<(string, string), Deferred>();
        if (!enabled)
        {
            return new DeferredOutcomeLedger(byMessage);
        }

        var logs = db.Uploads
            .Where(u => u.Id != uploadId && u.Status == UploadStatus.Completed && u.DetectedFormat != InputFormat.BounceEmail)
            .Select(u => u.Id);
        var rows = db.RecipientOutcomes.AsNoTracking()
            .Where(o => o.FinalOutcome == DeliveryOutcome.Deferred
                && o.QueueId != null
                && o.SupersededByUploadId == null
                && logs.Contains(o.UploadId))
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var key = Key(row.QueueId!, row.Recipient);

            // Two logs that left the same message deferred, such as two servers reusing a queue id,
            // are ambiguous: the later deferral is continued.
            if (!byMessage.TryGetValue(key, out var known) || known.Outcome.LastAttemptAt < row.LastAttemptAt)
            {
                byMessage[key] = new Deferred(row.Id, ToOutcome(row));
            }
        }

        return new DeferredOutcomeLedger(byMessage);
    }

    /// <summary>
    /// Returns the deferred outcome that <paramref name="attempt"/>, the first attempt of its pair
    /// in this upload, retries: same message id and recipient, a compatible sender, and a time after
    /// the earlier outcome's last attempt and within <see cref="RetryWindow"/> of it.
    /// </summary>
    public RecipientOutcome? Find(DeliveryAttempt attempt)
    {
        if (deferred.Count == 0 || attempt.QueueId is null)
        {
            return null;
        }

        var key = Key(attempt.QueueId, attempt.Recipient);
        if (!deferred.TryGetValue(key, out var earlier))
        {
            return null;
        }

        var outcome = earlier.Outcome;
        var sameSender = outcome.Sender is null || attempt.Sender is null
            || string.Equals(outcome.Sender, attempt.Sender, StringComparison.OrdinalIgnoreCase);
        if (!IsRetry(outcome.LastAttemptAt.UtcDateTime, attempt.Timestamp.UtcDateTime) || !sameSender)
        {
            return null;
        }

        // One pair continues it; a reused message id later in this upload starts afresh.
        deferred.Remove(key);
        continued[outcome] = earlier.Id;
        return outcome;
    }

    /// <summary>
    /// Marks every continued outcome as superseded by <paramref name="uploadId"/>, within the
    /// caller's transaction. Returns false when another upload that completed meanwhile continued
    /// one of them first, or its upload was deleted: the caller then runs the upload again.
    /// </summary>
    public async Task<bool> MarkSupersededAsync(BouncePortalDbContext db, Guid uploadId, CancellationToken cancellationToken)
    {
        foreach (var ids in continued.Values.Chunk(500))
        {
            var marked = await db.RecipientOutcomes
                .Where(o => ids.Contains(o.Id) && o.SupersededByUploadId == null)
                .ExecuteUpdateAsync(set => set.SetProperty(o => o.SupersededByUploadId, uploadId), cancellationToken);
            if (marked != ids.Length)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Returns the agency's other completed logs that retry a message which the upload
    /// <paramref name="uploadId"/> left deferred and no upload continued yet, as when an earlier
    /// day's log is uploaded after a later one. Read again, they continue those messages.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> FindRetryingUploadsAsync(BouncePortalDbContext db, Guid uploadId, CancellationToken cancellationToken)
    {
        var deferred = await db.RecipientOutcomes.AsNoTracking()
            .Where(o => o.UploadId == uploadId
                && o.FinalOutcome == DeliveryOutcome.Deferred
                && o.QueueId != null
                && o.SupersededByUploadId == null)
            .Select(o => new { o.QueueId, o.Recipient, o.LastAttemptAt })
            .ToListAsync(cancellationToken);
        if (deferred.Count == 0)
        {
            return [];
        }

        var lastDeferral = new Dictionary<(string, string), DateTime>();
        foreach (var row in deferred)
        {
            lastDeferral[Key(row.QueueId!, row.Recipient)] = row.LastAttemptAt;
        }

        var from = deferred.Min(d => d.LastAttemptAt);
        var to = deferred.Max(d => d.LastAttemptAt) + RetryWindow;
        var candidates = await db.Uploads.AsNoTracking()
            .Where(u => u.Id != uploadId
                && u.Status == UploadStatus.Completed
                && u.DetectedFormat != InputFormat.BounceEmail
                && u.LastAttemptAt > from
                && u.FirstAttemptAt <= to)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);

        var retrying = new List<Guid>();
        foreach (var candidate in candidates)
        {
            var attempts = db.Attempts.AsNoTracking()
                .Where(a => a.UploadId == candidate && a.QueueId != null && a.AttemptedAt > from && a.AttemptedAt <= to)
                .Select(a => new { a.QueueId, a.Recipient, a.AttemptedAt })
                .AsAsyncEnumerable();
            await foreach (var attempt in attempts.WithCancellation(cancellationToken))
            {
                if (lastDeferral.TryGetValue(Key(attempt.QueueId!, attempt.Recipient), out var last) && IsRetry(last, attempt.AttemptedAt))
                {
                    retrying.Add(candidate);
                    break;
                }
            }
        }

        return retrying;
    }

    /// <summary>Returns what identifies a message-recipient pair across uploads, as the outcome tracker keys it.</summary>
    private static (string QueueId, string Recipient) Key(string queueId, string recipient) => (queueId, recipient.ToLowerInvariant());

    /// <summary>Returns true when an attempt at <paramref name="attemptAt"/> can retry a message last deferred at <paramref name="lastDeferral"/>, both in UTC.</summary>
    private static bool IsRetry(DateTime lastDeferral, DateTime attemptAt) =>
        attemptAt > lastDeferral && attemptAt - lastDeferral <= RetryWindow;

    private static RecipientOutcome ToOutcome(StoredRecipientOutcome row) => new(
        row.QueueId,
        row.Sender,
        row.Recipient,
        row.RecipientDomain,
        row.Provider,
        row.Attempts,
        new DateTimeOffset(DateTime.SpecifyKind(row.FirstAttemptAt, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(row.LastAttemptAt, DateTimeKind.Utc)),
        row.FinalOutcome,
        row.SoftBounced,
        row.HardBounced,
        row.FinalCategory,
        row.Suppress,
        row.SoftFailures,
        row.ResolvedDeferral,
        row.GreylistingResolved,
        row.PersistentSoftBounce,
        row.FinalBlame,
        row.Campaign,
        row.SendingIp);

    private sealed record Deferred(long Id, RecipientOutcome Outcome);
}
