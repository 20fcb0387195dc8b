using BouncePortal.Web.Components.Pages;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The page that the router renders in the circuit when a page is not found, such as a checklist
/// id that the agency does not have.
/// </summary>
public sealed class NotFoundPageTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public void ChecklistAddress_ShowsChecklistText()
    {
        var page = RenderAt($"/checklists/{Guid.NewGuid()}");

        var text = page.Find("[data-testid=checklist-not-found]").TextContent;
        Assert.Contains("This checklist does not exist, or it belongs to another agency.", text);
        Assert.Equal("checklists", page.Find("[data-testid=checklist-not-found-back]").GetAttribute("href"));
        Assert.DoesNotContain("Sorry, the content you are looking for does not exist.", page.Markup);
    }

    [Theory]
    [InlineData("/nowhere")]
    [InlineData("/checklists")]
    [InlineData("/checklists/")]
    [InlineData("/checklists-archive/1")]
    public void OtherAddress_ShowsGenericText(string address)
    {
        var page = RenderAt(address);

        Assert.Contains("Sorry, the content you are looking for does not exist.", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=checklist-not-found]"));
    }

    private IRenderedComponent<NotFound> RenderAt(string address)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<NotFound>();
    }
}
