namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Reads the syslog prefix of a maillog line (<c>TIMESTAMP HOST PROGRAM[PID]: </c>) with a
/// classic syslog timestamp (<c>Mmm dd HH:MM:SS</c>, no year, no zone) or an RFC 3339 one.
/// </summary>
internal static class SyslogHeader
{
    /// <summary>Longest container-name prefix (<c>postfix-1  | </c>) that Docker Compose puts before a line.</summary>
    private const int MaxContainerPrefixLength = 100;

    /// <summary>
    /// Splits <paramref name="line"/> into its timestamp, program (<c>postfix/smtp</c>) and message.
    /// Returns false when the line has no valid syslog prefix. A syslog date that would fall
    /// after <paramref name="latestSyslogTime"/> belongs to the year before.
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<char> line,
        DateTime latestSyslogTime,
        out DateTimeOffset timestamp,
        out ReadOnlySpan<char> program,
        out ReadOnlySpan<char> message)
    {
        program = default;
        message = default;
        if (!TryReadTimestamp(line, latestSyslogTime, out timestamp, out var consumed))
        {
            var bar = line[..Math.Min(line.Length, MaxContainerPrefixLength)].IndexOf("| ");
            if (bar < 0)
            {
                return false;
            }

            line = line[(bar + 2)..];
            if (!TryReadTimestamp(line, latestSyslogTime, out timestamp, out consumed))
            {
                return false;
            }
        }

        var rest = line[consumed..];
        if (rest.Length == 0 || rest[0] != ' ')
        {
            return false;
        }

        rest = rest[1..];
        var hostEnd = rest.IndexOf(' ');
        if (hostEnd <= 0)
        {
            return false;
        }

        rest = rest[(hostEnd + 1)..];
        // The tag ends at ": ", or at a final ':' when the message is empty.
        var tagEnd = rest.IndexOf(": ");
        ReadOnlySpan<char> tag;
        if (tagEnd >= 0)
        {
            tag = rest[..tagEnd];
            message = rest[(tagEnd + 2)..];
        }
        else
        {
            tag = rest.EndsWith(':') ? rest[..^1] : default;
        }

        if (tag.IsEmpty || tag.Contains(' '))
        {
            return false;
        }

        var pidStart = tag.IndexOf('[');
        program = pidStart < 0 ? tag : tag[..pidStart];
        return true;
    }

    /// <summary>Reads a syslog or RFC 3339 timestamp at the start of <paramref name="text"/>.</summary>
    public static bool TryReadTimestamp(
        ReadOnlySpan<char> text,
        DateTime latestSyslogTime,
        out DateTimeOffset timestamp,
        out int consumed)
    {
        if (text.Length > 0 && char.IsAsciiDigit(text[0]))
        {
            return TryReadRfc3339(text, out timestamp, out consumed);
        }

        return TryReadSyslog(text, latestSyslogTime, out timestamp, out consumed);
    }

    private static bool TryReadSyslog(ReadOnlySpan<char> text, DateTime latest, out DateTimeOffset timestamp, out int consumed)
    {
        timestamp = default;
        consumed = 0;

        // "Mmm dd HH:MM:SS" or "Mmm  d HH:MM:SS": 15 characters.
        if (text.Length < 15 || text[3] != ' ' || text[6] != ' ' || text[9] != ':' || text[12] != ':')
        {
            return false;
        }

        var month = MonthOf(text[..3]);
        var day = text[4] == ' ' ? Digit(text[5]) : Digits(text.Slice(4, 2));
        var hour = Digits(text.Slice(7, 2));
        var minute = Digits(text.Slice(10, 2));
        var second = Digits(text.Slice(13, 2));
        if (month == 0 || day < 1 || day > 31 || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return false;
        }

        consumed = 15;
        var ticks = ReadFraction(text, ref consumed);
        if (!TryInferYear(month, day, hour, minute, second, latest, out var time))
        {
            return false;
        }

        // NOTE: classic syslog timestamps carry no zone. They are read as UTC, so a server that
        // logs local time shifts every attempt by its UTC offset.
        timestamp = new DateTimeOffset(time.AddTicks(ticks), TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// Picks the latest year in which the date is valid and not after <paramref name="latest"/>,
    /// so a December log read in January lands in the previous year.
    /// </summary>
    private static bool TryInferYear(int month, int day, int hour, int minute, int second, DateTime latest, out DateTime time)
    {
        time = default;
        if (day > DateTime.DaysInMonth(2000, month))
        {
            return false;
        }

        // February 29 needs a leap year, which is at most eight years back.
        for (var year = latest.Year; year > latest.Year - 9 && year >= 1; year--)
        {
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var candidate = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
            if (candidate <= latest)
            {
                time = candidate;
                return true;
            }
        }

        return false;
    }

    private static bool TryReadRfc3339(ReadOnlySpan<char> text, out DateTimeOffset timestamp, out int consumed)
    {
        timestamp = default;
        consumed = 0;

        // "YYYY-MM-DDTHH:MM:SS" then an optional fraction and a zone: Z, +HH:MM or +HHMM.
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] is not ('T' or 't' or ' ')
            || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        var year = Digits(text[..4]);
        var month = Digits(text.Slice(5, 2));
        var day = Digits(text.Slice(8, 2));
        var hour = Digits(text.Slice(11, 2));
        var minute = Digits(text.Slice(14, 2));
        var second = Digits(text.Slice(17, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return false;
        }

        var position = 19;
        var ticks = ReadFraction(text, ref position);
        if (!TryReadOffset(text[position..], out var offset, out var offsetLength))
        {
            return false;
        }

        consumed = position + offsetLength;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        timestamp = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool TryReadOffset(ReadOnlySpan<char> text, out TimeSpan offset, out int length)
    {
        offset = TimeSpan.Zero;
        length = 0;
        if (text.Length == 0)
        {
            return false;
        }

        if (text[0] is 'Z' or 'z')
        {
            length = 1;
            return true;
        }

        if (text[0] is not ('+' or '-') || text.Length < 5)
        {
            return false;
        }

        var hours = Digits(text.Slice(1, 2));
        var minutesAt = text[3] == ':' ? 4 : 3;
        if (text.Length < minutesAt + 2)
        {
            return false;
        }

        var minutes = Digits(text.Slice(minutesAt, 2));
        if (hours is < 0 or > 14 || minutes is < 0 or > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        length = minutesAt + 2;
        return true;
    }

    /// <summary>Reads an optional ".digits" at <paramref name="position"/> as ticks (100 ns), ignoring digits past the seventh.</summary>
    private static long ReadFraction(ReadOnlySpan<char> text, ref int position)
    {
        if (position >= text.Length || text[position] != '.')
        {
            return 0;
        }

        position++;
        long ticks = 0;
        var digits = 0;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            if (digits < 7)
            {
                ticks = ticks * 10 + (text[position] - '0');
                digits++;
            }

            position++;
        }

        for (; digits < 7; digits++)
        {
            ticks *= 10;
        }

        return ticks;
    }

    private static int MonthOf(ReadOnlySpan<char> name) => name switch
    {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => 0,
    };

    private static int Digit(char c) => char.IsAsciiDigit(c) ? c - '0' : -1;

    /// <summary>Reads ASCII digits as a number, or returns -1 when any character is not a digit.</summary>
    private static int Digits(ReadOnlySpan<char> text)
    {
        var value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = value * 10 + (c - '0');
        }

        return value;
    }
}
