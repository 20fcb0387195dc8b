using BouncePortal.Web.Components.Shared;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The window choice's custom range sizes its field through a class, because MudBlazor copies a
/// picker's inline style onto its calendar popover and a narrow one cuts off the calendar.
/// </summary>
public sealed class WindowChoiceTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public void CustomRange_SizedByClass()
    {
        var choice = Render<WindowChoice>(parameters => parameters.Add(p => p.Choice, WindowChoice.Custom));

        var picker = choice.Find(".window-range");

        Assert.DoesNotContain("max-width", picker.GetAttribute("style") ?? string.Empty);
        Assert.DoesNotContain("max-width", choice.Markup);
    }
}
