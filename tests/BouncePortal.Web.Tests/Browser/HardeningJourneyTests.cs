using BouncePortal.Web.Tests.Support;
using Microsoft.Playwright;

namespace BouncePortal.Web.Tests.Browser;

[Collection(HangfireServerCollection.Name)]
public sealed class HardeningJourneyTests(BrowserPortalFactory portal) : IClassFixture<BrowserPortalFactory>
{
    private const string Password = "Bounce-Portal-42";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] NorthRecipients = ["j.doe@example.com", "sales@example.com", "cfo@example.org"];

    [Fact]
    public async Task SecondAgency_FirstAgencyUrls()
    {
        var logPath = Path.Combine(portal.DataDirectory, "north-browser.log");
        await File.WriteAllTextAsync(logPath, SampleLogs.TwoMailboxes);

        await using var northBrowser = await portal.NewBrowserAsync();
        var north = await northBrowser.NewPageAsync();
        await SignUpAsync(north, "Browser North", $"north-{Guid.NewGuid():N}@example.com");
        await UploadAsync(north, logPath);

        var attemptsUrl = "/attempts?slice=Mailbox&key=" + Uri.EscapeDataString("anna@outreach-example.com") + "&class=Hard";
        await north.GotoAsync(attemptsUrl);
        await Assertions.Expect(north.Locator("[data-testid=attempts-table]")).ToContainTextAsync("sales@example.com");
        var northExport = await (await northBrowser.APIRequest.GetAsync("/exports/suppression-list.csv")).TextAsync();
        Assert.Contains("sales@example.com", northExport);

        await using var southBrowser = await portal.NewBrowserAsync();
        var south = await southBrowser.NewPageAsync();
        await SignUpAsync(south, "Browser South", $"south-{Guid.NewGuid():N}@example.com");

        foreach (var url in new[] { attemptsUrl, "/attempts?slice=Mailbox&key=" + Uri.EscapeDataString("anna@outreach-example.com"), "/uploads", "/dashboard", "/suppression", "/mailboxes" })
        {
            await south.GotoAsync(url);
            await WaitForCircuitAsync(south);
            var text = await south.Locator("body").InnerTextAsync();
            Assert.DoesNotContain("north-browser.log", text);
            Assert.DoesNotContain("Browser North", text);
            foreach (var recipient in NorthRecipients)
            {
                Assert.DoesNotContain(recipient, text);
            }
        }

        await south.GotoAsync(attemptsUrl);
        await Assertions.Expect(south.Locator("[data-testid=attempts-empty]")).ToBeVisibleAsync();
        var southExport = await (await southBrowser.APIRequest.GetAsync("/exports/suppression-list.csv")).TextAsync();
        Assert.DoesNotContain("@", southExport);
        await south.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("isolation-other-agency-attempts"), FullPage = true });
    }

    [Fact]
    public async Task Login_FiveWrongPasswordsInBrowser()
    {
        var email = $"locked-{Guid.NewGuid():N}@example.com";
        await using (var signUpBrowser = await portal.NewBrowserAsync())
        {
            await SignUpAsync(await signUpBrowser.NewPageAsync(), "Browser Lockout", email);
        }

        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await LogInAsync(page, email, "Wrong-Password-" + attempt);
            if (attempt < 5)
            {
                await Assertions.Expect(page.Locator("text=Invalid login attempt")).ToBeVisibleAsync();
            }
        }

        await LogInAsync(page, email, Password);

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("Account/Lockout"));
        await Assertions.Expect(page.Locator("[data-testid=lockout-message]")).ToContainTextAsync("locked");
        await Assertions.Expect(page.Locator("[data-testid=lockout-message]")).ToContainTextAsync("UTC");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("lockout"), FullPage = true });
        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("Account/Login"));
    }

    [Fact]
    public async Task MainPages_UnderCsp()
    {
        var logPath = Path.Combine(portal.DataDirectory, "screens.log");
        await File.WriteAllTextAsync(logPath, SampleLogs.TwoMailboxes);
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                violations.Add(page.Url + ": " + message.Text);
            }
        };
        page.PageError += (_, error) => violations.Add(page.Url + ": page error: " + error);

        await SignUpAsync(page, "Screenshot Agency", $"screens-{Guid.NewGuid():N}@example.com");
        await UploadAsync(page, logPath);

        foreach (var (path, name) in new[] { ("/dashboard", "dashboard"), ("/uploads", "uploads"), ("/mailboxes", "mailboxes"), ("/suppression", "suppression"), ("/decode", "decode"), ("/settings", "settings") })
        {
            await page.GotoAsync(path);
            await WaitForCircuitAsync(page);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("page-" + name), FullPage = true });
        }

        // The circuit runs under the policy: typing the agency's name enables the delete button.
        var deleteButton = page.Locator("[data-testid=delete-agency-button]");
        await Assertions.Expect(deleteButton).ToBeDisabledAsync();
        for (var attempt = 0; attempt < 20 && await deleteButton.IsDisabledAsync(); attempt++)
        {
            await page.Locator("[data-testid=confirm-agency-name]").FillAsync("Screenshot Agency");
            await page.WaitForTimeoutAsync(250);
        }

        await Assertions.Expect(deleteButton).ToBeEnabledAsync();
        await page.GotoAsync("/decode");
        await WaitForCircuitAsync(page);
        var reply = page.Locator("textarea[data-testid=reply-input], [data-testid=reply-input] textarea").First;
        var decode = page.Locator("[data-testid=decode-button]");
        for (var attempt = 0; attempt < 20 && !await page.Locator("[data-testid=decode-result]").IsVisibleAsync(); attempt++)
        {
            // The field binds when it loses focus, which enables the button.
            await reply.FillAsync("550 5.1.1 <x@example.com>: Recipient address rejected: User unknown");
            await reply.PressAsync("Tab");
            await page.WaitForTimeoutAsync(250);
            if (await decode.IsEnabledAsync())
            {
                await decode.ClickAsync();
                await page.WaitForTimeoutAsync(250);
            }
        }

        await Assertions.Expect(page.Locator("[data-testid=decode-result]")).ToBeVisibleAsync();
        Assert.True(violations.Count == 0, "Console errors under the policy:\n" + string.Join("\n", violations));
        foreach (var name in new[] { "dashboard", "uploads", "mailboxes", "suppression", "decode", "settings" })
        {
            Assert.True(new FileInfo(Screenshot("page-" + name)).Length > 10_000, $"The {name} screenshot is missing or blank.");
        }
    }

    [Fact]
    public async Task Decode_LongPaste_KeepsCircuit()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Paste Agency", $"paste-{Guid.NewGuid():N}@example.com");
        await page.GotoAsync("/decode");
        await WaitForCircuitAsync(page);

        // 100,000 characters are more than the circuit accepts in one message. InsertText applies
        // maxlength as a paste does.
        var reply = page.Locator("textarea[data-testid=reply-input], [data-testid=reply-input] textarea").First;
        await reply.FocusAsync();
        await page.Keyboard.InsertTextAsync("550 5.1.1 The email account that you tried to reach does not exist. " + new string('x', 100_000));
        await reply.PressAsync("Tab");

        Assert.Equal(8000, await reply.EvaluateAsync<int>("element => element.value.length"));
        await Assertions.Expect(page.GetByText("so any longer paste was cut off")).ToBeVisibleAsync();
        await page.Locator("[data-testid=decode-button]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=decode-category]")).ToHaveTextAsync("User unknown");
    }

    private static async Task SignUpAsync(IPage page, string agencyName, string email)
    {
        await page.GotoAsync("/Account/CreateAgency");
        await page.FillAsync("#Input\\.AgencyName", agencyName);
        await page.FillAsync("#Input\\.OwnerName", "Browser Owner");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", Password);
        await page.FillAsync("#Input\\.ConfirmPassword", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/mailboxes", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("[data-testid=agency-name]")).ToHaveTextAsync(agencyName);
    }

    private static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static async Task UploadAsync(IPage page, string path)
    {
        await page.GotoAsync("/uploads");
        await WaitForCircuitAsync(page);
        await UploadPicker.ChooseAsync(page, path);
        var status = page.Locator("[data-testid=upload-row] [data-testid=upload-status]").First;
        await Assertions.Expect(status).ToHaveTextAsync("Done", new LocatorAssertionsToHaveTextOptions { Timeout = (float)JobTimeout.TotalMilliseconds });
    }

    private static async Task WaitForCircuitAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static string Screenshot(string name) => Path.Combine(BrowserPortalFactory.ScreenshotDirectory, name + ".png");
}
