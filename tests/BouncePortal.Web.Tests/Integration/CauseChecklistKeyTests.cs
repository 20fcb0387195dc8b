using System.Text;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Infrastructure.Checklists;

namespace BouncePortal.Web.Tests.Integration;

public sealed class CauseChecklistKeyTests
{
    [Theory]
    [InlineData(DiagnosisKind.ProviderThrottling, "Google", "2:Google")]
    [InlineData(DiagnosisKind.GreylistingResolved, "agency", "4:agency")]
    [InlineData(DiagnosisKind.SoftToHardConversion, "a:b#c@example.com", "15:a:b#c@example.com")]
    public void For_ShortSubject_KindNumberAndSubject(DiagnosisKind kind, string subject, string expected)
    {
        var key = CauseChecklistKey.For(kind, subject);
        var parsed = CauseChecklistKey.Parse(key);

        Assert.Equal(expected, key);
        Assert.Equal(new ChecklistCause(key, kind, subject, IsSubjectComplete: true), parsed);
    }

    [Fact]
    public void For_LongSubject_HashesWithinMaxLength()
    {
        var subject = new string('a', 150) + "@" + new string('b', 150) + ".example";
        var similar = new string('a', 150) + "@" + new string('b', 150) + ".example2";

        var key = CauseChecklistKey.For(DiagnosisKind.ReceiverRateExceeded, subject);
        var parsed = CauseChecklistKey.Parse(key);

        Assert.Equal(StoredChecklist.MaxSubjectIdLength, key.Length);
        Assert.StartsWith("0#", key, StringComparison.Ordinal);
        Assert.NotEqual(key, CauseChecklistKey.For(DiagnosisKind.ReceiverRateExceeded, similar));
        Assert.NotNull(parsed);
        Assert.Equal(DiagnosisKind.ReceiverRateExceeded, parsed.Kind);
        Assert.False(parsed.IsSubjectComplete);
        Assert.StartsWith(parsed.Subject, subject, StringComparison.Ordinal);
        Assert.EndsWith("…", parsed.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void For_MultiByteSubject_CountsUtf8Bytes()
    {
        // 66 three-byte characters take 198 bytes, so with "2:" the short form takes 200 bytes.
        // One more character needs the long form, although 69 code units would fit.
        var fits = new string('€', 66);
        var tooLong = new string('€', 67);

        Assert.Equal("2:" + fits, CauseChecklistKey.For(DiagnosisKind.ProviderThrottling, fits));
        var hashed = CauseChecklistKey.For(DiagnosisKind.ProviderThrottling, tooLong);
        Assert.StartsWith("2#", hashed, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(hashed) > hashed.Length);
        Assert.True(hashed.Length <= StoredChecklist.MaxSubjectIdLength);
    }

    [Fact]
    public void For_LongSubjectWithSurrogates_KeepsPairsWhole()
    {
        // "2#", the hash and ":" take 67 code units, which leaves an odd 133 for pairs of two.
        var subject = string.Concat(Enumerable.Repeat("\U0001F4E7", 120));

        var key = CauseChecklistKey.For(DiagnosisKind.ProviderThrottling, subject);

        Assert.Equal(StoredChecklist.MaxSubjectIdLength - 1, key.Length);
        Assert.True(char.IsLowSurrogate(key[^1]));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("")]
    [InlineData(":gmail.com")]
    [InlineData("99:gmail.com")]
    [InlineData("2#abc:gmail.com")]
    [InlineData("-1:gmail.com")]
    [InlineData("alert-17")]
    public void Parse_OtherText_ReturnsNull(string subjectId)
    {
        Assert.Null(CauseChecklistKey.Parse(subjectId));
    }
}
