using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BouncePortal.Web.Tests.Browser;

[Collection(HangfireServerCollection.Name)]
public sealed class ChecklistJourneyTests(BrowserPortalFactory portal) : IClassFixture<BrowserPortalFactory>
{
    [Fact]
    public async Task Journey_OpenChecklistFromDiagnosisAndTick()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        var tenantId = await SignUpAsync(page, "Checklist Journey Agency");
        var upload = await portal.UploadAsync(tenantId, "maillog", SampleLogs.TwoMailboxes);
        await portal.RunUploadJobAsync(tenantId, upload.Id);

        await page.GotoAsync("/dashboard");
        await WaitForCircuitAsync(page);
        var open = page.Locator("[data-testid=open-checklist]").First;
        var header = page.Locator("[data-testid=diagnosis] .mud-expand-panel-header").First;
        for (var attempt = 0; attempt < 20 && !await open.IsVisibleAsync(); attempt++)
        {
            await header.ClickAsync();
            await page.WaitForTimeoutAsync(250);
        }

        // A click that lands while the dashboard re-renders is lost, so it is repeated; opening the
        // same diagnosis again returns its open checklist. A slow navigation from the previous
        // click has already left the dashboard, so there is no button to click any more.
        for (var attempt = 1; ; attempt++)
        {
            if (page.Url.Contains("/checklists/", StringComparison.Ordinal))
            {
                break;
            }

            try
            {
                await open.ClickAsync(new LocatorClickOptions { Timeout = 5_000 });
            }
            catch (TimeoutException) when (attempt < 6)
            {
            }

            try
            {
                await page.WaitForURLAsync("**/checklists/*", new PageWaitForURLOptions { Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 6)
            {
            }
        }

        await WaitForCircuitAsync(page);
        var progress = page.Locator("[data-testid=checklist-progress]").First;
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-done", "0");

        var firstBox = page.Locator("input[data-testid=step-done]").First;
        for (var attempt = 0; attempt < 20 && await progress.GetAttributeAsync("data-done") == "0"; attempt++)
        {
            await firstBox.ClickAsync();
            await page.WaitForTimeoutAsync(250);
        }

        await Assertions.Expect(progress).ToHaveAttributeAsync("data-done", "1");
        await Assertions.Expect(page.Locator("[data-testid=step-done-by]").First).ToContainTextAsync("Done by");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("checklist"), FullPage = true });

        await page.GotoAsync("/checklists");
        await Assertions.Expect(page.Locator("[data-testid=checklist-table]")).ToContainTextAsync("Open");
        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.Locator("[data-testid=checklist-summary-text]")).ToContainTextAsync("1 open");
    }

    [Fact]
    public async Task OtherAgencysChecklist_ShowsNotFoundInLayout()
    {
        Guid ownerTenantId;
        await using (var ownerBrowser = await portal.NewBrowserAsync())
        {
            ownerTenantId = await SignUpAsync(await ownerBrowser.NewPageAsync(), "Hidden Journey Owner Agency");
        }

        await using var scope = portal.Services.CreateAsyncScope();
        var checklistId = await scope.ServiceProvider.GetRequiredService<IChecklistOpener>().OpenAsync(
            new ChecklistRequest(ownerTenantId, ChecklistSubjectKind.Alert, "hidden-journey", Checklists.For(CauseFamily.Greylisting), null));
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Hidden Journey Other Agency");
        var notFound = page.Locator("[data-testid=checklist-not-found]");

        var response = await page.GotoAsync($"/checklists/{checklistId}");

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(notFound).ToContainTextAsync("This checklist does not exist, or it belongs to another agency.");
        await Assertions.Expect(page.Locator("[data-testid=agency-name]")).ToHaveTextAsync("Hidden Journey Other Agency");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync(Checklists.For(CauseFamily.Greylisting).Title);

        // A link inside the portal changes the page in the circuit, without a request for the address.
        await page.GotoAsync("/checklists");
        await WaitForCircuitAsync(page);
        await page.EvaluateAsync($"Blazor.navigateTo('/checklists/{Guid.NewGuid()}')");

        await Assertions.Expect(notFound).ToContainTextAsync("This checklist does not exist, or it belongs to another agency.");
        await Assertions.Expect(page.Locator("[data-testid=agency-name]")).ToHaveTextAsync("Hidden Journey Other Agency");
        await page.Locator("[data-testid=checklist-not-found-back]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/checklists$"));
    }

    private async Task<Guid> SignUpAsync(IPage page, string agencyName)
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("/Account/CreateAgency");
        await page.FillAsync("#Input\\.AgencyName", agencyName);
        await page.FillAsync("#Input\\.OwnerName", "Journey Owner");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", "Bounce-Portal-42");
        await page.FillAsync("#Input\\.ConfirmPassword", "Bounce-Portal-42");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/mailboxes", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });

        await using var scope = portal.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        return owner?.TenantId ?? throw new InvalidOperationException($"Sign-up created no user {email}.");
    }

    private static async Task WaitForCircuitAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static string Screenshot(string name) => Path.Combine(BrowserPortalFactory.ScreenshotDirectory, name + ".png");
}
