using BouncePortal.Domain.Parsing;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The items an upload's parse read (lines, records or emails, by format), split the way the
/// upload page shows them. <see cref="WithAttempts"/>, <see cref="Skipped"/> and
/// <see cref="WithoutResult"/> add up to <see cref="Read"/>, because the parser counts every item
/// read either under one skip reason or as giving attempts.
/// </summary>
/// <param name="Read">Items read; for a failed upload, those read before the error.</param>
/// <param name="WithAttempts">Items read that gave at least one delivery attempt.</param>
/// <param name="Skipped">Items skipped for a reason that may need action, such as an unreadable date.</param>
/// <param name="WithoutResult">Items without a delivery result by design, such as sender and queue lines (<see cref="SkipReasons.IsRoutine"/>).</param>
/// <param name="ArchiveEntries">Zip entries skipped without being read, such as folders and notes (<see cref="SkipReasons.IsArchiveEntry"/>).</param>
public readonly record struct UploadCounts(long Read, long WithAttempts, long Skipped, long WithoutResult, long ArchiveEntries)
{
    /// <summary>
    /// Splits the stored counts of <paramref name="upload"/>. While the job runs, the reasons are not
    /// stored yet, so every skip counts under <see cref="Skipped"/>, zip entries included.
    /// </summary>
    public static UploadCounts Of(Upload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        long withoutResult = 0;
        long archiveEntries = 0;
        foreach (var (reason, count) in SkippedReasonsText.Read(upload.SkippedReasons))
        {
            if (SkipReasons.IsArchiveEntry(reason))
            {
                archiveEntries += count;
            }
            else if (SkipReasons.IsRoutine(reason))
            {
                withoutResult += count;
            }
        }

        var skipped = Math.Max(0, upload.LinesSkipped - withoutResult - archiveEntries);
        var withAttempts = Math.Max(0, upload.LinesRead - skipped - withoutResult);
        return new UploadCounts(upload.LinesRead, withAttempts, skipped, withoutResult, archiveEntries);
    }
}
