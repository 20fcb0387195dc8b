using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Rows of one table, encoded for SQLite by the thread that produces them: integers as they are
/// and text as UTF-8 in one pinned buffer. The thread that inserts them then binds every value
/// without converting or copying it (<see cref="SqliteRowInserter"/>). Add exactly the inserter's
/// columns for each row, in its order; <see cref="Clear"/> makes the chunk reusable.
/// </summary>
internal sealed class SqliteRowChunk
{
    internal const int IntegerCell = -1;
    internal const int NullCell = -2;

    private readonly Cell[] cells;
    private byte[] text;
    private int textLength;
    private int cellCount;
    private char[] lowered = [];

    /// <param name="columns">Values per row.</param>
    /// <param name="capacity">Rows the chunk holds.</param>
    /// <param name="textBytes">The text buffer's first size; it grows when a chunk needs more.</param>
    public SqliteRowChunk(int columns, int capacity, int textBytes)
    {
        Columns = columns;
        Capacity = capacity;
        cells = new Cell[columns * capacity];
        text = NewTextBuffer(textBytes);
    }

    /// <summary>Values per row.</summary>
    public int Columns { get; }

    /// <summary>Rows the chunk holds.</summary>
    public int Capacity { get; }

    /// <summary>Complete rows added so far.</summary>
    public int Count => cellCount / Columns;

    /// <summary>True when no further row fits.</summary>
    public bool IsFull => cellCount == cells.Length;

    /// <summary>The values added, row after row.</summary>
    internal ReadOnlySpan<Cell> Cells => cells.AsSpan(0, cellCount);

    /// <summary>
    /// The address of the text buffer. The buffer lives on the pinned object heap, so the address
    /// holds as long as the chunk is referenced and not written to.
    /// </summary>
    internal IntPtr TextAddress => Marshal.UnsafeAddrOfPinnedArrayElement(text, 0);

    /// <summary>Forgets every row, keeping the buffers.</summary>
    public void Clear()
    {
        cellCount = 0;
        textLength = 0;
    }

    /// <summary>Adds an integer.</summary>
    public void Add(long value) => cells[cellCount++] = new Cell(value, IntegerCell);

    /// <summary>Adds an integer, or NULL.</summary>
    public void Add(long? value)
    {
        if (value is { } number)
        {
            Add(number);
        }
        else
        {
            AddNull();
        }
    }

    /// <summary>Adds 1 or 0, as SQLite stores a boolean.</summary>
    public void Add(bool value) => Add(value ? 1L : 0L);

    /// <summary>Adds NULL.</summary>
    public void AddNull() => cells[cellCount++] = new Cell(0, NullCell);

    /// <summary>Adds text, or NULL.</summary>
    public void Add(string? value)
    {
        if (value is null)
        {
            AddNull();
            return;
        }

        var target = ReserveText(Encoding.UTF8.GetMaxByteCount(value.Length));
        AddText(Encoding.UTF8.GetBytes(value, target));
    }

    /// <summary>Adds the text lower-cased with the invariant culture, or NULL.</summary>
    public void AddLowerInvariant(string? value)
    {
        if (value is null)
        {
            AddNull();
            return;
        }

        AddLowerInvariant(value.AsSpan());
    }

    /// <summary>Adds the text lower-cased with the invariant culture.</summary>
    public void AddLowerInvariant(ReadOnlySpan<char> value)
    {
        var target = ReserveText(Encoding.UTF8.GetMaxByteCount(value.Length));
        if (Ascii.ToLower(value, target, out var written) == OperationStatus.Done)
        {
            AddText(written);
            return;
        }

        // Not ASCII: the invariant culture's rules, as string.ToLowerInvariant applies them.
        if (lowered.Length < value.Length)
        {
            lowered = new char[Math.Max(value.Length, lowered.Length * 2)];
        }

        var lower = lowered.AsSpan(0, value.Length);
        value.ToLowerInvariant(lower);
        AddText(Encoding.UTF8.GetBytes(lower, target));
    }

    /// <summary>Adds a UTC time in EF Core's SQLite text form, <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>.</summary>
    /// <remarks>
    /// Written digit by digit, because the general formatter took about a tenth of the parsing
    /// thread's time in a profile. The fraction keeps its significant digits only, and is left out
    /// with its point when zero.
    /// </remarks>
    public void Add(DateTime utc)
    {
        var target = ReserveText(27);
        var (year, month, day) = utc;
        Digits(target, 0, year, 4);
        target[4] = (byte)'-';
        Digits(target, 5, month, 2);
        target[7] = (byte)'-';
        Digits(target, 8, day, 2);
        target[10] = (byte)' ';
        Digits(target, 11, utc.Hour, 2);
        target[13] = (byte)':';
        Digits(target, 14, utc.Minute, 2);
        target[16] = (byte)':';
        Digits(target, 17, utc.Second, 2);

        var length = 19;
        var fraction = (int)(utc.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            target[19] = (byte)'.';
            Digits(target, 20, fraction, digits);
            length = 20 + digits;
        }

        AddText(length);
    }

    /// <summary>The text form EF Core's SQLite provider writes for <see cref="DateTime"/>.</summary>
    internal const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    /// <summary>Writes <paramref name="value"/> as exactly <paramref name="count"/> decimal digits.</summary>
    private static void Digits(Span<byte> target, int start, int value, int count)
    {
        for (var i = start + count - 1; i >= start; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static byte[] NewTextBuffer(int bytes) => GC.AllocateUninitializedArray<byte>(bytes, pinned: true);

    /// <summary>Room for <paramref name="bytes"/> more bytes of text, growing the buffer when needed.</summary>
    private Span<byte> ReserveText(int bytes)
    {
        if (text.Length - textLength < bytes)
        {
            // Cells hold offsets, not addresses, so they stay valid in the larger buffer.
            var larger = NewTextBuffer(Math.Max(text.Length * 2, textLength + bytes));
            text.AsSpan(0, textLength).CopyTo(larger);
            text = larger;
        }

        return text.AsSpan(textLength);
    }

    private void AddText(int length)
    {
        cells[cellCount++] = new Cell(textLength, length);
        textLength += length;
    }

    /// <summary>
    /// One value: an integer when <see cref="Length"/> is <see cref="IntegerCell"/>, NULL when it is
    /// <see cref="NullCell"/>, else UTF-8 text of that many bytes at offset <see cref="Value"/>.
    /// </summary>
    internal readonly record struct Cell(long Value, int Length);
}
