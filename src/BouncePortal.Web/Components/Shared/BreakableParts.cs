namespace BouncePortal.Web.Components.Shared;

/// <summary>
/// Splits an address-like value at the points where a line may break: after each @ and before each dot.
/// </summary>
internal static class BreakableParts
{
    /// <summary>The maximum length of a part that is never broken inside. A longer part may wrap anywhere.</summary>
    public const int LongPartLength = 30;

    /// <summary>Returns the parts of <paramref name="value"/> in order. Joined, they are the value itself.</summary>
    public static IReadOnlyList<string> Split(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        var parts = new List<string>();
        var start = 0;
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i - 1] == '@' || value[i] == '.')
            {
                parts.Add(value[start..i]);
                start = i;
            }
        }

        parts.Add(value[start..]);
        return parts;
    }
}
