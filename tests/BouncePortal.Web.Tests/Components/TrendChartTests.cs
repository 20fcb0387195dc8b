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
    }

    [Fact]
    public void Chart_RateAboveTen_WidensTheScale()
    {
        var chart = Render<TrendChart>(parameters => parameters.Add(c => c.Days, Days));

        var labels = chart.FindAll("text").Select(t => t.TextContent).ToList();

        Assert.Contains("11%", labels);
    }

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
