using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// Reads bounce emails (a single .eml, an mbox file, or a .zip of them) into one delivery
/// attempt per recipient, in the order of each email.
/// </summary>
public sealed class BounceEmailReader(string source, BounceSourceOptions options)
{
    /// <summary>The file's name, used in attempts and error messages.</summary>
    public string Source { get; } = source;

    /// <summary>The reading options (upload time, decompression limits).</summary>
    public BounceSourceOptions Options { get; } = options;

    /// <summary>Counts for the read so far.</summary>
    public ParseReport Report { get; } = new();

    /// <summary>
    /// Reads <paramref name="stream"/> (already gzip-decompressed) to the end. Throws
    /// <see cref="LogFormatException"/> for damaged input, unsafe zip entries or decompression bombs.
    /// </summary>
    public IEnumerable<DeliveryAttempt> Read(Stream stream) => throw new NotImplementedException();
}
