using BouncePortal.Infrastructure.Data;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The uploads whose figures count toward the rates: completed, with rollups stored. Bare SMTP
/// replies, bounce emails and ESP exports without a delivery event store no rollups.
/// </summary>
public static class CountingUploads
{
    /// <summary>Returns the agency's counting uploads, as a query that the caller may narrow or embed.</summary>
    public static IQueryable<Upload> Of(BouncePortalDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Uploads.Where(u => u.Status == UploadStatus.Completed && db.Rollups.Any(r => r.UploadId == u.Id));
    }
}
