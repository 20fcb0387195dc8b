using System.Globalization;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Reads ISO 8601 timestamps as CSV logs write them: <c>2024-06-11 09:14:02-0400</c> (PowerMTA),
/// <c>2024-06-11T09:31:02.845Z</c> (Exchange), with a 'T' or a space between date and time.
/// </summary>
internal static class IsoTimestamp
{
    private static readonly string[] ZonelessFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    /// <summary>
    /// Reads the whole of <paramref name="text"/>. A time without a zone is read as UTC.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> text, out DateTimeOffset timestamp)
    {
        text = text.Trim();
        if (SyslogHeader.TryReadTimestamp(text, DateTime.MaxValue, out timestamp, out var consumed) && consumed == text.Length
            && char.IsAsciiDigit(text[0]))
        {
            return true;
        }

        if (DateTime.TryParseExact(text, ZonelessFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
        {
            timestamp = new DateTimeOffset(utc, TimeSpan.Zero);
            return true;
        }

        timestamp = default;
        return false;
    }
}
