namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// A streaming parser of one text format into delivery attempts.
/// </summary>
public interface IAttemptLogParser
{
    /// <summary>Counts for the parse so far.</summary>
    ParseReport Report { get; }

    /// <summary>
    /// Reads <paramref name="reader"/> to the end, yielding attempts in input order. Throws
    /// <see cref="LogFormatException"/> naming the file, the line and what to fix when the input
    /// is not of this format or is damaged.
    /// </summary>
    IEnumerable<DeliveryAttempt> Parse(TextReader reader);
}
