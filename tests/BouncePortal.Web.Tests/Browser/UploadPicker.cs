using Microsoft.Playwright;

namespace BouncePortal.Web.Tests.Browser;

/// <summary>The uploads page's file picker, as a browser test uses it.</summary>
internal static class UploadPicker
{
    /// <summary>
    /// Chooses <paramref name="path"/> once the picker is enabled, which happens when the page is
    /// interactive. The page replaces its file input after each upload, so the newest one is used.
    /// </summary>
    public static async Task ChooseAsync(IPage page, string path)
    {
        await Assertions.Expect(page.Locator("[data-testid=choose-file]")).ToBeEnabledAsync();
        await page.Locator("input[type=file]").Last.SetInputFilesAsync(path);
    }
}
