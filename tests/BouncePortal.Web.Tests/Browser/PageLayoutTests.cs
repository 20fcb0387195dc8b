using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BouncePortal.Web.Tests.Browser;

/// <summary>
/// The Mailboxes table and the navigation drawer, measured in Chromium at 1400 by 1000 pixels
/// with an inventory of realistic mailboxes: the table fits without a sideways scroll and the
/// drawer runs the page's full height.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public sealed class PageLayoutTests(BrowserPortalFactory portal) : IClassFixture<BrowserPortalFactory>
{
    private const string PageOverflow = "() => document.documentElement.scrollWidth - window.innerWidth";

    [Fact]
    public async Task Mailboxes_Table_FitsWithoutScroll()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        var tenantId = await SignUpAsync(page, "Wide Table Agency");
        await AddInventoryAsync(tenantId, count: 12);

        await page.GotoAsync("/mailboxes");
        await WaitForCircuitAsync(page);
        var table = page.Locator("[data-testid=mailbox-table]");
        await Assertions.Expect(table.Locator("[data-testid=mailbox-link]")).ToHaveCountAsync(12);
        var container = table.Locator(".mud-table-container");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("mailboxes-table"), FullPage = true });

        var scrollWidth = await container.EvaluateAsync<int>("element => element.scrollWidth");
        var clientWidth = await container.EvaluateAsync<int>("element => element.clientWidth");
        Assert.True(scrollWidth <= clientWidth, $"The table is {scrollWidth}px wide in a {clientWidth}px container.");
        Assert.Equal(0, await page.EvaluateAsync<int>(PageOverflow));
        var firstRow = table.Locator("tbody tr").First;
        await Assertions.Expect(firstRow).ToContainTextAsync("alexandra.lindqvist00@northwind-outreach-mail.com");
        await Assertions.Expect(firstRow).ToContainTextAsync("Northwind Traders Europe");
        await Assertions.Expect(firstRow.Locator("[data-testid=mailbox-setup]")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex("^Microsoft 365 · created [0-9]{4}-[0-9]{2}-[0-9]{2} · sending domain northwind-mail\\.net$"));
        await Assertions.Expect(firstRow).ToContainTextAsync("35 / 50");
        await Assertions.Expect(firstRow.Locator("[data-testid=mailbox-warmup]")).ToHaveTextAsync("Warmup on");
        await Assertions.Expect(firstRow).ToContainTextAsync("Active");
        await Assertions.Expect(firstRow).ToContainTextAsync("Slow down the affected mailboxes");
        await Assertions.Expect(firstRow).ToContainTextAsync("Stop the bleed and rebuild reputation");
        await Assertions.Expect(firstRow.Locator("button[aria-label=Edit]")).ToBeInViewportAsync();
        await Assertions.Expect(firstRow.Locator("button[aria-label=Archive]")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task Drawer_LongPage_RunsFullHeight()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        var tenantId = await SignUpAsync(page, "Long Page Agency");
        await AddInventoryAsync(tenantId, count: 40);

        await page.GotoAsync("/mailboxes");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=mailbox-link]")).ToHaveCountAsync(40);
        var pageHeight = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(pageHeight > 2000, $"The page is only {pageHeight}px high, too short to show the drawer's end.");
        await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("drawer-long-page") });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("drawer-long-page-full"), FullPage = true });

        var viewportHeight = await page.EvaluateAsync<int>("() => window.innerHeight");
        var drawer = await page.Locator(".mud-drawer").BoundingBoxAsync();
        var appBar = await page.Locator("header").BoundingBoxAsync();
        Assert.Equal(appBar!.Y + appBar.Height, drawer!.Y, 1.0);
        Assert.Equal(viewportHeight, drawer.Y + drawer.Height, 1.0);

        // The line beside the drawer belongs to the main content, which spans the whole page.
        var main = page.Locator(".mud-main-content");
        var mainBox = await main.EvaluateAsync<double[]>(
            "element => { const r = element.getBoundingClientRect(); return [r.left, r.top + window.scrollY, r.bottom + window.scrollY]; }");
        Assert.Equal("1px", await main.EvaluateAsync<string>("element => getComputedStyle(element).borderLeftWidth"));
        Assert.Equal("solid", await main.EvaluateAsync<string>("element => getComputedStyle(element).borderLeftStyle"));
        Assert.Equal(drawer.X + drawer.Width, mainBox[0], 1.0);
        Assert.Equal(0, mainBox[1], 1.0);
        Assert.Equal(pageHeight, mainBox[2], 1.0);
        Assert.Equal("none", await page.Locator(".mud-drawer").EvaluateAsync<string>("element => getComputedStyle(element).boxShadow"));
    }

    [Fact]
    public async Task Drawer_ShortPage_LineReachesWindowBottom()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Short Page Agency");

        await page.GotoAsync("/decode");
        await WaitForCircuitAsync(page);
        var main = page.Locator(".mud-main-content");
        var bottom = await main.EvaluateAsync<double>("element => element.getBoundingClientRect().bottom");

        Assert.Equal(await page.EvaluateAsync<int>("() => window.innerHeight"), bottom, 1.0);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight - window.innerHeight"));
    }

    // Adds mailboxes with long but realistic values: an address and a client name that wrap, a
    // sending domain other than the address's, and two open checklists with their titles in the row.
    private async Task AddInventoryAsync(Guid tenantId, int count)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var inventory = scope.ServiceProvider.GetRequiredService<MailboxInventoryService>();
        var opener = scope.ServiceProvider.GetRequiredService<IChecklistOpener>();
        for (var i = 0; i < count; i++)
        {
            var added = await inventory.AddAsync(tenantId, new MailboxDraft
            {
                Address = $"alexandra.lindqvist{i:00}@northwind-outreach-mail.com",
                SendingDomain = "northwind-mail.net",
                Provider = MailboxProvider.Microsoft365,
                Client = "Northwind Traders Europe",
                CurrentDailyVolume = 35,
                TargetDailyVolume = 50,
                WarmupEnabled = true,
            }, CancellationToken.None);
            var mailboxId = added.Mailbox?.Id ?? throw new InvalidOperationException(added.Problem);
            await opener.OpenAsync(new ChecklistRequest(tenantId, ChecklistSubjectKind.Alert, $"throttling-{i}", Checklists.For(CauseFamily.SendingTooFast), mailboxId));
            await opener.OpenAsync(new ChecklistRequest(tenantId, ChecklistSubjectKind.Alert, $"reputation-{i}", Checklists.For(CauseFamily.Reputation), mailboxId));
        }
    }

    private async Task<Guid> SignUpAsync(IPage page, string agencyName)
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("/Account/CreateAgency");
        await page.FillAsync("#Input\\.AgencyName", agencyName);
        await page.FillAsync("#Input\\.OwnerName", "Layout Owner");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", AgencySession.Password);
        await page.FillAsync("#Input\\.ConfirmPassword", AgencySession.Password);
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
