using BouncePortal.Domain.Analytics;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Components;

public sealed class TrendChartTests : BunitContext
{
    private static readonly DailyRates[] Days =
    [
        new(new DateOnly(2024, 6, 10), new BounceRates(200, 4, 1)),
        new(new DateOnly(2024, 6, 11), new BounceRates(400, 40, 4)),
        new(new DateOnly(2024, 6, 12), new BounceRates(100, 1, 9)),
    ];

    [Fact]
    public void Chart_DrawsOnePointPerDay()
    {
        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, Days));

        var points = chart.FindAll("[data-testid=trend-point]");

        Assert.Equal(["2024-06-10", "2024-06-11", "2024-06-12"], points.Select(p => p.GetAttribute("data-day")));
        Assert.Equal(3, chart.FindAll("rect").Count);
        Assert.Equal(2, chart.FindAll("polyline").Count);
    }

    [Fact]
    public void Chart_PointClick_OpensItsDay()
    {
        var chart = Render<TrendChart>(parameters => parameters
            .Add(c => c.Days, Days)
            .Add(c => c.DayLink, day => $"attempts?day={day:yyyy-MM-dd}"));

        chart.FindAll("[data-testid=trend-point]")[1].Click();

        Assert.EndsWith("/attempts?day=2024-06-11", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Chart_DrawsTheZoneLimits()
    {
        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, Days));

        var labels = chart.FindAll("text").Select(t => t.TextContent).ToList();

        Assert.Contains("2%", labels);
        Assert.Contains("4%", labels);
        Assert.Contains("7%", labels);
        Assert.Equal(3, chart.FindAll("line[stroke-dasharray]").Count);
        Assert.Contains("Zone limits 2%, 4%, 7%", chart.Find(".trend-legend").TextContent);
    }

    [Fact]
    public void Chart_RateAboveTen_WidensTheScale()
    {
        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, Days));

        var labels = chart.FindAll("text").Select(t => t.TextContent).ToList();

        Assert.Contains("15%", labels);
        Assert.DoesNotContain("11%", labels);
    }

    [Fact]
    public void Chart_ThinDay_DoesNotSetScale()
    {
        DailyRates[] days =
        [
            new(new DateOnly(2024, 6, 10), new BounceRates(200, 4, 1)),
            new(new DateOnly(2024, 6, 11), new BounceRates(3, 0, 1)),
        ];

        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, days));

        var labels = AxisLabels(chart).Select(label => label.Text).ToList();
        Assert.Equal("10%", labels[^1]);
        var thin = Assert.Single(chart.FindAll("[data-testid=trend-point][data-thin=true]"));
        Assert.Equal("2024-06-11", thin.GetAttribute("data-day"));
        var hard = thin.QuerySelector("[data-series=hard] title")!.TextContent;
        var soft = thin.QuerySelector("[data-series=soft] title")!.TextContent;
        Assert.Contains("hard rate 33.33% of 3 sends", hard);
        Assert.Contains("Under 50 sends", hard);
        Assert.Contains("Drawn on the top edge of the 10% scale", hard);
        Assert.DoesNotContain("top edge", soft);
        Assert.Contains("Under 50 sends", chart.Find("[data-testid=trend-thin-legend]").TextContent);
    }

    [Fact]
    public void Chart_OnlyThinDays_SetScale()
    {
        DailyRates[] days = [new(new DateOnly(2024, 6, 10), new BounceRates(3, 0, 1))];

        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, days).Add(c => c.MinimumSent, 5));

        var labels = AxisLabels(chart).Select(label => label.Text).ToList();
        Assert.Equal("40%", labels[^1]);
        Assert.Contains("Under 5 sends", chart.Find("[data-testid=trend-thin-legend]").TextContent);
    }

    [Fact]
    public void Chart_SmallDayAmongBusy_IsThin()
    {
        DailyRates[] days =
        [
            new(new DateOnly(2024, 6, 10), new BounceRates(320, 8, 1)),
            new(new DateOnly(2024, 6, 11), new BounceRates(22, 5, 0)),
            new(new DateOnly(2024, 6, 12), new BounceRates(250, 6, 1)),
        ];

        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, days));

        Assert.Equal("10%", AxisLabels(chart).Select(label => label.Text).Last());
        var thin = Assert.Single(chart.FindAll("[data-testid=trend-point][data-thin=true]"));
        Assert.Equal("2024-06-11", thin.GetAttribute("data-day"));
        Assert.Contains("Under 62 sends", chart.Find("[data-testid=trend-thin-legend]").TextContent);
    }

    [Fact]
    public void Chart_ThinDay_BreaksTheLines()
    {
        DailyRates[] days =
        [
            new(new DateOnly(2024, 6, 10), new BounceRates(200, 4, 1)),
            new(new DateOnly(2024, 6, 11), new BounceRates(210, 5, 1)),
            new(new DateOnly(2024, 6, 12), new BounceRates(2, 1, 0)),
            new(new DateOnly(2024, 6, 13), new BounceRates(190, 3, 0)),
            new(new DateOnly(2024, 6, 14), new BounceRates(205, 4, 2)),
        ];

        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, days));

        var softLines = chart.FindAll("[data-testid=trend-soft-line]");
        Assert.Equal(2, softLines.Count);
        Assert.All(softLines, line => Assert.Equal(2, line.GetAttribute("points")!.Split(' ').Length));
    }

    [Fact]
    public void Chart_BusyDays_HaveNoThinLegend()
    {
        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, Days));

        Assert.Empty(chart.FindAll("[data-testid=trend-point][data-thin]"));
        Assert.Empty(chart.FindAll("[data-testid=trend-thin-legend]"));
    }

    [Fact]
    public void Chart_FullRate_TopsAtHundred()
    {
        DailyRates[] days = [new(new DateOnly(2024, 6, 10), new BounceRates(50, 50, 0))];

        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, days));

        var labels = AxisLabels(chart).Select(label => label.Text).ToList();
        Assert.Equal("100%", labels[^1]);
        Assert.DoesNotContain("110%", labels);
        Assert.DoesNotContain("111%", labels);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(25)]
    [InlineData(100)]
    public void Chart_AxisLabels_DoNotOverlap(int hardBounced)
    {
        DailyRates[] days = [new(new DateOnly(2024, 6, 10), new BounceRates(100, 0, hardBounced))];

        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, days));

        var heights = AxisLabels(chart).Select(label => label.Y).Order().ToList();
        for (var i = 1; i < heights.Count; i++)
        {
            Assert.True(heights[i] - heights[i - 1] >= 11, $"axis labels at y={heights[i - 1]} and y={heights[i]} overlap");
        }

        Assert.Equal(3, chart.FindAll("line[stroke-dasharray] title").Count);
    }

    [Fact]
    public void Chart_HighScale_KeepsSevenPercentLabel()
    {
        DailyRates[] days = [new(new DateOnly(2024, 6, 10), new BounceRates(100, 0, 100))];

        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, days));

        var labels = AxisLabels(chart).Select(label => label.Text).ToList();
        Assert.Equal(["0%", "7%", "100%"], labels);
    }

    [Fact]
    public void Chart_DaysInOneYear_LabelsOmitYear()
    {
        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, Days));

        var labels = chart.FindAll("[data-testid=trend-day-label]").Select(t => t.TextContent);

        Assert.Equal(["06-10", "06-11", "06-12"], labels);
    }

    [Fact]
    public void Chart_DaysAcrossYears_LabelsShowYear()
    {
        DailyRates[] days =
        [
            new(new DateOnly(2025, 6, 11), new BounceRates(100, 1, 0)),
            new(new DateOnly(2025, 12, 31), new BounceRates(100, 2, 0)),
            new(new DateOnly(2026, 6, 11), new BounceRates(100, 3, 0)),
        ];

        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, days));

        var labels = chart.FindAll("[data-testid=trend-day-label]").Select(t => t.TextContent);

        Assert.Equal(["2025-06-11", "2025-12-31", "2026-06-11"], labels);
    }

    [Fact]
    public void Chart_GapBetweenDays_BreaksTheLines()
    {
        DailyRates[] days =
        [
            new(new DateOnly(2011, 2, 22), new BounceRates(100, 1, 0)),
            new(new DateOnly(2026, 12, 3), new BounceRates(100, 2, 0)),
            new(new DateOnly(2026, 12, 4), new BounceRates(100, 3, 0)),
        ];

        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, days));

        var softLines = chart.FindAll("[data-testid=trend-soft-line]");
        Assert.Equal(2, softLines.Count);
        Assert.Single(softLines[0].GetAttribute("points")!.Split(' '));
        Assert.Equal(2, softLines[1].GetAttribute("points")!.Split(' ').Length);
        var gap = Assert.Single(chart.FindAll("[data-testid=trend-gap]"));
        Assert.Contains("5,762 days without data", gap.TextContent);
    }

    [Fact]
    public void Chart_EdgeLabels_AlignToEdges()
    {
        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, Days));

        var anchors = chart.FindAll("[data-testid=trend-day-label]").Select(t => t.GetAttribute("text-anchor"));

        Assert.Equal(["start", "middle", "end"], anchors);
    }

    private static List<(string Text, double Y)> AxisLabels(IRenderedComponent<TrendChart> chart) =>
        chart.FindAll("[data-testid=trend-axis-label]")
            .Select(t => (t.TextContent, double.Parse(t.GetAttribute("y")!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    [Fact]
    public void Chart_Markers_DrawOnTheirDays()
    {
        var chart = Render<TrendChart>(parameters => parameters
            .Add(c => c.Days, Days)
            .Add(c => c.Markers, [(new DateOnly(2024, 6, 11), "soft rise"), (new DateOnly(2024, 6, 12), "hard rise"), (new DateOnly(2030, 1, 1), "outside")]));

        var markers = chart.FindAll("[data-testid=trend-marker]");

        Assert.Equal(2, markers.Count);
        Assert.Equal(["soft rise", "hard rise"], markers.Select(m => m.QuerySelector("text")!.TextContent));
    }
}
