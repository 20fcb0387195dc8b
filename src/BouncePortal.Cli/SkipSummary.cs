using System.Globalization;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Email;
using BouncePortal.Domain.Parsing.Esp;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Mta;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Cli;

/// <summary>
/// Writes what <c>classify</c> skipped in each file, with the count and locations per reason and
/// what the user can do about it.
/// </summary>
internal static class SkipSummary
{
    private const string TimestampAdvice = "Fix or fill in the time of these records, or export them again with their timestamps.";
    private const string RecipientAdvice = "Export these records again with the recipient address filled in.";
    private const string EventAdvice = "Check that the file is the provider's event export with one event object per record, or name its format with --format.";
    private const string FormatAdvice = "Run with --verbose to see the format the file was read as, and name the right one with --format if it is wrong.";

    /// <summary>What the user can do about the items skipped under each reason that is not routine.</summary>
    private static readonly Dictionary<string, string> AdviceByReason = new(StringComparer.Ordinal)
    {
        [SkipReasons.NotPostfix] = "A shared mail log also contains lines of other programs. If the file is not a Postfix maillog, name its format with --format.",
        [SkipReasons.UnknownStatus] = "Only the statuses sent, deferred, bounced and expired are read as delivery results, so check these lines if they should count.",
        [SkipReasons.ExpiredWithoutDeferral] = "If the deferrals of these messages are in an older log, join the older log and this one into one file, oldest first, and classify that file.",
        [MtaSkipReasons.NotThisFormat] = "If the file mixes logs of several programs or is not in the format it was read as, split it or name its format with --format.",
        [MtaSkipReasons.PowerMtaUnknownType] = "Only records of type d, b and t are read as delivery results, so check the type column of these lines.",
        [MtaSkipReasons.InvalidTimestamp] = TimestampAdvice,
        [MtaSkipReasons.NoRecipient] = RecipientAdvice,
        [EspSkipReasons.NotAnObject] = EventAdvice,
        [EspSkipReasons.NoEventType] = EventAdvice,
        [EspSkipReasons.NoRecipient] = RecipientAdvice,
        [EspSkipReasons.NoTimestamp] = TimestampAdvice,
        [SequencerCsvParser.InvalidRecipient] = "Fix or fill in the recipient address of these rows, or export the CSV again with its recipient address column.",
        [SequencerCsvParser.InvalidTimestamp] = TimestampAdvice,
        [SequencerCsvParser.NotDayFirst] = "If the file writes dates month first (MM/DD/YYYY), run with --date-order month-first; otherwise fix the dates of these rows.",
        [SequencerCsvParser.NotMonthFirst] = "If the file writes dates day first (DD/MM/YYYY), run with --date-order day-first; otherwise fix the dates of these rows.",
        [EmailSkipReasons.NoRecipient] = "Check that each such email is a bounce (a delivery status notification or non-delivery report), not a reply or an auto-reply, and save it as received instead of forwarding it inline.",
        [EmailSkipReasons.NotAnEmail] = "Nothing is needed if these entries are notes or attachments. If one is a bounce, save it as received (.eml or mbox) and add it to the archive again.",
        [EmailSkipReasons.NestedArchive] = "Unpack the inner zip and classify its files, or add them to the outer archive.",
    };

    /// <summary>
    /// Returns true when no file gave a delivery attempt and at least one skipped something, which
    /// <c>classify</c> reports as an input error.
    /// </summary>
    public static bool NothingClassified(IReadOnlyCollection<ParsedFile> files) =>
        files.All(file => file.Report.AttemptsFound == 0) && files.Any(file => file.Report.LinesSkipped > 0);

    /// <summary>
    /// Writes one block per file that skipped items other than routine ones (blank lines, sender and
    /// queue lines, ...). A file that gave no attempt lists every reason, and so does
    /// <paramref name="listRoutine"/>.
    /// </summary>
    public static void Write(TextWriter output, IEnumerable<ParsedFile> files, bool listRoutine)
    {
        foreach (var file in files)
        {
            WriteFile(output, file, listRoutine);
        }
    }

