namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>Reading of ASCII decimal numbers inside log timestamps.</summary>
internal static class Digits
{
    /// <summary>Reads ASCII digits as a number, or returns -1 when any character is not a digit.</summary>
    public static int Read(ReadOnlySpan<char> text)
    {
        var value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = value * 10 + (c - '0');
        }

        return value;
    }

    /// <summary>Reads an optional ".digits" at <paramref name="position"/> as ticks (100 ns), ignoring digits past the seventh.</summary>
    public static long ReadFraction(ReadOnlySpan<char> text, ref int position)
    {
        if (position >= text.Length || text[position] != '.')
        {
            return 0;
        }

        position++;
        long ticks = 0;
        var count = 0;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            if (count < 7)
            {
                ticks = ticks * 10 + (text[position] - '0');
                count++;
            }

            position++;
        }

        for (; count < 7; count++)
        {
            ticks *= 10;
        }

        return ticks;
    }
}
