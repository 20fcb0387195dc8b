namespace BouncePortal.Infrastructure.Suppression;

/// <summary>
/// Escapes values for CSV files that people open in spreadsheets.
/// </summary>
public static class CsvCell
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>
    /// Returns <paramref name="value"/> as one CSV cell: a leading formula character gets an
    /// apostrophe in front so spreadsheets show it as text, and cells with commas, quotes or
    /// line breaks are quoted with inner quotes doubled.
    /// </summary>
    public static string Escape(string value)
    {
        if (value.Length > 0 && Array.IndexOf(FormulaStarts, value[0]) >= 0)
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
