using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BouncePortal.Web.Tests.Browser;

[Collection(HangfireServerCollection.Name)]
public sealed class StopTheBleedJourneyTests(BrowserPortalFactory portal) : IClassFixture<BrowserPortalFactory>
{
    [Fact]
    public async Task Journey_PauseAndResumeMailbox()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        var tenantId = await SignUpAsync(page, "Pause Journey Agency");
        var mailboxId = await AddMailboxAsync(tenantId, "anna@pause-journey.example");

        await page.GotoAsync($"/mailboxes/{mailboxId}");
        await WaitForCircuitAsync(page);
        var status = page.Locator("[data-testid=mailbox-status]");
        await Assertions.Expect(status).ToHaveTextAsync("Active");

        await ClickUntilVisibleAsync(page, "[data-testid=start-pause]", "[data-testid=pause-form]");
        var reason = page.Locator("textarea[data-testid=pause-reason]");
        await Assertions.Expect(reason).ToHaveValueAsync(string.Empty);
        await reason.FillAsync("Soft bounce rate 6% in the last day");
        await reason.PressAsync("Tab");
        await page.ClickAsync("[data-testid=confirm-pause]");
        await Assertions.Expect(status).ToHaveTextAsync("Paused");
        await Assertions.Expect(page.Locator("[data-testid=resume-due]")).ToContainTextAsync("Resumes at 40% of the previous volume");
        await Assertions.Expect(page.Locator("[data-testid=timeline-entry]").Last).ToContainTextAsync("Checking");

        await page.ClickAsync("[data-testid=resume-now]");
        await Assertions.Expect(status).ToHaveTextAsync("Ramping");
        await Assertions.Expect(page.Locator("[data-testid=cooldown]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=ramp-empty]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=ramp-summary]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("mailbox-workflow"), FullPage = true });

        await page.ClickAsync("[data-testid=close-workflow]");
        var confirmation = page.Locator(".mud-dialog");
        await Assertions.Expect(confirmation).ToContainTextAsync("ramp days left");
        await Assertions.Expect(confirmation).ToContainTextAsync("goes from 16 to 40 sends a day");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Close now" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Active");
        await Assertions.Expect(page.Locator("[data-testid=timeline-entry]").Last).ToContainTextAsync("Closed");
    }

    private async Task<Guid> AddMailboxAsync(Guid tenantId, string address)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var inventory = scope.ServiceProvider.GetRequiredService<MailboxInventoryService>();
        var saved = await inventory.AddAsync(tenantId, new MailboxDraft { Address = address, CurrentDailyVolume = 40, TargetDailyVolume = 40 }, CancellationToken.None);
        return saved.Mailbox?.Id ?? throw new InvalidOperationException($"Adding mailbox {address} failed: {saved.Problem}");
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

    /// <summary>Clicks <paramref name="button"/> until <paramref name="shown"/> appears, as the first click can land before the circuit handles events.</summary>
    private static async Task ClickUntilVisibleAsync(IPage page, string button, string shown)
    {
        for (var attempt = 0; attempt < 20 && !await page.Locator(shown).IsVisibleAsync(); attempt++)
        {
            if (await page.Locator(button).IsVisibleAsync())
            {
                await page.ClickAsync(button);
            }

            await page.WaitForTimeoutAsync(250);
        }

        await Assertions.Expect(page.Locator(shown)).ToBeVisibleAsync();
    }

    private static async Task WaitForCircuitAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static string Screenshot(string name) => Path.Combine(BrowserPortalFactory.ScreenshotDirectory, name + ".png");
}
