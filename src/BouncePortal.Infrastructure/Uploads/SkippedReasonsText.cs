using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The skip counts of a parse as the upload page shows them: one "reason: count" line per reason,
/// most frequent first, naming the zip entries, or else the lines or emails, where the first skips of the reason happened.
/// </summary>
public static partial class SkippedReasonsText
{
    /// <summary>Formats the skip counts of <paramref name="report"/>, or returns null when nothing was skipped.</summary>
    /// <param name="report">The finished parse.</param>
    /// <param name="fileName">The uploaded file's name, which prefixes the location of each zip entry.</param>
    /// <param name="positionNoun">What a position in the file counts, such as "line" or "email" (in an mbox). Default: "line".</param>
    public static string? Format(ParseReport report, string fileName, string positionNoun = "line")
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
            var positions = SkipReasons.IsRoutine(reason) ? [] : Positions(report.FirstSkippedAt(reason), fileName);
            if (entries.Count > 0)
            {
                text.Append(count > entries.Count ? " (first in " : " (in ").AppendJoin(", ", entries).Append(')');
            }
            else if (positions.Count > 0)
            {
                text.Append(count > positions.Count ? " (first at " : " (at ")
                    .Append(positions.Count == 1 ? positionNoun : positionNoun + "s")
                    .Append(' ')
                    .AppendJoin(", ", positions.Select(p => p.ToString("N0", CultureInfo.InvariantCulture)))
                    .Append(')');
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>
    /// Returns how many of the skips that <paramref name="text"/> lists are routine, such as sender,
    /// queue and blank lines that no log records a delivery on (<see cref="SkipReasons.IsRoutine"/>).
    /// </summary>
    /// <param name="text">Text that <see cref="Format"/> wrote, or null when nothing was skipped.</param>
    public static long CountRoutine(string? text)
    {
        long routine = 0;
        foreach (var line in Lines(text))
        {
            if (IsRoutineLine(line, out var count))
            {
                routine += count;
            }
        }

        return routine;
    }

    /// <summary>
    /// Splits the lines of <paramref name="text"/> into the reasons that count as skips and the routine
    /// ones (<see cref="SkipReasons.IsRoutine"/>). Each part is null when it has no line.
    /// </summary>
    /// <param name="text">Text that <see cref="Format"/> wrote, or null when nothing was skipped.</param>
    public static (string? Skipped, string? Routine) SplitRoutine(string? text)
    {
        var skipped = new List<string>();
        var routine = new List<string>();
        foreach (var line in Lines(text))
        {
            (IsRoutineLine(line, out _) ? routine : skipped).Add(line);
        }

        return (Joined(skipped), Joined(routine));
    }

    /// <summary>
    /// Splits the lines of <paramref name="text"/> into the reasons that count items read and those that
    /// count zip entries not read as emails (<see cref="SkipReasons.IsArchiveEntry"/>). Each part is null
    /// when it has no line.
    /// </summary>
    /// <param name="text">Text that <see cref="Format"/> wrote, or null when nothing was skipped.</param>
    public static (string? Items, string? ArchiveEntries) SplitArchiveEntries(string? text)
    {
        var items = new List<string>();
        var entries = new List<string>();
        foreach (var line in Lines(text))
        {
            var match = ReasonLine().Match(line);
            (match.Success && SkipReasons.IsArchiveEntry(match.Groups["reason"].Value) ? entries : items).Add(line);
        }

        return (Joined(items), Joined(entries));
    }

    /// <summary>Reads each "reason: count" line of <paramref name="text"/> back into its reason and count.</summary>
    /// <param name="text">Text that <see cref="Format"/> wrote, or null when nothing was skipped.</param>
    public static IEnumerable<(string Reason, long Count)> Read(string? text)
    {
        foreach (var line in Lines(text))
        {
            var match = ReasonLine().Match(line);
            if (match.Success)
            {
                yield return (match.Groups["reason"].Value, long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    private const string StoredBeforePrefix = "attempt already stored from ";

    /// <summary>
    /// Names an upload as the skip reason of attempts it stored before: its file name and when it
    /// was uploaded, because daily exports often share one file name.
    /// </summary>
    public static string StoredBy(string fileName, DateTimeOffset uploadedAt) =>
        $"{fileName} (uploaded {uploadedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC)";

    /// <summary>Returns the skip reason of an attempt that the upload named by <paramref name="fileName"/> and <paramref name="uploadedAt"/> stored before.</summary>
    public static string StoredBefore(string fileName, DateTimeOffset uploadedAt) => StoredBeforePrefix + StoredBy(fileName, uploadedAt);

    /// <summary>
    /// Returns the earlier uploads that <paramref name="text"/> names as having stored attempts
    /// already, each as <see cref="StoredBy"/> names it, with the number of attempts skipped, in its order.
    /// </summary>
    /// <param name="text">Text that <see cref="Format"/> wrote, or null when nothing was skipped.</param>
    public static IReadOnlyList<(string Upload, long Count)> StoredBefore(string? text) =>
        Read(text)
            .Where(skip => skip.Reason.StartsWith(StoredBeforePrefix, StringComparison.Ordinal))
            .Select(skip => (skip.Reason[StoredBeforePrefix.Length..], skip.Count))
            .ToList();

    private static string[] Lines(string? text) => (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Returns true when <paramref name="line"/> is a "reason: count" line of a routine reason, with its count.</summary>
    private static bool IsRoutineLine(string line, out long count)
    {
        var match = ReasonLine().Match(line);
        var routine = match.Success && SkipReasons.IsRoutine(match.Groups["reason"].Value);
        count = routine ? long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture) : 0;
        return routine;
    }

    private static string? Joined(List<string> lines) => lines.Count == 0 ? null : string.Join('\n', lines);

    // "reason: count", then the zip entries or the positions of the first skips in parentheses where there are some.
    [GeneratedRegex(@"^(?<reason>.+): (?<count>\d+)(?: \((?:first )?(?:in|at) .*\))?$")]
    private static partial Regex ReasonLine();

    /// <summary>
    /// Returns the distinct line or email numbers of the plain file among <paramref name="locations"/>,
    /// which name routine skips too, so the caller asks only for the others.
    /// </summary>
    private static List<long> Positions(IReadOnlyList<SkipLocation> locations, string fileName) =>
        locations
            .Where(location => location.Source == fileName && location.Number is not null)
            .Select(location => location.Number!.Value)
            .Distinct()
            .ToList();

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
