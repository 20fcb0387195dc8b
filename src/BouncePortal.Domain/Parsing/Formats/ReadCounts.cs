using System.Globalization;

namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// Wording of the counts a parse shows people, because <see cref="ParseReport.LinesRead"/>
/// counts emails in bounce emails, JSON events and CSV rows in exports, and lines elsewhere.
/// </summary>
public static class ReadCounts
{
    /// <summary>Returns the singular noun for one item that <see cref="ParseReport.LinesRead"/> counts in <paramref name="format"/>, or "line" when the format is unknown.</summary>
    public static string ItemNoun(InputFormat? format) => format switch
    {
        InputFormat.BounceEmail => "email",
        InputFormat.SendGrid or InputFormat.Mailgun or InputFormat.AmazonSes or InputFormat.Postmark => "record",

        // A sequencer export counts its data rows, not its header, and a quoted field may span lines.
        InputFormat.SequencerCsv => "row",
        _ => "line",
    };

    /// <summary>
    /// Returns what a skip's position in a file of <paramref name="format"/> counts: "email" for the
    /// emails of an mbox, else "line", because the parsers of records and rows report the line that
    /// a record or row starts on.
    /// </summary>
    public static string PositionNoun(InputFormat? format) => format == InputFormat.BounceEmail ? "email" : "line";

    /// <summary>Formats a count with its noun, singular for exactly one: "1 email", "3,000 lines".</summary>
    /// <param name="count">The count, formatted with group separators in the invariant culture.</param>
    /// <param name="noun">A singular noun whose plural adds "s".</param>
    public static string Describe(long count, string noun) => Describe(count, noun, noun + "s");

    /// <summary>Formats a count with the singular or plural noun: "1 mailbox", "3 mailboxes".</summary>
    /// <param name="count">The count, formatted with group separators in the invariant culture.</param>
    /// <param name="singular">The noun for exactly one.</param>
    /// <param name="plural">The noun for any other count.</param>
    public static string Describe(long count, string singular, string plural) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? singular : plural)}");
}
