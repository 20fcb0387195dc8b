namespace BouncePortal.Domain.Parsing.Email;

/// <summary>The CRC-32 that zip archives use (IEEE 802.3, reflected polynomial 0xEDB88320).</summary>
internal static class Crc32
{
    private static readonly uint[] Table = CreateTable();

    /// <summary>
    /// Adds <paramref name="data"/> to a running value that starts at <see cref="uint.MaxValue"/>;
    /// the checksum is the bitwise complement of the final value.
    /// </summary>
    public static uint Append(uint running, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            running = Table[(running ^ b) & 0xFF] ^ (running >> 8);
        }

        return running;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? 0xEDB88320 ^ (value >> 1) : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
