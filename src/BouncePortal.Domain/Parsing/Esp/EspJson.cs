using System.Globalization;
using System.Text.Json;

namespace BouncePortal.Domain.Parsing.Esp;

/// <summary>Lenient readers of ESP event fields, which vendors send as strings or numbers.</summary>
internal static class EspJson
{
    /// <summary>Returns a string or number property as text; null when missing, empty or of another kind.</summary>
    public static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>Returns an object property, or null when missing or not an object.</summary>
    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    /// <summary>Returns the items of an array property; empty when missing or not an array.</summary>
    public static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];

    /// <summary>Returns the text of a string property, or the string items of an array property joined by ", ".</summary>
    public static string? TextOrList(JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            var items = value.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
                .Select(item => item.GetString()!.Trim())
                .ToList();
            return items.Count == 0 ? null : string.Join(", ", items);
        }

        return Text(element, name);
    }

    /// <summary>Reads Unix time in seconds, whole or fractional, from a number or a numeric string.</summary>
    public static DateTimeOffset? UnixSeconds(JsonElement element, string name)
    {
        var text = Text(element, name);
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || seconds is < 0 or > 253_402_300_799)
        {
            return null;
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    /// <summary>Reads an ISO 8601 time; a time without a zone is taken as UTC.</summary>
    public static DateTimeOffset? IsoTime(JsonElement element, string name)
    {
        var text = Text(element, name);
        return text is not null
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
    }

    /// <summary>Removes the angle brackets around a Message-ID.</summary>
    public static string? WithoutAngleBrackets(string? messageId) =>
        messageId is ['<', .. var inner, '>'] ? inner : messageId;

    /// <summary>Joins "key=value" pairs whose value is present with "; ", or returns null when none is.</summary>
    public static string? Verdict(params (string Key, string? Value)[] pairs)
    {
        var present = pairs.Where(p => p.Value is not null).Select(p => $"{p.Key}={p.Value}").ToList();
        return present.Count == 0 ? null : string.Join("; ", present);
    }
}
