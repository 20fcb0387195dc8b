using System.Collections.Concurrent;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// RFC 3463 enhanced status code (class.subject.detail) held as numbers, so rules compare
/// integers instead of strings. The default value means "no code".
/// </summary>
internal readonly record struct EnhancedStatusCode(int Class, int Subject, int Detail)
{
    // Caps each cache so that garbage input cannot grow it without bound; codes past the cap
    // are formatted on every call instead.
    private const int MaxCachedEntries = 4096;

    private static readonly ConcurrentDictionary<int, string> CodeTexts = new();
    private static readonly ConcurrentDictionary<int, string> ReplyEvidenceTexts = new();
    private static readonly ConcurrentDictionary<int, string> LogEvidenceTexts = new();

    public bool IsPresent => Class != 0;

    public bool IsTransient => Class == 4;

    public bool Is(int subject, int detail) => Subject == subject && Detail == detail;

    /// <summary>
    /// Reads a code such as <c>5.1.1</c> or <c>5.7.520</c> at the start of <paramref name="text"/>.
    /// The class must be 2, 4 or 5, subject and detail 1-3 digits each, and the code must not
    /// run on into more digits (so an IP address such as 5.1.1.9 is not a code).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> text, out EnhancedStatusCode code, out int length)
    {
        code = default;
        length = 0;

        if (text.Length < 5 || text[0] is not ('2' or '4' or '5') || text[1] != '.')
        {
            return false;
        }

        var position = 2;
        if (!TryReadNumber(text, ref position, out var subject) || position >= text.Length || text[position] != '.')
        {
            return false;
        }

        position++;
        if (!TryReadNumber(text, ref position, out var detail))
        {
            return false;
        }

        var runsOn = position < text.Length
            && (char.IsAsciiDigit(text[position])
                || (text[position] == '.' && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1])));
        if (runsOn)
        {
            return false;
        }

        code = new EnhancedStatusCode(text[0] - '0', subject, detail);
        length = position;
        return true;
    }

    /// <summary>Parses a whole string such as a Postfix <c>dsn=</c> value; surrounding spaces are allowed.</summary>
    public static EnhancedStatusCode ParseOrNone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return default;
        }

        var trimmed = value.AsSpan().Trim();
        return TryRead(trimmed, out var code, out var length) && length == trimmed.Length ? code : default;
    }

    /// <summary>Formats the code, reusing one string per code.</summary>
    public override string ToString() => Cached(CodeTexts, string.Empty);

    /// <summary>Describes the code as evidence, naming whether the reply or the log carried it.</summary>
    public string ToEvidence(bool fromLog) =>
        fromLog ? Cached(LogEvidenceTexts, "logged enhanced code ") : Cached(ReplyEvidenceTexts, "enhanced code ");

    private string Cached(ConcurrentDictionary<int, string> cache, string prefix)
    {
        var key = (Class * 1000 + Subject) * 1000 + Detail;
        if (cache.TryGetValue(key, out var text))
        {
            return text;
        }

        text = $"{prefix}{Class}.{Subject}.{Detail}";
        if (cache.Count < MaxCachedEntries)
        {
            cache.TryAdd(key, text);
        }

        return text;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> text, ref int position, out int value)
    {
        value = 0;
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]) && position - start < 3)
        {
            value = value * 10 + (text[position] - '0');
            position++;
        }

        return position > start;
    }
}
