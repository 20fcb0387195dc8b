using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Streams KumoMTA JSON lines log records into delivery attempts.
/// </summary>
public sealed class KumoMtaJsonParser(string source, DateTimeOffset uploadedAt) : IAttemptLogParser
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
