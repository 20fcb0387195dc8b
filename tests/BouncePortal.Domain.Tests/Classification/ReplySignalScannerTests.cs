using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Tests.Classification;

public sealed class ReplySignalScannerTests
{
    [Fact]
    public void SignalCount_MatchesFamilies()
    {
        var families = Enum.GetValues<ReplySignal>().Count(signal => signal != ReplySignal.None);

        Assert.Equal(ReplySignalScanner.SignalCount, families);
    }

    [Fact]
    public void Scan_OverlappingPhrases_FindsEachFamily()
    {
        Span<byte> firstPhrase = stackalloc byte[ReplySignalScanner.SignalCount];

        var signals = ReplySignalScanner.Scan("Host not found, try again later", firstPhrase);

        Assert.True(signals.HasFlag(ReplySignal.HostNotFound));
        Assert.True(signals.HasFlag(ReplySignal.TryAgain));
        Assert.True(signals.HasFlag(ReplySignal.TryAgainLater));
    }

    [Fact]
    public void Scan_IgnoresCase()
    {
        Span<byte> firstPhrase = stackalloc byte[ReplySignalScanner.SignalCount];

        var signals = ReplySignalScanner.Scan("GREYLISTED", firstPhrase);

        Assert.Equal(ReplySignal.Greylisting, signals);
    }

    [Fact]
    public void Phrases_FitByteIndexes()
    {
        Assert.InRange(ReplySignalScanner.AllPhrases.Count(), 1, byte.MaxValue);
    }

    [Fact]
    public void Phrases_AreAsciiAndLongerThanTwo()
    {
        foreach (var phrase in ReplySignalScanner.AllPhrases)
        {
            Assert.True(phrase.Length > 2, phrase);
            Assert.True(System.Text.Ascii.IsValid(phrase), phrase);
        }
    }

    [Fact]
    public void Scan_PhraseInsideWord_DoesNotMatch()
    {
        Span<byte> firstPhrase = stackalloc byte[ReplySignalScanner.SignalCount];

        var signals = ReplySignalScanner.Scan("the filter absorbs nothing", firstPhrase);

        Assert.Equal(ReplySignal.None, signals);
    }

    [Fact]
    public void Scan_PhraseAfterPunctuation_Matches()
    {
        Span<byte> firstPhrase = stackalloc byte[ReplySignalScanner.SignalCount];

        var signals = ReplySignalScanner.Scan("blocked by zen.spamhaus.org", firstPhrase);

        Assert.True(signals.HasFlag(ReplySignal.Blocklist));
    }

    [Fact]
    public void Scan_NonAsciiText_DoesNotThrow()
    {
        Span<byte> firstPhrase = stackalloc byte[ReplySignalScanner.SignalCount];

        var signals = ReplySignalScanner.Scan("Empfänger unbekannt \u00e9\u4e2d greylisted", firstPhrase);

        Assert.True(signals.HasFlag(ReplySignal.Greylisting));
    }
}
