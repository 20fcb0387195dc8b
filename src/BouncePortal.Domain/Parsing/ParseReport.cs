using System.Runtime.InteropServices;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Running counts of a parse: lines read, attempts found, and lines skipped by reason with the
/// locations of the first skips of each reason.
/// </summary>
/// <remarks>
/// Each line, record or email counted in <see cref="LinesRead"/> is either skipped under exactly one
/// reason or gives at least one attempt. Parsers count an item as read only once they are done with
/// it, so the item at which a parse stops with an error is not counted. Zip entries that are not
/// emails are skipped without being read (<see cref="SkipReasons.IsArchiveEntry"/>).
/// </remarks>
public sealed class ParseReport
{
    /// <summary>How many locations <see cref="FirstSkippedAt"/> keeps per reason.</summary>
    public const int MaxLocationsPerReason = 3;

    private readonly Dictionary<string, long> skippedByReason = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SkipLocation>> locationsByReason = new(StringComparer.Ordinal);
    private string? currentSource;
    private long? currentNumber;

    /// <summary>Lines read so far.</summary>
    public long LinesRead { get; internal set; }

    /// <summary>Delivery attempts produced so far.</summary>
    public long AttemptsFound { get; internal set; }

    /// <summary>Bytes of (decompressed) input consumed so far.</summary>
    public long BytesRead { get; internal set; }

    /// <summary>Lines that produced no attempt, counted by reason ("not a delivery line", ...).</summary>
    public IReadOnlyDictionary<string, long> SkippedByReason => skippedByReason;

    /// <summary>Total of all skipped lines.</summary>
    public long LinesSkipped => skippedByReason.Values.Sum();

    /// <summary>Skipped zip entries that are not emails, which <see cref="LinesRead"/> does not count.</summary>
    public long ArchiveEntriesSkipped =>
        skippedByReason.Where(pair => SkipReasons.IsArchiveEntry(pair.Key)).Sum(pair => pair.Value);

    /// <summary>Lines, records or emails read that gave at least one attempt.</summary>
    public long LinesWithAttempts => LinesRead - (LinesSkipped - ArchiveEntriesSkipped);

    /// <summary>
    /// Raised with a message id (Postfix queue id) when the log shows that the message has left the
    /// queue, so no further attempt of it follows. Consumers use it to release per-message state.
    /// </summary>
    public event Action<string>? MessageCompleted;

    /// <summary>Raises <see cref="MessageCompleted"/>; allocates the id string only when someone listens.</summary>
    public void CompleteMessage(ReadOnlySpan<char> messageId)
    {
        MessageCompleted?.Invoke(messageId.ToString());
    }

    /// <summary>
    /// Sets the location of the item now being read, so that skipping it records that location.
    /// Parsers call it before they read each line, record or email.
    /// </summary>
    /// <param name="source">The file's name, or <c>archive/entry</c> for an entry of a zip archive.</param>
    /// <param name="number">The 1-based line, or a bounce email's position in its mbox; null when the source is a single email.</param>
    public void SetPosition(string source, long? number)
    {
        currentSource = source;
        currentNumber = number;
    }

    /// <summary>
    /// Returns the locations of the first skips of <paramref name="reason"/>, in input order, at most
    /// <see cref="MaxLocationsPerReason"/> of them. It is empty when the parser set no position.
    /// </summary>
    public IReadOnlyList<SkipLocation> FirstSkippedAt(string reason) =>
        locationsByReason.TryGetValue(reason, out var locations) ? locations : [];

    /// <summary>Counts one skipped line under <paramref name="reason"/>, at the position set last.</summary>
    public void Skip(string reason) => Skip(reason, 1);

    /// <summary>
    /// Counts <paramref name="lines"/> skipped lines under <paramref name="reason"/>, recording the
    /// position set last as one location.
    /// </summary>
    public void Skip(string reason, long lines)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(skippedByReason, reason, out _);
        var before = count;
        count += lines;
        if (before >= MaxLocationsPerReason || currentSource is null)
        {
            return;
        }

        ref var locations = ref CollectionsMarshal.GetValueRefOrAddDefault(locationsByReason, reason, out _);
        locations ??= new List<SkipLocation>(MaxLocationsPerReason);
        locations.Add(new SkipLocation(currentSource, currentNumber));
    }
}

