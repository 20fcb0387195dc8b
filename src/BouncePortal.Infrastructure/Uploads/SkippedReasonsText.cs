using System.Text;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The skip counts of a parse as the upload page shows them: one "reason: count" line per reason,
/// most frequent first, naming the zip entries where the first skips of the reason happened.
/// </summary>
internal static class SkippedReasonsText
{
    /// <summary>Formats the skip counts of <paramref name="report"/>, or returns null when nothing was skipped.</summary>
    /// <param name="report">The finished parse.</param>
    /// <param name="fileName">The uploaded file's name, which prefixes the location of each zip entry.</param>
    public static string? Format(ParseReport report, string fileName)
    {
        if (report.SkippedByReason.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var (reason, count) in report.SkippedByReason.OrderByDescending(pair => pair.Value))
        {
            text.Append(reason).Append(": ").Append(count);
            var entries = EntryNames(report.FirstSkippedAt(reason), fileName);
            if (entries.Count > 0)
            {
                text.Append(count > entries.Count ? " (first in " : " (in ").AppendJoin(", ", entries).Append(')');
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Returns the distinct zip entry names among <paramref name="locations"/>, which skip lines of a plain file.</summary>
    private static List<string> EntryNames(IReadOnlyList<SkipLocation> locations, string fileName)
    {
        var prefix = fileName + "/";
        return locations
            .Where(location => location.Source.StartsWith(prefix, StringComparison.Ordinal))
            .Select(location => location.Source[prefix.Length..])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
