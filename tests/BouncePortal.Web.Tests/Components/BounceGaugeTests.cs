using BouncePortal.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Components;

public sealed class BounceGaugeTests : BunitContext
{
    [Theory]
    [InlineData(0.0, "Healthy")]
    [InlineData(1.99, "Healthy")]
    [InlineData(2.0, "Warning")]
    [InlineData(3.99, "Warning")]
    [InlineData(4.0, "Problem")]
    [InlineData(7.0, "Problem")]
    [InlineData(7.01, "Critical")]
    [InlineData(42.0, "Critical")]
    public void Gauge_Rate_ShowsItsZone(double rate, string zone)
    {
        var gauge = Render<BounceGauge>(parameters => parameters.Add(g => g.RatePercent, rate));

        Assert.Equal(zone, gauge.Find(".bounce-gauge").GetAttribute("data-zone"));
    }

    [Theory]
    [InlineData(1.0, "#2e7d32", "Healthy (under 2%)")]
    [InlineData(3.0, "#f9a825", "Warning (2-4%)")]
    [InlineData(5.0, "#ef6c00", "Active problem (4-7%)")]
    [InlineData(9.0, "#c62828", "Critical (over 7%)")]
    public void Gauge_Rate_ColoursValueAndNamesZone(double rate, string colour, string zoneText)
    {
        var gauge = Render<BounceGauge>(parameters => parameters.Add(g => g.RatePercent, rate));

        Assert.Equal(colour, gauge.Find(".bounce-gauge-value").GetAttribute("fill"));
        Assert.Equal(zoneText, gauge.Find(".bounce-gauge-zone").TextContent);
    }

    [Fact]
    public void Gauge_ShowsRateLabelAndDetail()
    {
        var gauge = Render<BounceGauge>(parameters => parameters
            .Add(g => g.RatePercent, 3.125)
            .Add(g => g.Label, "Soft bounce rate")
            .Add(g => g.Detail, "12 soft-bounced of 384 sent"));

        Assert.Equal("3.13%", gauge.Find(".bounce-gauge-value").TextContent);
        Assert.Equal("Soft bounce rate", gauge.Find(".bounce-gauge-label").TextContent);
        Assert.Equal("12 soft-bounced of 384 sent", gauge.Find(".bounce-gauge-detail").TextContent);
    }

    [Fact]
    public void Gauge_DrawsFourZoneArcs()
    {
        var gauge = Render<BounceGauge>(parameters => parameters.Add(g => g.RatePercent, 1));

        var arcs = gauge.FindAll("path");

        Assert.Equal(4, arcs.Count);
        Assert.Equal(["#2e7d32", "#f9a825", "#ef6c00", "#c62828"], arcs.Select(a => a.GetAttribute("stroke")));
    }

    [Fact]
    public void Gauge_WithLink_OpensItOnClick()
    {
        var gauge = Render<BounceGauge>(parameters => parameters
            .Add(g => g.RatePercent, 3)
            .Add(g => g.Href, "attempts?class=Soft"));

        gauge.Find(".bounce-gauge").Click();

        Assert.EndsWith("/attempts?class=Soft", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Gauge_WithoutLink_StaysInert()
    {
        var gauge = Render<BounceGauge>(parameters => parameters.Add(g => g.RatePercent, 3));

        gauge.Find(".bounce-gauge").Click();

        Assert.DoesNotContain("attempts", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.DoesNotContain("bounce-gauge-link", gauge.Find(".bounce-gauge").ClassName);
    }

    [Fact]
    public void Gauge_RateAboveScale_PinsNeedleAtEnd()
    {
        var gauge = Render<BounceGauge>(parameters => parameters.Add(g => g.RatePercent, 55));

        var needle = gauge.Find("line");

        Assert.Equal("164", needle.GetAttribute("x2"));
        Assert.Equal("100", needle.GetAttribute("y2"));
        Assert.Equal("55.00%", gauge.Find(".bounce-gauge-value").TextContent);
    }

    [Theory]
    [InlineData(1L, true)]
    [InlineData(19L, true)]
    [InlineData(20L, false)]
    [InlineData(750L, false)]
    public void Gauge_FewSends_FadesWithNote(long sent, bool few)
    {
        var gauge = Render<BounceGauge>(parameters => parameters.Add(g => g.RatePercent, 100.0).Add(g => g.Sent, sent));

        Assert.Equal(few, gauge.Find(".bounce-gauge").ClassList.Contains("bounce-gauge-few"));
        Assert.Equal(few ? 1 : 0, gauge.FindAll("[data-testid=few-sends]").Count);
    }

    [Fact]
    public void Gauge_OneSend_SaysTooFew()
    {
        var gauge = Render<BounceGauge>(parameters => parameters.Add(g => g.RatePercent, 100.0).Add(g => g.Sent, 1L));

        Assert.Equal("Only 1 send: too few to judge", gauge.Find("[data-testid=few-sends]").TextContent);
    }

    [Fact]
    public void Gauge_UnknownSends_HasNoNote()
    {
        var gauge = Render<BounceGauge>(parameters => parameters.Add(g => g.RatePercent, 100.0));

        Assert.Empty(gauge.FindAll("[data-testid=few-sends]"));
    }
}
