using System.Globalization;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Raised when an agency uploads a file whose content is identical to one of its stored uploads,
/// because importing it again would count the same attempts twice.
/// </summary>
public sealed class DuplicateUploadException(Guid earlierUploadId, string earlierFileName, DateTimeOffset earlierUploadedAt)
    : Exception(string.Create(
        CultureInfo.InvariantCulture,
        $"This file has the same content as {earlierFileName}, uploaded on {earlierUploadedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, so importing it again would count its attempts twice. "
        + $"To import it again, delete that upload first."))
{
    /// <summary>The id of the stored upload with the same bytes.</summary>
    public Guid EarlierUploadId { get; } = earlierUploadId;

    /// <summary>The file name of the stored upload with the same bytes.</summary>
    public string EarlierFileName { get; } = earlierFileName;

    /// <summary>When the stored upload with the same bytes was received.</summary>
    public DateTimeOffset EarlierUploadedAt { get; } = earlierUploadedAt;
}
