using System.Text.RegularExpressions;

namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>
/// Finds the columns of a CSV from its values, for exports whose header names no known
/// recipient column: the recipient and sender by their email addresses, the status by its
/// bounced and delivered words, and the time by its dates.
/// </summary>
public static class CsvAddressColumns
{
    // A basic code followed by a space, a hyphen or the end ("550 5.1.1 ..."), or an enhanced code
    // ("4.2.2 ..."), so that a date such as 2026-12-04 or a price such as 2.50 is no reply.
    private static readonly Regex ReplyStart = new(@"^[245](\d\d([ -]|$)|\.\d{1,3}\.\d{1,3}\b)", RegexOptions.CultureInvariant);

    /// <summary>
    /// Returns the header of the address column with the most distinct values, because a sender
    /// column repeats a few mailboxes while a recipient column names a new lead on each row. A
    /// column counts when most of its non-empty values are email addresses. Returns null when no
    /// column does, or when the header row itself contains an address (so it is no header row).
    /// </summary>
    public static string? FindRecipientColumn(CsvPreview preview) =>
        AddressColumns(preview).OrderByDescending(column => column.Distinct).Select(column => column.Header).FirstOrDefault();

    /// <summary>Returns the header of an address column other than <paramref name="recipient"/>, or null.</summary>
    public static string? FindSenderColumn(CsvPreview preview, string recipient) =>
        AddressColumns(preview).Where(column => column.Header != recipient).Select(column => column.Header).FirstOrDefault();

    /// <summary>
    /// Returns the header of the first column in which most non-empty values are one of
    /// <paramref name="statusValues"/> (compared ignoring case), or null.
    /// </summary>
    public static string? FindStatusColumn(CsvPreview preview, IEnumerable<string> statusValues)
    {
        ArgumentNullException.ThrowIfNull(preview);

        var known = new HashSet<string>(statusValues, StringComparer.OrdinalIgnoreCase);
        return FirstColumnWhereMost(preview, known.Contains);
    }

    /// <summary>
    /// Returns the header of the first column in which most non-empty values are dates or times
    /// written with separators, such as 2024-06-11T09:15:31Z, or null. Plain numbers are left out,
    /// so an id column is not taken for Unix times.
    /// </summary>
    public static string? FindTimestampColumn(CsvPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);

        return FirstColumnWhereMost(preview, value =>
            value.Any(c => c is '-' or '/' or ':')
            && !value.Contains('@')
            && CsvTime.IsTime(value));
    }

    /// <summary>
    /// Returns the header of the first column in which most non-empty values start with an SMTP
    /// reply code such as 550 or 4.2.2, or null.
    /// </summary>
    public static string? FindReplyColumn(CsvPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);

        return FirstColumnWhereMost(preview, ReplyStart.IsMatch);
    }

    private static IEnumerable<(string Header, int Distinct)> AddressColumns(CsvPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);

        if (preview.Rows.Count == 0 || preview.Headers.Any(IsAddress))
        {
            yield break;
        }

        for (var column = 0; column < preview.Headers.Count; column++)
        {
            var values = Values(preview, column);
            if (IsMost(values, IsAddress))
            {
                yield return (preview.Headers[column], values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            }
        }
    }

    private static string? FirstColumnWhereMost(CsvPreview preview, Func<string, bool> matches)
    {
        for (var column = 0; column < preview.Headers.Count; column++)
        {
            if (IsMost(Values(preview, column), matches))
            {
                return preview.Headers[column];
            }
        }

        return null;
    }

    private static List<string> Values(CsvPreview preview, int column) =>
        preview.Rows
            .Select(row => column < row.Count ? row[column].Trim() : string.Empty)
            .Where(value => value.Length > 0)
            .ToList();

    // More than half, so that a few rows of "n/a" or a deleted lead do not hide the column.
    private static bool IsMost(List<string> values, Func<string, bool> matches) =>
        values.Count > 0 && values.Count(matches) * 2 > values.Count;

    /// <summary>
    /// True for text of the form local@domain with exactly one '@', no white space and a dot in
    /// the domain. This is a plausibility check, not RFC 5321 validation.
    /// </summary>
    public static bool IsAddress(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = value.IndexOf('@');
        return at > 0
            && at == value.LastIndexOf('@')
            && value.IndexOf('.', at + 1) > at + 1
            && !value.EndsWith('.');
    }
}
