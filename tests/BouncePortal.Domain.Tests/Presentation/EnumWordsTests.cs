using System.ComponentModel;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Presentation;
using BouncePortal.Domain.Ramp;

namespace BouncePortal.Domain.Tests.Presentation;

public sealed class EnumWordsTests
{
    [Fact]
    public void Of_PascalCase_SplitsIntoWords()
    {
        Assert.Equal("Receiver infrastructure", EnumWords.Of(Blame.ReceiverInfrastructure));
        Assert.Equal("New mailbox", EnumWords.Of(RampKind.NewMailbox));
        Assert.Equal("Stop the bleed", EnumWords.Of(Sample.StopTheBleed));
    }

    [Fact]
    public void Of_OneWord_StaysAsIs()
    {
        Assert.Equal("Deferred", EnumWords.Of(DeliveryOutcome.Deferred));
        Assert.Equal("High", EnumWords.Of(DiagnosisSeverity.High));
    }

    [Fact]
    public void Of_Acronym_KeepsCapitals()
    {
        Assert.Equal("Other SMTP", EnumWords.Of(Sample.OtherSMTP));
        Assert.Equal("SMTP reply", EnumWords.Of(Sample.SMTPReply));
        Assert.Equal("Day 2 check", EnumWords.Of(Sample.Day2Check));
    }

    [Fact]
    public void Of_Description_WinsOverName()
    {
        Assert.Equal("Apple iCloud", EnumWords.Of(ReceivingProvider.AppleICloud));
        Assert.Equal("Brand name", EnumWords.Of(Sample.Described));
    }

    [Fact]
    public void Of_UndefinedValue_ReturnsNumber()
    {
        Assert.Equal("42", EnumWords.Of((Sample)42));
    }

    [Fact]
    public void Of_Null_ReturnsFallback()
    {
        Assert.Equal("none", EnumWords.Of((Blame?)null, "none"));
        Assert.Equal("Recipient", EnumWords.Of((Blame?)Blame.Recipient, "none"));
    }

    [Theory]
    [InlineData("YahooAol", "Yahoo and AOL")]
    [InlineData("AppleICloud", "Apple iCloud")]
    [InlineData("Google", "Google")]
    [InlineData("example.com", "example.com")]
    [InlineData("2", "2")]
    [InlineData("yahooaol", "yahooaol")]
    public void OfProvider_NamesProvidersOnly(string key, string expected)
    {
        Assert.Equal(expected, EnumWords.OfProvider(key));
    }

    private enum Sample
    {
        StopTheBleed,
        OtherSMTP,
        SMTPReply,
        Day2Check,

        [Description("Brand name")]
        Described,
    }
}
