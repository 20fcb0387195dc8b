namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>
/// Finds the recipient column of a CSV from its values, for exports whose header names no
/// known recipient column.
/// </summary>
public static class CsvAddressColumns
{
    /// <summary>
    /// Returns the header of the first column in which most non-empty values of
    /// <paramref name="preview"/> are email addresses, or null when no column is. A header row
    /// that itself contains an address is not a header row, so it also returns null.
    /// </summary>
    public static string? FindRecipientColumn(CsvPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);

        if (preview.Rows.Count == 0 || preview.Headers.Any(IsAddress))
        {
            return null;
        }

        for (var column = 0; column < preview.Headers.Count; column++)
        {
            var values = preview.Rows
                .Select(row => column < row.Count ? row[column].Trim() : string.Empty)
                .Where(value => value.Length > 0)
                .ToList();

            // More than half, so that a few rows of "n/a" or a deleted lead do not hide the column.
            if (values.Count > 0 && values.Count(IsAddress) * 2 > values.Count)
            {
                return preview.Headers[column];
            }
        }

        return null;
    }

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
