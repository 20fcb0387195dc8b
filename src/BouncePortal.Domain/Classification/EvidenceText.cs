using System.Collections.Concurrent;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Evidence strings that combine a code with a phrase, built once per combination and reused.
/// </summary>
internal static class EvidenceText
{
    // Caps the cache so that garbage input cannot grow it without bound.
    private const int MaxCachedEntries = 4096;

    private static readonly ConcurrentDictionary<long, string> Combined = new();

    public static string CodeAndPhrase(EnhancedStatusCode code, bool codeFromLog, int phraseIndex)
    {
        var codeKey = (code.Class * 1000L + code.Subject) * 1000L + code.Detail;
        var key = (codeKey * 256 + phraseIndex) * 2 + (codeFromLog ? 1 : 0);
        if (Combined.TryGetValue(key, out var text))
        {
            return text;
        }

        text = $"{code.ToEvidence(codeFromLog)} and '{ReplySignalScanner.Phrase(phraseIndex)}'";
        if (Combined.Count < MaxCachedEntries)
        {
            Combined.TryAdd(key, text);
        }

        return text;
    }
}
