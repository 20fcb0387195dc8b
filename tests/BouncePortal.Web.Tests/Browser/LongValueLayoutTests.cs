using BouncePortal.Infrastructure.Identity;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BouncePortal.Web.Tests.Browser;

/// <summary>
/// Long names and addresses, measured in Chromium at 1400 by 1000 pixels: nothing widens the page,
/// long values are cut or wrapped, and short addresses stay whole.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public sealed class LongValueLayoutTests(BrowserPortalFactory portal) : IClassFixture<BrowserPortalFactory>
{
    private const string ShortSender = "sales@trialsix.example.com";

    // A sender address of 170 characters.
    private static readonly string LongSender = new string('s', 170 - "@trialsix.example.com".Length) + "@trialsix.example.com";

    // Counts the lines that an element's text takes: the text fragments whose tops differ by more than 4 pixels.
    private const string LineCount = """
        element => {
            const tops = [];
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const rect of range.getClientRects()) {
                    if (rect.width > 0) tops.push(rect.top);
                }
            }
            tops.sort((a, b) => a - b);
            return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 4).length;
        }
        """;

    private const string PageOverflow = "() => document.documentElement.scrollWidth - window.innerWidth";

    // Counts the text nodes that are broken across lines. BreakableText puts each part of an address
    // in its own text node, so a break at an @ or a dot counts none and a break inside a part counts one.
    private const string PartsBrokenInside = """
        element => {
            let broken = 0;
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(node);
                const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) broken++;
            }
            return broken;
        }
        """;

    [Fact]
    public async Task Mailboxes_LongSenderChip_IsCut()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpUploadedAsync(page, "Long Chip Agency");

        await page.GotoAsync("/mailboxes");
        await WaitForCircuitAsync(page);
        var chip = page.Locator($"[data-testid=discovered-mailbox][title^='{LongSender}']");
        await Assertions.Expect(chip).ToBeVisibleAsync();
        var text = chip.Locator(".chip-truncate-text");

        Assert.Equal(0, await page.EvaluateAsync<int>(PageOverflow));
        Assert.Matches($"^{LongSender} \\([0-9]+ sent\\)$", await chip.GetAttributeAsync("title"));
        Assert.Equal("ellipsis", await text.EvaluateAsync<string>("element => getComputedStyle(element).textOverflow"));
        Assert.True(await text.EvaluateAsync<bool>("element => element.scrollWidth > element.clientWidth"), "The long sender is not cut.");
        Assert.Equal(1, await chip.EvaluateAsync<int>(LineCount));
        await Assertions.Expect(chip.Locator(".chip-truncate-suffix")).ToBeInViewportAsync();
        Assert.Matches("^ \\([0-9]+ sent\\)$", await chip.Locator(".chip-truncate-suffix").TextContentAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("long-sender-chip") });
    }

    [Fact]
    public async Task AppBar_LongAgencyName_IsCut()
    {
        var name = string.Concat(Enumerable.Repeat("Trial Six Outreach Partners ", 7))[..195];
        Assert.Equal(195, name.Length);
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();

        await SignUpAsync(page, name);
        await WaitForCircuitAsync(page);
        var agency = page.Locator("[data-testid=agency-name]");
        var logOut = page.Locator("header button[type=submit]");

        Assert.Equal(0, await page.EvaluateAsync<int>(PageOverflow));
        Assert.Equal(name, await agency.GetAttributeAsync("title"));
        Assert.Equal("ellipsis", await agency.EvaluateAsync<string>("element => getComputedStyle(element).textOverflow"));
        Assert.Equal(1, await agency.EvaluateAsync<int>(LineCount));
        Assert.Equal(1, await logOut.EvaluateAsync<int>(LineCount));
        var bar = await page.Locator("header").BoundingBoxAsync();
        var button = await logOut.BoundingBoxAsync();
        Assert.True(button!.X + button.Width <= bar!.X + bar.Width, "The Log out button is outside the app bar.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("long-agency-name") });
    }

    [Fact]
    public async Task Attempts_ShortAddresses_StayWhole()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpUploadedAsync(page, "Whole Address Agency");

        await page.GotoAsync("/attempts");
        await WaitForCircuitAsync(page);
        var table = page.Locator("[data-testid=attempts-table]");
        await Assertions.Expect(table).ToContainTextAsync(ShortSender);

        Assert.Equal(0, await page.EvaluateAsync<int>(PageOverflow));
        var shortCells = table.Locator("td").Filter(new LocatorFilterOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("^(sales@trialsix\\.example\\.com|[a-z.]+@example\\.(com|net|org)|ops@gmail\\.com)$") });
        Assert.True(await shortCells.CountAsync() >= 9, "The table shows too few short addresses to measure.");
        foreach (var cell in await shortCells.AllAsync())
        {
            Assert.Equal(0, await cell.EvaluateAsync<int>(PartsBrokenInside));
            Assert.Equal(1, await cell.EvaluateAsync<int>(LineCount));
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("attempts-addresses"), FullPage = true });
    }

    [Fact]
    public async Task Dashboard_ShortSenderCard_StaysWhole()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpUploadedAsync(page, "Whole Card Agency");

        await page.GotoAsync("/dashboard");
        await WaitForCircuitAsync(page);
        var title = page.Locator($"[data-testid=mailbox-card][data-mailbox='{ShortSender}'] .mud-card-header .mud-typography-subtitle1");
        await Assertions.Expect(title).ToHaveTextAsync(ShortSender);

        Assert.Equal(0, await page.EvaluateAsync<int>(PageOverflow));
        Assert.Equal(0, await title.EvaluateAsync<int>(PartsBrokenInside));
        Assert.True(await title.EvaluateAsync<int>(LineCount) <= 2, "The sender takes more than two lines of its card.");
    }

    [Fact]
    public async Task Decode_LinksList_StaysInsideCard()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Decode Links Agency");
        await page.GotoAsync("/decode");
        await WaitForCircuitAsync(page);

        var reply = page.Locator("textarea[data-testid=reply-input], [data-testid=reply-input] textarea").First;
        var decode = page.Locator("[data-testid=decode-button]");
        for (var attempt = 0; attempt < 20 && !await page.Locator("[data-testid=decode-links]").IsVisibleAsync(); attempt++)
        {
            // The field binds when it loses focus, which enables the button.
            await reply.FillAsync("550 5.7.1 Message rejected, see https://mail.example.com/postmaster/" + new string('p', 200) + " for details");
            await reply.PressAsync("Tab");
            await page.WaitForTimeoutAsync(250);
            if (await decode.IsEnabledAsync())
            {
                await decode.ClickAsync();
                await page.WaitForTimeoutAsync(250);
            }
        }

        var card = await page.Locator("[data-testid=decode-result]").BoundingBoxAsync();
        var list = page.Locator("[data-testid=decode-links]");
        var item = await list.Locator("li").First.BoundingBoxAsync();
        var indent = await list.EvaluateAsync<double>("element => parseFloat(getComputedStyle(element).paddingInlineStart)");

        // A bullet sits outside its item's box, so the list's own padding must leave room for it.
        Assert.True(indent >= 16, $"The list is indented {indent}px, too little for its bullets.");
        Assert.True(item!.X - card!.X >= 16 + indent, $"The item starts {item.X - card.X}px inside the card.");
        Assert.True(item.X + item.Width <= card.X + card.Width, "The link runs past the card's right edge.");
        Assert.Equal(0, await page.EvaluateAsync<int>(PageOverflow));
    }

    private async Task SignUpUploadedAsync(IPage page, string agencyName)
    {
        var tenantId = await SignUpAsync(page, agencyName);
        var log = SampleLogs.TwoMailboxes
            .Replace("anna@outreach-example.com", LongSender, StringComparison.Ordinal)
            .Replace("ben@outreach-example.net", ShortSender, StringComparison.Ordinal);
        var upload = await portal.UploadAsync(tenantId, "maillog", log);
        await portal.RunUploadJobAsync(tenantId, upload.Id);
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
