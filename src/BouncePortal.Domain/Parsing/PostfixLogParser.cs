namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Streams a Postfix maillog into delivery attempts, joining the sender from the qmgr
/// <c>from=</c> line by queue id and carrying qmgr <c>status=expired</c> to the recipients
/// still deferred, with their last deferral's reply.
/// </summary>
public sealed class PostfixLogParser
{
    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received: syslog timestamps carry no year, so the year is inferred from it.</param>
    public PostfixLogParser(string source, DateTimeOffset uploadedAt)
    {
        Source = source;
        UploadedAt = uploadedAt;
    }

    /// <summary>The file's name.</summary>
    public string Source { get; }

    /// <summary>The reference time for the year of syslog timestamps.</summary>
    public DateTimeOffset UploadedAt { get; }

    /// <summary>Counts for the parse so far.</summary>
    public ParseReport Report { get; } = new();

    /// <summary>
    /// Reads <paramref name="reader"/> to the end, yielding attempts in log order.
    /// Throws <see cref="LogFormatException"/> when the input is not a Postfix log or is truncated.
    /// </summary>
    public IEnumerable<DeliveryAttempt> Parse(TextReader reader) => throw new NotImplementedException();
}
