using System.Net;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Support;
using Bunit;
using MudBlazor;
using Microsoft.AspNetCore.Components.Forms;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The uploads page offers its file picker only once the page is interactive, because a file
/// chosen in the prerendered page would reach no handler and be lost.
/// </summary>
public sealed class FilePickerTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task Prerendered_PickerIsDisabled()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Prerender Picker Agency");

        var html = WebUtility.HtmlDecode(await agency.GetPageAsync("/uploads"));

        var button = ChooseButton(html);
        Assert.Contains("Connecting…", button);
        Assert.Contains("disabled", button);
        Assert.DoesNotContain("Choose a log file", html);
        Assert.Contains("Still connecting to the portal", html);
    }

    [Fact]
    public async Task Interactive_PickerIsEnabled()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Interactive Picker Agency");
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var button = page.WaitForElement("[data-testid=choose-file]");

        Assert.Equal("Choose a log file", button.TextContent.Trim());
        Assert.False(button.HasAttribute("disabled"));
        Assert.False(page.Find("input[type=file]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=connecting-hint]"));
    }

    [Fact]
    public async Task ChosenFile_LeavesNoChip()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Chip Picker Agency");
        SignIn(agency, AgencyRole.Staff);
        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=choose-file]");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(SampleLogs.TwoMailboxes, "picked.log"));

        page.WaitForElement("[data-testid=upload-row]");
        Assert.Empty(page.FindAll("[data-testid=upload-panel] .mud-chip"));
        Assert.DoesNotContain("picked.log", page.Find("[data-testid=upload-panel]").TextContent);
    }

    [Fact]
    public async Task DeletingEarlierUpload_ClearsDuplicateError()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Duplicate Error Agency");
        SignIn(agency, AgencyRole.Staff);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=choose-file]");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(SampleLogs.TwoMailboxes, "first.log"));
        page.WaitForElement("[data-testid=upload-row]");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(SampleLogs.TwoMailboxes, "again.log"));
        Assert.Contains("same content as first.log", page.WaitForElement("[data-testid=upload-error]").TextContent);

        page.Find("[data-testid=delete-upload]").Click();
        dialogs.WaitForElement(".mud-dialog");
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=upload-row]")));
        Assert.Empty(page.FindAll("[data-testid=upload-error]"));
    }

    /// <summary>Returns the opening tag and text of the prerendered choose-file button.</summary>
    private static string ChooseButton(string html)
    {
        var marker = html.IndexOf("data-testid=\"choose-file\"", StringComparison.Ordinal);
        Assert.True(marker >= 0, "The uploads page has no choose-file button.");
        var start = html.LastIndexOf("<button", marker, StringComparison.Ordinal);
        var end = html.IndexOf("</button>", marker, StringComparison.Ordinal);
        return html[start..end];
    }
}
