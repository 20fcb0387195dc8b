using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Email;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Admits each bounce email of an upload once. An email whose Message-ID an earlier completed upload
/// of the agency brought in, or that the upload already contained, is skipped with all its recipients.
/// Overlapping mailbox exports and the same emails in another container therefore count once.
/// </summary>
/// <remarks>
/// Uploads that run at the same moment each admit the emails that neither has recorded yet. The
/// agency's Message-IDs have a unique index, so the second to complete fails to record them, and the
/// ingest runs that upload again (see <see cref="AnyCountedElsewhereAsync"/>).
/// Deleting the upload that counted an email queues again the uploads that skipped emails as
/// imported before, so one of them counts it.
/// NOTE: the agency's earlier Message-IDs are held in memory as 8-byte hashes, about 8 MB per million
/// emails (<see cref="HashKeySet"/>).
/// </remarks>
internal sealed class BounceEmailLedger
{
    // Hashes per lookup query, well under SQLite's and PostgreSQL's parameter limits.
    private const int LookupChunkSize = 500;

    private readonly HashKeySet earlier;
    private readonly HashSet<long> admitted = [];
    private (string Source, long Line)? currentEmail;
    private bool currentAdmitted;

    private BounceEmailLedger(HashKeySet earlier)
    {
        this.earlier = earlier;
    }

    /// <summary>The hashes of the Message-IDs this upload brought in.</summary>
    public IReadOnlyCollection<long> Admitted => admitted;

    /// <summary>Loads the Message-IDs of the agency's other uploads.</summary>
    public static async Task<BounceEmailLedger> LoadAsync(BouncePortalDbContext db, Guid uploadId, CancellationToken cancellationToken)
    {
        var others = db.ImportedBounceEmails.Where(e => e.UploadId != uploadId).Select(e => e.MessageIdHash);
        var hashes = new HashKeySet.Builder(await others.CountAsync(cancellationToken));
        await foreach (var hash in others.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            hashes.Add(unchecked((ulong)hash));
        }

        return new BounceEmailLedger(hashes.Build());
    }

    /// <summary>
    /// Returns true when <paramref name="attempt"/> comes from an email seen for the first time, or
    /// from an email without a Message-ID. The first attempt of a skipped email is counted in
    /// <paramref name="report"/> under <see cref="EmailSkipReasons.AlreadyImported"/>.
    /// </summary>
    public bool Admit(DeliveryAttempt attempt, ParseReport report)
    {
        // The attempts of one email share its source and position, and arrive one after another.
        var email = (attempt.Source, attempt.Line);
        if (currentEmail == email)
        {
            return currentAdmitted;
        }

        currentEmail = email;
        if (attempt.SourceMessageId is not { } messageId)
        {
            currentAdmitted = true;
            return true;
        }

        var hash = Hash(messageId);
        currentAdmitted = !earlier.Contains(unchecked((ulong)hash)) && admitted.Add(hash);
        if (!currentAdmitted)
        {
            report.Skip(EmailSkipReasons.AlreadyImported);
        }

        return currentAdmitted;
    }

    /// <summary>
    /// Returns true when another upload of the agency has recorded one of the emails this upload
    /// admitted, as after it completed while this upload ran.
    /// </summary>
    public async Task<bool> AnyCountedElsewhereAsync(BouncePortalDbContext db, Guid uploadId, CancellationToken cancellationToken)
    {
        foreach (var hashes in admitted.Chunk(LookupChunkSize))
        {
            if (await db.ImportedBounceEmails.AnyAsync(e => e.UploadId != uploadId && hashes.Contains(e.MessageIdHash), cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the first 8 bytes of the SHA-256 of <paramref name="messageId"/>, trimmed and without angle brackets.</summary>
    public static long Hash(string messageId)
    {
        var id = messageId.Trim().TrimStart('<').TrimEnd('>');
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(id), digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }
}
