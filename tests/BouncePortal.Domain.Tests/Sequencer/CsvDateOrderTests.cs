using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Sequencer;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Sequencer;

public sealed class CsvDateOrderTests
{
    // 2 Dec, 4 Dec and 30 Nov 2026, written day first.
    private const string DayFirstCsv = """
        contact,outcome,when
        first@example.com,bounced,02/12/2026
        second@example.com,bounced,04/12/2026
        third@example.com,bounced,30/11/2026
        """;

    private static CsvColumnMapping Mapping(DateOrder order) =>
        new() { RecipientColumn = "contact", StatusColumn = "outcome", TimestampColumn = "when", BouncedValues = ["bounced"], DateOrder = order };

    private static List<DateTimeOffset> Times(string csv, CsvColumnMapping mapping, out ParseReport report)
    {
        var parser = new SequencerCsvParser("export.csv", SampleFiles.UploadedAt, mapping);
        report = parser.Report;
        return SampleFiles.Parse(parser, csv).Select(attempt => attempt.Timestamp).ToList();
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static CsvPreview Preview(string csv) => CsvPreview.Read(new StringReader(csv), 50, "test.csv");

    [Fact]
    public void Parser_DayFirst_ReadsEveryRow()
    {
        var times = Times(DayFirstCsv, Mapping(DateOrder.DayFirst), out var report);

        Assert.Equal([Utc(2026, 12, 2), Utc(2026, 12, 4), Utc(2026, 11, 30)], times);
        Assert.Equal(0, report.LinesSkipped);
    }

    [Fact]
    public void Parser_MonthFirst_NamesOrderInSkip()
    {
        var times = Times(DayFirstCsv, Mapping(DateOrder.MonthFirst), out var report);

        Assert.Equal([Utc(2026, 2, 12), Utc(2026, 4, 12)], times);
        Assert.Equal(1, report.SkippedByReason[SequencerCsvParser.NotMonthFirst]);
        Assert.False(report.SkippedByReason.ContainsKey(SequencerCsvParser.InvalidTimestamp));
        Assert.Contains("month-first", SequencerCsvParser.NotMonthFirst);
    }

    [Fact]
    public void Parser_DayFirst_NamesOrderInSkip()
    {
        const string Csv = "contact,outcome,when\nfirst@example.com,bounced,11/30/2026\n";

        var times = Times(Csv, Mapping(DateOrder.DayFirst), out var report);

        Assert.Empty(times);
        Assert.Equal(1, report.SkippedByReason[SequencerCsvParser.NotDayFirst]);
        Assert.Contains("day-first", SequencerCsvParser.NotDayFirst);
    }

    [Fact]
    public void Parser_DateFittingNeitherOrder_IsUnreadable()
    {
        const string Csv = "contact,outcome,when\nfirst@example.com,bounced,13/13/2026\nsecond@example.com,bounced,31/02/2026\n";

        var times = Times(Csv, Mapping(DateOrder.DayFirst), out var report);

        Assert.Empty(times);
        Assert.Equal(2, report.SkippedByReason[SequencerCsvParser.InvalidTimestamp]);
    }

    [Theory]
    [InlineData("02/12/2026 14:05", 14, 5, 0)]
    [InlineData("02/12/2026 14:05:33", 14, 5, 33)]
    [InlineData("02.12.2026 14:05", 14, 5, 0)]
    [InlineData("02-12-2026T14:05:33Z", 14, 5, 33)]
    [InlineData("2/12/2026, 2:05 PM", 14, 5, 0)]
    [InlineData("02/12/26 14:05", 14, 5, 0)]
    public void TryRead_DayFirstWithTime(string text, int hour, int minute, int second)
    {
        Assert.Equal(CsvTimeResult.Read, CsvTime.TryRead(text, DateOrder.DayFirst, out var time));
        Assert.Equal(Utc(2026, 12, 2, hour, minute, second), time);
    }

    [Theory]
    [InlineData("12/02/2026 14:05")]
    [InlineData("12.02.2026 14:05")]
    [InlineData("12-02-2026 14:05")]
    [InlineData("12/2/26 14:05")]
    public void TryRead_MonthFirstWithTime(string text)
    {
        Assert.Equal(CsvTimeResult.Read, CsvTime.TryRead(text, DateOrder.MonthFirst, out var time));
        Assert.Equal(Utc(2026, 12, 2, 14, 5), time);
    }

    [Fact]
    public void TryRead_Offset_IsKept()
    {
        Assert.Equal(CsvTimeResult.Read, CsvTime.TryRead("02/12/2026 14:05 +01:00", DateOrder.DayFirst, out var time));
        Assert.Equal(Utc(2026, 12, 2, 13, 5), time.ToUniversalTime());
    }

    [Theory]
    [InlineData("2026-12-02T14:05:00Z")]
    [InlineData("2026-12-02 14:05:00")]
    [InlineData("1796220300")]
    [InlineData("1796220300000")]
    [InlineData("Dec 2, 2026 14:05")]
    [InlineData("2 December 2026 14:05")]
    public void TryRead_UnambiguousForm_SameInEitherOrder(string text)
    {
        Assert.Equal(CsvTimeResult.Read, CsvTime.TryRead(text, DateOrder.DayFirst, out var dayFirst));
        Assert.Equal(CsvTimeResult.Read, CsvTime.TryRead(text, DateOrder.MonthFirst, out var monthFirst));
        Assert.Equal(Utc(2026, 12, 2, 14, 5), dayFirst);
        Assert.Equal(dayFirst, monthFirst);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("13/13/2026")]
    [InlineData("00/12/2026")]
    [InlineData("02/12")]
    public void TryRead_NoDate_IsUnreadable(string text)
    {
        Assert.Equal(CsvTimeResult.Unreadable, CsvTime.TryRead(text, DateOrder.DayFirst, out _));
    }

    [Fact]
    public void TryRead_AmbiguousDate_FollowsOrder()
    {
        CsvTime.TryRead("02/12/2026", DateOrder.DayFirst, out var dayFirst);
        CsvTime.TryRead("02/12/2026", DateOrder.MonthFirst, out var monthFirst);

        Assert.Equal(Utc(2026, 12, 2), dayFirst);
        Assert.Equal(Utc(2026, 2, 12), monthFirst);
    }

    [Fact]
    public void Mapping_DefaultOrder_IsMonthFirst()
    {
        Assert.Equal(DateOrder.MonthFirst, new CsvColumnMapping { RecipientColumn = "email" }.DateOrder);
    }

    [Fact]
    public void Presets_KeepMonthFirst()
    {
        Assert.All(SequencerPresets.All, preset => Assert.Equal(DateOrder.MonthFirst, preset.Mapping.DateOrder));
    }

    [Theory]
    [InlineData(new[] { "02/12/2026", "04/12/2026", "30/11/2026" }, DateOrderEvidence.DayFirst)]
    [InlineData(new[] { "12/02/2026 10:00", "11/30/2026 10:00" }, DateOrderEvidence.MonthFirst)]
    [InlineData(new[] { "02/12/2026", "04.12.2026" }, DateOrderEvidence.Ambiguous)]
    [InlineData(new[] { "30/11/2026", "11/30/2026" }, DateOrderEvidence.Conflicting)]
    [InlineData(new[] { "2026-11-30T10:00:00Z", "1796220300" }, DateOrderEvidence.None)]
    [InlineData(new string[0], DateOrderEvidence.None)]
    public void DetectOrder_FromSamples(string[] values, DateOrderEvidence expected)
    {
        Assert.Equal(expected, CsvTime.DetectOrder(values));
    }

    [Fact]
    public void Preview_DetectsOrderOfNamedColumn()
    {
        var preview = Preview(DayFirstCsv);

        Assert.Equal(DateOrderEvidence.DayFirst, preview.DetectDateOrder("When"));
        Assert.Equal(DateOrderEvidence.None, preview.DetectDateOrder("contact"));
        Assert.Equal(DateOrderEvidence.None, preview.DetectDateOrder(null));
        Assert.Equal(DateOrderEvidence.None, preview.DetectDateOrder("missing"));
    }

    [Fact]
    public void Suggest_DayFirstSample_PrefillsDayFirst()
    {
        var mapping = CsvHeaderSynonyms.Suggest(Preview(DayFirstCsv));

        Assert.NotNull(mapping);
        Assert.Equal("when", mapping.TimestampColumn);
        Assert.Equal(DateOrder.DayFirst, mapping.DateOrder);
    }

    [Fact]
    public void Suggest_AmbiguousSample_KeepsMonthFirst()
    {
        var mapping = CsvHeaderSynonyms.Suggest(Preview("contact,when\nfirst@example.com,02/12/2026\n"));

        Assert.Equal(DateOrder.MonthFirst, mapping?.DateOrder);
    }

    [Fact]
    public void FindTimestampColumn_DayFirstValues_Found()
    {
        var preview = Preview("contact,at\nfirst@example.com,30/11/2026 10:00\nsecond@example.com,29/11/2026 10:00\n");

        Assert.Equal("at", CsvAddressColumns.FindTimestampColumn(preview));
    }
}