    private static void WriteFile(TextWriter output, ParsedFile file, bool listRoutine)
    {
        var report = file.Report;
        var nothingFound = report.AttemptsFound == 0;
        var listed = report.SkippedByReason
            .Where(pair => nothingFound || listRoutine || !SkipReasons.IsRoutine(pair.Key))
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .ToList();
        if (listed.Count == 0)
        {
            return;
        }

        var unit = UnitOf(file.Format);
        var total = listed.Sum(pair => pair.Value);
        var noun = Plural(total, NounOf(file.Format, listed.Select(pair => pair.Key)));
        output.WriteLine(nothingFound
            ? Invariant($"bounceportal: {file.Path}: no delivery attempt found (read as {InputFormats.NameOf(file.Format)}); skipped {total:N0} {noun}:")
            : Invariant($"bounceportal: {file.Path}: skipped {total:N0} {(listRoutine ? noun : $"{noun} without a readable delivery attempt")}:"));

        var advised = false;
        foreach (var (reason, count) in listed)
        {
            output.WriteLine(Invariant($"  {reason}: {count:N0}{DescribeLocations(file.Path, report.FirstSkippedAt(reason), count, unit)}"));
            if (SkipReasons.IsRoutine(reason))
            {
                continue;
            }

            output.WriteLine($"    {AdviceByReason.GetValueOrDefault(reason, FormatAdvice)}");
            advised = true;
        }

        if (nothingFound && !advised)
        {
            output.WriteLine($"  If {file.Path} is not a {InputFormats.NameOf(file.Format)} file, name its format with --format. Otherwise the file contains no delivery attempt.");
        }
    }

    /// <summary>Returns " (line 3)", " (first at lines 3, 7 and 9)" or " (inner.mbox email 2)", or empty when no location is known.</summary>
    private static string DescribeLocations(string path, IReadOnlyList<SkipLocation> locations, long count, string unit)
    {
        var parts = new List<string>();
        foreach (var group in GroupBySource(locations))
        {
            var numbers = group.Where(location => location.Number is not null).Select(location => location.Number!.Value).ToList();
            var numbered = numbers.Count == 0 ? null : $"{Plural(numbers.Count, unit)} {JoinWithAnd(numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)))}";
            var entry = group[0].Source == path ? null : EntryName(path, group[0].Source);
            if (entry is not null || numbered is not null)
            {
                parts.Add(string.Join(' ', new[] { entry, numbered }.OfType<string>()));
            }
        }

        if (parts.Count == 0)
        {
            return string.Empty;
        }

        var first = count > locations.Count ? "first at " : string.Empty;
        return $" ({first}{JoinWithAnd(parts)})";
    }

    /// <summary>Splits the locations into runs that share a file or zip entry, in input order.</summary>
    private static List<List<SkipLocation>> GroupBySource(IReadOnlyList<SkipLocation> locations)
    {
        var groups = new List<List<SkipLocation>>();
        foreach (var location in locations)
        {
            if (groups.Count > 0 && groups[^1][0].Source == location.Source)
            {
                groups[^1].Add(location);
            }
            else
            {
                groups.Add([location]);
            }
        }

        return groups;
    }

    /// <summary>Returns a zip entry's name within the archive at <paramref name="path"/>.</summary>
    private static string EntryName(string path, string source) =>
        source.StartsWith(path + "/", StringComparison.Ordinal) ? source[(path.Length + 1)..] : source;

    /// <summary>Returns what a location's number counts: emails in an mbox, else lines.</summary>
    private static string UnitOf(InputFormat format) => format == InputFormat.BounceEmail ? "email" : "line";

    /// <summary>Returns what the skipped items of a file are called in the summary's first line.</summary>
    private static string NounOf(InputFormat format, IEnumerable<string> reasons) => format switch
    {
        // A zip archive also skips folders, metadata and nested archives, which are entries, not emails.
        InputFormat.BounceEmail => reasons.All(reason => reason == EmailSkipReasons.NoRecipient) ? "email" : "item",
        InputFormat.SendGrid or InputFormat.Mailgun or InputFormat.AmazonSes or InputFormat.Postmark => "record",
        _ => "line",
    };

    private static string Plural(long count, string noun) => count == 1 ? noun : noun + "s";

    private static string JoinWithAnd(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
