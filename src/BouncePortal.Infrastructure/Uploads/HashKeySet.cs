namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// A read-only set of 64-bit hashes in 8 bytes each: the hashes sorted, and the start of each
/// range that shares its top 16 bits. A lookup searches only that range, about 15 hashes per
/// million stored. A <see cref="HashSet{T}"/> of the same hashes takes about 20 bytes each.
/// </summary>
internal sealed class HashKeySet
{
    private const int PrefixBits = 16;

    private readonly ulong[] keys;
    private readonly int count;
    private readonly int[] starts;

    /// <param name="keys">The hashes, in any order; the set sorts and keeps the array.</param>
    /// <param name="count">How many of <paramref name="keys"/> are hashes; the rest is unused.</param>
    public HashKeySet(ulong[] keys, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, keys.Length);
        this.keys = keys;
        this.count = count;
        var sorted = keys.AsSpan(0, count);
        sorted.Sort();

        // starts[p] is the index of the first hash whose prefix is p or more; starts[p + 1] ends its range.
        starts = new int[(1 << PrefixBits) + 1];
        var next = 0;
        for (var prefix = 0; prefix < starts.Length; prefix++)
        {
            while (next < count && Prefix(sorted[next]) < (ulong)prefix)
            {
                next++;
            }

            starts[prefix] = next;
        }
    }

    /// <summary>Hashes in the set, counting repeats.</summary>
    public int Count => count;

    /// <summary>Returns true when the set contains <paramref name="key"/>.</summary>
    public bool Contains(ulong key)
    {
        var prefix = (int)Prefix(key);
        var start = starts[prefix];
        return keys.AsSpan(start, starts[prefix + 1] - start).BinarySearch(key) >= 0;
    }

    private static ulong Prefix(ulong key) => key >> (64 - PrefixBits);

    /// <summary>
    /// Collects hashes for a <see cref="HashKeySet"/> in one array, sized by the expected count so
    /// that it is not copied as it fills. More hashes than expected grow it.
    /// </summary>
    public sealed class Builder(long expected)
    {
        private ulong[] keys = new ulong[Math.Clamp(expected, 0, Array.MaxLength)];
        private int count;

        /// <summary>Adds one hash.</summary>
        public void Add(ulong key)
        {
            if (count == keys.Length)
            {
                Array.Resize(ref keys, Math.Max(16, keys.Length * 2));
            }

            keys[count++] = key;
        }

        /// <summary>Sorts the hashes into a set; the builder is not used after.</summary>
        public HashKeySet Build() => new(keys, count);
    }
}
