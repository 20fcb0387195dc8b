using System.Globalization;
using System.Text.RegularExpressions;

namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>How a time value of a sequencer CSV was read.</summary>
public enum CsvTimeResult
{
    /// <summary>The value was read.</summary>
    Read,

    /// <summary>The value is a numeric date that is invalid in the chosen order but valid in the other one, such as 30/11/2026 read month first.</summary>
    WrongDateOrder,

    /// <summary>The value is no date or time in any supported form.</summary>
    Unreadable,
}

/// <summary>
/// Reads the time column of a sequencer CSV: ISO 8601 and other forms that
/// <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>
/// reads with the invariant culture, Unix seconds or milliseconds, and numeric dates such as
/// 02/12/2026, 2.12.26 or 02-12-2026 14:05 in a given <see cref="DateOrder"/>. Times without a zone are UTC.
/// </summary>
public static partial class CsvTime
{
    /// <summary>
    /// Reads <paramref name="text"/>. A numeric date is read in <paramref name="order"/>; every
    /// other form is read the same under either order.
    /// </summary>
    public static CsvTimeResult TryRead(string text, DateOrder order, out DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(text);

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return TryReadUnix(unix, out time) ? CsvTimeResult.Read : CsvTimeResult.Unreadable;
        }

        if (NumericDatePattern().Match(text) is { Success: true } numeric)
        {
            if (TryReadNumeric(numeric, order, out time))
            {
                return CsvTimeResult.Read;
            }

            var other = order == DateOrder.DayFirst ? DateOrder.MonthFirst : DateOrder.DayFirst;
            return TryReadNumeric(numeric, other, out _) ? CsvTimeResult.WrongDateOrder : CsvTimeResult.Unreadable;
        }

        if (order == DateOrder.DayFirst && YearlessDatePattern().IsMatch(text))
        {
            // The invariant culture would read 02/12 as 12 February of the current year.
            // NOTE: month-first mappings keep reading such values that way, as they did before mappings had a date order.
            time = default;
            return CsvTimeResult.Unreadable;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            ? CsvTimeResult.Read
            : CsvTimeResult.Unreadable;
    }

    /// <summary>Returns true when <paramref name="text"/> reads as a time in at least one date order.</summary>
    public static bool IsTime(string text) =>
        TryRead(text, DateOrder.MonthFirst, out _) == CsvTimeResult.Read
        || TryRead(text, DateOrder.DayFirst, out _) == CsvTimeResult.Read;

    /// <summary>
    /// Returns what <paramref name="values"/> show about their date order: a numeric date whose
    /// first part is above 12 is day first, one whose second part is above 12 month first.
    /// </summary>
    public static DateOrderEvidence DetectOrder(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);

        var numeric = false;
        var dayFirst = false;
        var monthFirst = false;
        foreach (var value in values)
        {
            if (NumericDatePattern().Match(value.Trim()) is not { Success: true } match)
            {
                continue;
            }

            numeric = true;
            var first = int.Parse(match.Groups["first"].Value, CultureInfo.InvariantCulture);
            var second = int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture);
            dayFirst |= first > 12 && second <= 12;
            monthFirst |= second > 12 && first <= 12;
        }

        return (numeric, dayFirst, monthFirst) switch
        {
            (false, _, _) => DateOrderEvidence.None,
            (_, true, true) => DateOrderEvidence.Conflicting,
            (_, true, false) => DateOrderEvidence.DayFirst,
            (_, false, true) => DateOrderEvidence.MonthFirst,
            _ => DateOrderEvidence.Ambiguous,
        };
    }

    /// <summary>Returns true when <paramref name="text"/> is a numeric date such as 02/12/2026, whose reading depends on the date order.</summary>
    public static bool IsNumericDate(string text) => NumericDatePattern().IsMatch(text.Trim());

    private static bool TryReadUnix(long unix, out DateTimeOffset time)
    {
        // Ten digits are seconds until the year 2286; thirteen are milliseconds.
        var valid = unix < 100_000_000_000 ? unix <= 253_402_300_799 : unix <= 253_402_300_799_999;
        time = !valid ? default
            : unix < 100_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(unix) : DateTimeOffset.FromUnixTimeMilliseconds(unix);
        return valid;
    }

    /// <summary>
    /// Reads the date in <paramref name="order"/> and the time of day, zone or offset after it as
    /// ISO 8601 text would be read. A two-digit year is read with the invariant calendar's
    /// two-digit year rule, so 26 is 2026 and 50 is 1950.
    /// </summary>
    private static bool TryReadNumeric(Match match, DateOrder order, out DateTimeOffset time)
    {
        time = default;
        var first = int.Parse(match.Groups["first"].Value, CultureInfo.InvariantCulture);
        var second = int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture);
        var (day, month) = order == DateOrder.DayFirst ? (first, second) : (second, first);
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["year"].Length == 2)
        {
            year = CultureInfo.InvariantCulture.Calendar.ToFourDigitYear(year);
        }

        if (month is < 1 or > 12 || year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var iso = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}{match.Groups["rest"].Value}");
        return DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    // Day and month of one or two digits, the same separator twice and a year of two or four
    // digits, then nothing or a time of day after a space, a comma and space, or a T. A date that
    // starts with a four-digit year (2026-12-02) is ISO 8601 and does not match.
    [GeneratedRegex(@"^(?<first>[0-9]{1,2})(?<separator>[/.\-])(?<second>[0-9]{1,2})\k<separator>(?<year>[0-9]{4}|[0-9]{2})(?:,?(?<rest>[ T]\S.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDatePattern();

    // Day and month without a year, such as 02/12 or 02.12 14:05.
    [GeneratedRegex(@"^[0-9]{1,2}[/.\-][0-9]{1,2}(?:[ T,]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex YearlessDatePattern();
}
