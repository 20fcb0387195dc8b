namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Running counts of a parse: lines read, attempts found and lines skipped by reason.
/// </summary>
public sealed class ParseReport
{
    private readonly Dictionary<string, long> skippedByReason = new(StringComparer.Ordinal);

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

    /// <summary>Counts one skipped line under <paramref name="reason"/>.</summary>
    public void Skip(string reason)
    {
        skippedByReason[reason] = skippedByReason.GetValueOrDefault(reason) + 1;
    }
}
