using System.Globalization;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Web.Tests.Integration;
using BouncePortal.Web.Tests.Support;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BouncePortal.Web.Tests.Browser;

[Collection(HangfireServerCollection.Name)]
public sealed class AgencyJourneyTests(BrowserPortalFactory portal) : IClassFixture<BrowserPortalFactory>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Journey_SignUpUploadAndReadGauges()
    {
        var log = UploadIngestTests.GenerateSampleLog(messages: 2000, mailboxes: 4);
        var logPath = Path.Combine(portal.DataDirectory, "maillog-journey.log");
        await File.WriteAllTextAsync(logPath, log);
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();

        await SignUpAsync(page, "Journey Agency");
        await AddMailboxAsync(page, "anna@outreach-journey.example");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("mailboxes"), FullPage = true });

        await page.GotoAsync("/uploads");
        await WaitForCircuitAsync(page);
        await UploadPicker.ChooseAsync(page, logPath);
        var status = page.Locator("[data-testid=upload-row] [data-testid=upload-status]").First;
        await Assertions.Expect(status).ToHaveTextAsync("Done", new LocatorAssertionsToHaveTextOptions { Timeout = (float)JobTimeout.TotalMilliseconds });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("uploads"), FullPage = true });

        await page.GotoAsync("/dashboard");
        var expected = RecipientOutcomeTracker.Summarize(Analyze(log));
        var soft = page.Locator("[data-testid=agency-soft] .bounce-gauge-value");
        var hard = page.Locator("[data-testid=agency-hard] .bounce-gauge-value");
        await Assertions.Expect(soft).ToHaveTextAsync(Percent(expected.SoftRate));
        await Assertions.Expect(hard).ToHaveTextAsync(Percent(expected.HardRate));
        Assert.Equal(4, await page.Locator("[data-testid=mailbox-card]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard"), FullPage = true });

        // The gauge navigates inside the circuit, so the click counts only once the circuit is attached.
        await WaitForCircuitAsync(page);
        for (var attempt = 0; attempt < 20 && !page.Url.Contains("/attempts", StringComparison.Ordinal); attempt++)
        {
            await page.Locator("[data-testid=agency-soft]").ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/attempts\\?.*class=Soft"));
        var rows = page.Locator("[data-testid=attempts-table] tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        Assert.True(await rows.CountAsync() > 1);
        await Assertions.Expect(page.Locator("[data-testid=attempts-table]")).Not.ToContainTextAsync("Delivered");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("attempts"), FullPage = true });
    }

    [Fact]
    public async Task Upload_UnknownFormat_ShowsFailure()
    {
        var path = Path.Combine(portal.DataDirectory, "notes.txt");
        await File.WriteAllTextAsync(path, SampleLogs.NotAMailLog);
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Wrong File Agency");

        await page.GotoAsync("/uploads");
        await WaitForCircuitAsync(page);
        await UploadPicker.ChooseAsync(page, path);

        var error = page.Locator("[data-testid=job-error]").First;
        await Assertions.Expect(error).ToContainTextAsync("notes.txt", new LocatorAssertionsToContainTextOptions { Timeout = (float)JobTimeout.TotalMilliseconds });
        await Assertions.Expect(page.Locator("[data-testid=upload-status]").First).ToHaveTextAsync("Failed");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("upload-failed"), FullPage = true });
    }

    [Fact]
    public async Task Upload_SameFileTwice_ShowsDuplicateError()
    {
        var path = Path.Combine(portal.DataDirectory, "twice.log");
        await File.WriteAllTextAsync(path, SampleLogs.TwoMailboxes);
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Twice Agency");
        await page.GotoAsync("/uploads");
        await WaitForCircuitAsync(page);
        await UploadPicker.ChooseAsync(page, path);
        await Assertions.Expect(page.Locator("[data-testid=upload-status]")).ToHaveCountAsync(1);

        await UploadPicker.ChooseAsync(page, path);

        var error = page.Locator("[data-testid=upload-error]");
        await Assertions.Expect(error).ToContainTextAsync("same content as twice.log");
        await Assertions.Expect(error).ToContainTextAsync("delete that upload first");
        await Assertions.Expect(page.Locator("[data-testid=upload-status]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Upload_AddressColumnCsv_ShowsMapping()
    {
        var path = Path.Combine(portal.DataDirectory, "contacts.csv");
        await File.WriteAllTextAsync(path, "contact,outcome,when,smtp_response,mailbox\nfirst@example.com,BOUNCE,2026-12-04T10:00:00Z,550 5.1.1 no such user,anna@outreach.example.com\n");
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Address Column Agency");
        await page.GotoAsync("/uploads");
        await WaitForCircuitAsync(page);

        await UploadPicker.ChooseAsync(page, path);

        await Assertions.Expect(page.Locator("[data-testid=mapping-preview]")).ToContainTextAsync("first@example.com");
        await Assertions.Expect(page.Locator("[data-testid=map-recipient]")).ToContainTextAsync("contact");
    }

    [Fact]
    public async Task Mapping_StoredFileRemoved_KeepsCircuit()
    {
        var path = Path.Combine(portal.DataDirectory, "removed.csv");
        await File.WriteAllTextAsync(path, "contact,smtp_response\nfirst@example.com,550 5.1.1 no such user\n");
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Removed File Agency");
        await page.GotoAsync("/uploads");
        await WaitForCircuitAsync(page);
        await UploadPicker.ChooseAsync(page, path);
        await Assertions.Expect(page.Locator("[data-testid=mapping-preview]")).ToContainTextAsync("first@example.com");

        // The page does not show the upload id that names the stored file, so the test empties this agency's folder.
        await using var db = portal.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();
        var tenantId = (await db.Agencies.SingleAsync(a => a.Name == "Removed File Agency")).Id;
        foreach (var stored in Directory.GetFiles(Path.Combine(portal.DataDirectory, "uploads", tenantId.ToString("N"))))
        {
            File.Delete(stored);
        }

        await page.Locator("[data-testid=confirm-mapping]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=mapping-error]")).ToContainTextAsync("The stored copy of removed.csv is missing");
        await page.Locator("[data-testid=delete-upload]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=uploads-empty]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Uploads_PageTwo_SurvivesReloadAndBack()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Paging Journey Agency");
        await using (var db = portal.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant())
        {
            var tenantId = (await db.Agencies.SingleAsync(a => a.Name == "Paging Journey Agency")).Id;
            await using var agencyDb = portal.OpenDatabase(tenantId);
            agencyDb.Uploads.AddRange(Enumerable.Range(1, 30).Select(number => new Infrastructure.Uploads.Upload
            {
                Id = Guid.NewGuid(),
                TenantId = tenantId,
                FileName = $"paged-{number:00}.log",
                Status = Infrastructure.Uploads.UploadStatus.Completed,
                ProgressPercent = 100,
                UploadedAt = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero).AddMinutes(number),
                ContentSha256 = Guid.NewGuid().ToString("N"),
            }));
            await agencyDb.SaveChangesAsync();
        }

        var range = page.Locator("[data-testid=uploads-range]");
        await page.GotoAsync("/uploads");
        await WaitForCircuitAsync(page);

        // The prerendered pager ignores clicks until the circuit attaches its handlers.
        for (var attempt = 0; attempt < 20 && !page.Url.Contains("page=2", StringComparison.Ordinal); attempt++)
        {
            await page.Locator("[data-testid=uploads-pager] button[aria-label='Page 2']").ClickAsync();
            await page.WaitForTimeoutAsync(250);
        }

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/uploads\\?page=2$"));
        await Assertions.Expect(range).ToHaveTextAsync("Showing 26-30 of 30, newest first");

        await page.ReloadAsync();
        await Assertions.Expect(range).ToHaveTextAsync("Showing 26-30 of 30, newest first");
        await WaitForCircuitAsync(page);

        await page.GoBackAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/uploads$"));
        await Assertions.Expect(range).ToHaveTextAsync("Showing 1-25 of 30, newest first");

        await page.GoForwardAsync();
        await Assertions.Expect(range).ToHaveTextAsync("Showing 26-30 of 30, newest first");
        await Assertions.Expect(page.Locator("[data-testid=upload-row]").First).ToContainTextAsync("paged-05.log");
    }

    [Fact]
    public async Task Journey_InviteStaffWhoJoins()
    {
        await using var browser = await portal.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await SignUpAsync(page, "Inviting Agency");
        var staffEmail = $"staff-{Guid.NewGuid():N}@example.com";

        await page.GotoAsync("/users");
        await WaitForCircuitAsync(page);
        var link = page.Locator("[data-testid=invitation-link] input");

        // The prerendered form ignores input until the circuit attaches, so the test fills and clicks again until the link appears.
        for (var attempt = 0; attempt < 20 && !await link.IsVisibleAsync(); attempt++)
        {
            await page.Locator("input[type=email]").FillAsync(staffEmail);
            await page.Locator("input[type=email]").DispatchEventAsync("change");
            await page.ClickAsync("[data-testid=invite-button]");
            await page.WaitForTimeoutAsync(500);
        }

        if (!await link.IsVisibleAsync())
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("users-invite-failed"), FullPage = true });
        }

        var invitationUrl = await link.InputValueAsync();
        Assert.Contains("/Account/AcceptInvitation?token=", invitationUrl);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("users-invited"), FullPage = true });

        await using var staffBrowser = await portal.NewBrowserAsync();
        var staffPage = await staffBrowser.NewPageAsync();
        await staffPage.GotoAsync(invitationUrl);
        await staffPage.FillAsync("#Input\\.Password", "Bounce-Portal-42");
        await staffPage.FillAsync("#Input\\.ConfirmPassword", "Bounce-Portal-42");
        await staffPage.ClickAsync("button[type=submit]");
        await staffPage.WaitForURLAsync("**/dashboard", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(staffPage.Locator("[data-testid=agency-name]")).ToHaveTextAsync("Inviting Agency");

        await using var db = portal.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();
        var tenantId = (await db.Agencies.SingleAsync(a => a.Name == "Inviting Agency")).Id;
        await using var agencyDb = portal.OpenDatabase(tenantId);
        var invited = await agencyDb.AuditEntries.SingleAsync(e => e.Action == AuditActions.UserInvited);
        Assert.Contains(staffEmail, invited.Details);
        Assert.False(string.IsNullOrEmpty(invited.ActorName));
        Assert.False(string.IsNullOrEmpty(invited.IpAddress));
    }

    private static async Task SignUpAsync(IPage page, string agencyName)
    {
        var requests = new List<string>();
        page.Response += (_, response) => requests.Add(response.Status + " " + response.Url);
        await page.GotoAsync("/Account/CreateAgency");
        await page.FillAsync("#Input\\.AgencyName", agencyName);
        await page.FillAsync("#Input\\.OwnerName", "Journey Owner");
        await page.FillAsync("#Input\\.Email", $"owner-{Guid.NewGuid():N}@example.com");
        await page.FillAsync("#Input\\.Password", "Bounce-Portal-42");
        await page.FillAsync("#Input\\.ConfirmPassword", "Bounce-Portal-42");
        await page.ClickAsync("button[type=submit]");
        try
        {
            await page.WaitForURLAsync("**/mailboxes", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("sign-up-failed"), FullPage = true });
            throw new TimeoutException($"Sign-up stayed on {page.Url} after: {string.Join(", ", requests)}");
        }

        await Assertions.Expect(page.Locator("[data-testid=agency-name]")).ToHaveTextAsync(agencyName);
    }

    private static async Task AddMailboxAsync(IPage page, string address)
    {
        await WaitForCircuitAsync(page);
        var form = page.Locator("[data-testid=mailbox-form]");

        // The prerendered button ignores clicks until the circuit attaches its handlers.
        for (var attempt = 0; attempt < 20 && !await form.IsVisibleAsync(); attempt++)
        {
            await page.ClickAsync("[data-testid=add-mailbox]");
            await page.WaitForTimeoutAsync(250);
        }

        await page.Locator("[data-testid=mailbox-address] input, input[data-testid=mailbox-address]").First.FillAsync(address);
        await page.ClickAsync("[data-testid=save-mailbox]");
        await Assertions.Expect(page.Locator("[data-testid=mailbox-table]")).ToContainTextAsync(address);
    }

    private static async Task WaitForCircuitAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static IReadOnlyCollection<RecipientOutcome> Analyze(string log)
    {
        var parser = new PostfixLogParser("maillog-journey.log", DateTimeOffset.UtcNow);
        var tracker = new RecipientOutcomeTracker();
        foreach (var attempt in parser.Parse(new StringReader(log)))
        {
            tracker.Add(ClassifiedAttempt.From(attempt));
        }

        return tracker.Outcomes;
    }

    private static string Percent(double rate) => rate.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Screenshot(string name) => Path.Combine(BrowserPortalFactory.ScreenshotDirectory, name + ".png");
}
