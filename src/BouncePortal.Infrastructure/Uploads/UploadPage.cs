using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>One page of an agency's uploads, newest first, with the agency's total count.</summary>
/// <param name="Uploads">The uploads on the page, newest first.</param>
/// <param name="PageNumber">The 1-based number of the page.</param>
/// <param name="PageSize">The maximum number of uploads on a page.</param>
/// <param name="TotalCount">The agency's uploads on all pages.</param>
public sealed record UploadPage(IReadOnlyList<Upload> Uploads, int PageNumber, int PageSize, int TotalCount)
{
    /// <summary>The maximum number of uploads on one page of the Uploads page.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>The number of pages, at least 1 so that an agency without uploads still has an empty first page.</summary>
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    /// <summary>The 1-based position of the page's first upload among all, or 0 when the page is empty.</summary>
    public int FirstPosition => Uploads.Count == 0 ? 0 : ((PageNumber - 1) * PageSize) + 1;

    /// <summary>The 1-based position of the page's last upload among all, or 0 when the page is empty.</summary>
    public int LastPosition => Uploads.Count == 0 ? 0 : ((PageNumber - 1) * PageSize) + Uploads.Count;

    /// <summary>
    /// Reads page <paramref name="pageNumber"/> of the uploads that <paramref name="db"/> shows, which
    /// are one agency's when it was created for that agency. A number past the last page reads the
    /// last page, so deleting the only upload of the last page shows the page before it.
    /// </summary>
    public static async Task<UploadPage> ReadAsync(BouncePortalDbContext db, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        var totalCount = await db.Uploads.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (totalCount + pageSize - 1) / pageSize);
        var number = Math.Clamp(pageNumber, 1, pageCount);

        // The id orders uploads of the same instant, so that no upload shows on two pages.
        var uploads = await db.Uploads
            .AsNoTracking()
            .OrderByDescending(u => u.UploadedAt)
            .ThenByDescending(u => u.Id)
            .Skip((number - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new UploadPage(uploads, number, pageSize, totalCount);
    }
}
