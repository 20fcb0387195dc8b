using System.Text.RegularExpressions;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BouncePortal.Web.Tests.Browser;

/// <summary>
/// The time zone box of the Settings page in Chromium, where focus moves as it does for staff. Typed
/// text that names no zone gets an error when the box loses focus. A click on a listed zone after
/// typing part of it still selects that zone.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public sealed class SettingsTimeZoneTests(BrowserPortalFactory portal) : IClassFixture<BrowserPortalFactory>
{
    // MudBlazor marks an invalid field's control with this class, which draws it red.
    private static readonly Regex ErrorClass = new("mud-input-error");

    [Fact]
    public async Task TimeZone_UnknownThenListedZone()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        var tenantId = await SignUpAsync(page, "Browser Zone Agency");
        await page.GotoAsync("/settings");
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var box = page.Locator("input[data-testid=time-zone]");
        var control = page.Locator(".mud-input-control", new PageLocatorOptions { Has = box });

        await box.ClickAsync();
        await box.FillAsync("Mars/Olympus");
        await box.PressAsync("Tab");

        await Assertions.Expect(control).ToHaveClassAsync(ErrorClass);
        await Assertions.Expect(control.Locator(".mud-input-helper-text")).ToHaveTextAsync(
            "'Mars/Olympus' is not a known time zone. Choose one from the list, such as Europe/Berlin or America/New_York.");
        await page.Locator("[data-testid=save-settings]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=settings-problem]")).ToContainTextAsync("'Mars/Olympus' is not a known time zone");

        await box.ClickAsync();
        await box.FillAsync("Europe/Ber");
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Europe/Berlin" }).First.ClickAsync();

        await Assertions.Expect(box).ToHaveValueAsync("Europe/Berlin");
        await Assertions.Expect(control).Not.ToHaveClassAsync(ErrorClass);
        await page.Locator("[data-testid=save-settings]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=settings-error]")).ToHaveCountAsync(0);
        await using var scope = portal.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AgencySettingsService>().GetAsync(tenantId, CancellationToken.None);
        Assert.Equal("Europe/Berlin", stored.TimeZoneId);
    }

    private async Task<Guid> SignUpAsync(IPage page, string agencyName)
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("/Account/CreateAgency");
        await page.FillAsync("#Input\\.AgencyName", agencyName);
        await page.FillAsync("#Input\\.OwnerName", "Zone Owner");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", AgencySession.Password);
        await page.FillAsync("#Input\\.ConfirmPassword", AgencySession.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/mailboxes", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });

        await using var scope = portal.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        return owner?.TenantId ?? throw new InvalidOperationException($"Sign-up created no user {email}.");
    }
}
