using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Hashes what identifies one logged delivery attempt: its time, message id, recipient and reply.
/// Two files that both contain an attempt, such as a log beside a partial re-export of it, give it
/// the same hash, so it can be counted once. Not thread-safe: use one instance per thread.
/// </summary>
public sealed class AttemptIdentity
{
    private readonly XxHash3 hasher = new();

    /// <summary>Returns the 64-bit hash of <paramref name="attempt"/>'s identity.</summary>
    public ulong Hash(DeliveryAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return Hash(attempt.Timestamp.UtcDateTime, attempt.QueueId, attempt.Recipient, attempt.Reply);
    }

    /// <summary>
    /// Returns the 64-bit hash of an attempt's identity. Times count in whole microseconds, the
    /// precision PostgreSQL stores, so a stored attempt hashes as it did when it was read.
    /// </summary>
    public ulong Hash(DateTime at, string? queueId, string recipient, string? reply)
    {
        hasher.Reset();
        Span<byte> micros = stackalloc byte[sizeof(long)];
        MemoryMarshal.Write(micros, at.Ticks / TimeSpan.TicksPerMicrosecond);
        hasher.Append(micros);
        AppendText(queueId);
        AppendText(recipient);
        AppendText(reply);
        return hasher.GetCurrentHashAsUInt64();
    }

    private void AppendText(string? text)
    {
        // The length separates the fields, so "ab" + "c" and "a" + "bc" differ.
        Span<byte> length = stackalloc byte[sizeof(int)];
        MemoryMarshal.Write(length, text?.Length ?? -1);
        hasher.Append(length);
        hasher.Append(MemoryMarshal.AsBytes(text.AsSpan()));
    }
}
