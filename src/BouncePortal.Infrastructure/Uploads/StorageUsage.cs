using System.Globalization;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// How much of its storage quota an agency's stored uploads take.
/// </summary>
/// <param name="UsedBytes">The size of the agency's stored uploads.</param>
/// <param name="AllowedBytes">The agency's quota.</param>
public sealed record StorageUsage(long UsedBytes, long AllowedBytes)
{
    /// <summary>Bytes that can still be stored; zero when the quota is reached.</summary>
    public long RemainingBytes => Math.Max(0, AllowedBytes - UsedBytes);

    /// <summary>Share of the quota in use, 0 to 100.</summary>
    public double PercentUsed => AllowedBytes == 0 ? 100 : Math.Min(100, 100.0 * UsedBytes / AllowedBytes);

    /// <summary>Formats a size in bytes as KB, MB or GB with one decimal.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
    };
}
