namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Callback that adds the attempts of the current line of <paramref name="lines"/> to
/// <paramref name="found"/>, or counts the line as skipped.
/// </summary>
internal delegate void LineAttemptReader(LineReader lines, List<DeliveryAttempt> found);

/// <summary>Line loop shared by the line-based MTA log parsers.</summary>
internal static class LineAttempts
{
    /// <summary>
    /// Reads <paramref name="reader"/> line by line, yields the attempts that
    /// <paramref name="readLine"/> adds for each line and counts lines, bytes and attempts in
    /// <paramref name="report"/>. Calls <paramref name="afterLastLine"/> once the input ends,
    /// so a parser can reject a file that never matched its format.
    /// </summary>
    public static IEnumerable<DeliveryAttempt> Read(
        TextReader reader,
        string source,
        int maxLineLength,
        ParseReport report,
        LineAttemptReader readLine,
        Action afterLastLine)
    {
        var lines = new LineReader(reader, source, maxLineLength);
        var found = new List<DeliveryAttempt>();
        while (lines.ReadLine())
        {
            report.BytesRead += lines.Current.Length + lines.TerminatorLength;
            report.SetPosition(source, lines.LineNumber);
            readLine(lines, found);

            // The line counts as read only after it was handled,
            // so a line that raises an error is not among the lines read before it.
            report.LinesRead++;
            if (found.Count == 0)
            {
                continue;
            }

            report.AttemptsFound += found.Count;
            foreach (var attempt in found)
            {
                yield return attempt;
            }

            found.Clear();
        }

        afterLastLine();
    }
}
