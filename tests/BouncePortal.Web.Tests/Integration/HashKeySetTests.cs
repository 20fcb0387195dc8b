using BouncePortal.Infrastructure.Uploads;

namespace BouncePortal.Web.Tests.Integration;

public sealed class HashKeySetTests
{
    [Fact]
    public void Contains_FindsEveryKeyAndNoOther()
    {
        var random = new Random(7);
        var keys = new ulong[20_000];
        random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(keys.AsSpan()));
        var expected = keys.ToHashSet();

        var set = new HashKeySet((ulong[])keys.Clone(), keys.Length);

        Assert.All(keys, key => Assert.True(set.Contains(key)));
        for (var i = 0; i < 20_000; i++)
        {
            var other = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            Assert.Equal(expected.Contains(other), set.Contains(other));
        }
    }

    [Fact]
    public void Contains_KeysAtBothEndsOfTheRange()
    {
        var set = new HashKeySet([ulong.MaxValue, 0, 1UL << 48, (1UL << 48) - 1], 4);

        Assert.True(set.Contains(0));
        Assert.True(set.Contains(ulong.MaxValue));
        Assert.True(set.Contains(1UL << 48));
        Assert.True(set.Contains((1UL << 48) - 1));
        Assert.False(set.Contains(1));
        Assert.False(set.Contains(ulong.MaxValue - 1));
        Assert.False(set.Contains((1UL << 48) + 1));
    }

    [Fact]
    public void Contains_IgnoresTheUnusedEndOfTheArray()
    {
        // The loader sizes the array by the upload's attempt count, which can exceed the keys read.
        var set = new HashKeySet([5, 9, 42, 0], 2);

        Assert.Equal(2, set.Count);
        Assert.True(set.Contains(5));
        Assert.True(set.Contains(9));
        Assert.False(set.Contains(42));
        Assert.False(set.Contains(0));
    }

    [Fact]
    public void Contains_EmptySet_FindsNothing()
    {
        var set = new HashKeySet([], 0);

        Assert.False(set.Contains(0));
        Assert.False(set.Contains(ulong.MaxValue));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1_000)]
    public void Builder_MoreOrFewerThanExpected_KeepsEveryKey(long expected)
    {
        var builder = new HashKeySet.Builder(expected);
        for (ulong key = 1; key <= 100; key++)
        {
            builder.Add(unchecked(key * 0x9E3779B97F4A7C15));
        }

        var set = builder.Build();

        Assert.Equal(100, set.Count);
        for (ulong key = 1; key <= 100; key++)
        {
            Assert.True(set.Contains(unchecked(key * 0x9E3779B97F4A7C15)));
        }

        Assert.False(set.Contains(unchecked(101 * 0x9E3779B97F4A7C15)));
    }

    [Fact]
    public void Constructor_CountBeyondTheArray_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashKeySet([1, 2], 3));
}
