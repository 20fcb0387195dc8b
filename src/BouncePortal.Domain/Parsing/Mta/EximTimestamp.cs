namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Reads Exim's line timestamp: <c>YYYY-MM-DD HH:MM:SS</c>, an optional fraction
/// (<c>+millisec</c> log selector) and an optional <c>+HHMM</c> zone (<c>log_timezone</c>).
/// </summary>
internal static class EximTimestamp
{
    /// <summary>
    /// Reads the timestamp and the space after it at the start of <paramref name="line"/>.
    /// A time without a zone is local to the server and is read as UTC.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> line, out DateTimeOffset timestamp, out int consumed)
    {
        timestamp = default;
        consumed = 0;
        if (line.Length < 20 || line[4] != '-' || line[7] != '-' || line[10] != ' ' || line[13] != ':' || line[16] != ':')
        {
            return false;
        }

        var year = Digits.Read(line[..4]);
        var month = Digits.Read(line.Slice(5, 2));
        var day = Digits.Read(line.Slice(8, 2));
        var hour = Digits.Read(line.Slice(11, 2));
        var minute = Digits.Read(line.Slice(14, 2));
        var second = Digits.Read(line.Slice(17, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return false;
        }

        var position = 19;
        var ticks = Digits.ReadFraction(line, ref position);
        if (position >= line.Length || line[position] != ' ')
        {
            return false;
        }

        position++;

        // NOTE: without log_timezone Exim writes the server's local time with no zone. It is read
        // as UTC, so such a log is shifted by the server's UTC offset.
        var offset = TimeSpan.Zero;
        if (line.Length > position + 5 && line[position] is '+' or '-' && line[position + 5] == ' ')
        {
            var hours = Digits.Read(line.Slice(position + 1, 2));
            var minutes = Digits.Read(line.Slice(position + 3, 2));
            if (hours is >= 0 and <= 14 && minutes is >= 0 and <= 59)
            {
                offset = new TimeSpan(hours, minutes, 0);
                if (line[position] == '-')
                {
                    offset = -offset;
                }

                position += 6;
            }
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        timestamp = new DateTimeOffset(local, offset);
        consumed = position;
        return true;
    }
}
