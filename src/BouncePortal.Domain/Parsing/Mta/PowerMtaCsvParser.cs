using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Streams a PowerMTA accounting CSV, mapped by its header row into delivery attempts.
/// </summary>
public sealed class PowerMtaCsvParser(string source, DateTimeOffset uploadedAt) : IAttemptLogParser
{
    /// <summary>The file's name, used in attempts and error messages.</summary>
    public string Source { get; } = source;

    /// <summary>When the file was received.</summary>
    public DateTimeOffset UploadedAt { get; } = uploadedAt;

    /// <inheritdoc />
    public ParseReport Report { get; } = new();

    /// <inheritdoc />
    public IEnumerable<DeliveryAttempt> Parse(TextReader reader) => throw new NotImplementedException();
}
