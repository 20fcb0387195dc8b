using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The Uploads page lists an agency's uploads newest first, 25 to a page, names the range it
/// shows, keeps the page number in the address, and keeps following the jobs of the uploads on
/// the page that is shown.
/// </summary>
public sealed class UploadPagingTests(PortalFactory factory) : PortalComponentContext(factory)
{
    private static readonly DateTimeOffset FirstUploadedAt = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FirstPage_ShowsNewestUploads()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging First Page Agency");
        await AddUploadsAsync(agency.TenantId, "upload", 30);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var range = Normalize(page.WaitForElement("[data-testid=uploads-range]").TextContent);
        var names = FileNames(page);

        Assert.Equal("Showing 1-25 of 30, newest first", range);
        Assert.Equal(UploadPage.DefaultPageSize, names.Count);
        Assert.Equal("upload-30.log", names[0]);
        Assert.Equal("upload-06.log", names[^1]);
        Assert.NotNull(page.Find("[data-testid=uploads-pager] button[aria-label='Page 2']"));
    }

    [Fact]
    public async Task SecondPage_ShowsOlderUploads()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Second Page Agency");
        await AddUploadsAsync(agency.TenantId, "upload", 30);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=uploads-pager] button[aria-label='Page 2']").Click();

        page.WaitForAssertion(() => Assert.Equal("Showing 26-30 of 30, newest first", Normalize(page.Find("[data-testid=uploads-range]").TextContent)));
        Assert.Equal(["upload-05.log", "upload-04.log", "upload-03.log", "upload-02.log", "upload-01.log"], FileNames(page));
    }

    [Fact]
    public async Task QueryPageTwo_ShowsSecondPage()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Query Agency");
        await AddUploadsAsync(agency.TenantId, "upload", 30);
        SignIn(agency, AgencyRole.Staff);

        var page = RenderAt("/uploads?page=2");
        var range = Normalize(page.WaitForElement("[data-testid=uploads-range]").TextContent);

        Assert.Equal("Showing 26-30 of 30, newest first", range);
        Assert.Equal(["upload-05.log", "upload-04.log", "upload-03.log", "upload-02.log", "upload-01.log"], FileNames(page));
        Assert.NotNull(page.Find("[data-testid=uploads-pager] button[aria-label='Current page 2']"));
    }

    [Theory]
    [InlineData("/uploads", "Showing 1-25 of 30, newest first")]
    [InlineData("/uploads?page=", "Showing 1-25 of 30, newest first")]
    [InlineData("/uploads?page=two", "Showing 1-25 of 30, newest first")]
    [InlineData("/uploads?page=0", "Showing 1-25 of 30, newest first")]
    [InlineData("/uploads?page=-2", "Showing 1-25 of 30, newest first")]
    [InlineData("/uploads?page=1.5", "Showing 1-25 of 30, newest first")]
    [InlineData("/uploads?page=99999999999", "Showing 1-25 of 30, newest first")]
    [InlineData("/uploads?page=3", "Showing 26-30 of 30, newest first")]
    [InlineData("/uploads?page=2147483647", "Showing 26-30 of 30, newest first")]
    public async Task InvalidQueryPage_ShowsValidPage(string address, string expected)
    {
        var agency = await AgencySession.CreateAsync(Factory, $"Paging Invalid Query Agency {Guid.NewGuid():N}");
        await AddUploadsAsync(agency.TenantId, "upload", 30);
        SignIn(agency, AgencyRole.Staff);

        var page = RenderAt(address);
        var range = Normalize(page.WaitForElement("[data-testid=uploads-range]").TextContent);

        Assert.Equal(expected, range);
    }

    [Fact]
    public async Task PastLastPage_AddressNamesLastPage()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Past Last Agency");
        await AddUploadsAsync(agency.TenantId, "upload", 30);
        SignIn(agency, AgencyRole.Staff);
        var navigation = Services.GetRequiredService<NavigationManager>();

        var page = RenderAt("/uploads?page=9");

        page.WaitForAssertion(() => Assert.Equal("Showing 26-30 of 30, newest first", Normalize(page.Find("[data-testid=uploads-range]").TextContent)));
        page.WaitForAssertion(() => Assert.EndsWith("/uploads?page=2", navigation.Uri));
    }

    [Fact]
    public async Task PagerClick_PutsPageInAddress()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Address Agency");
        await AddUploadsAsync(agency.TenantId, "upload", 30);
        SignIn(agency, AgencyRole.Staff);
        var navigation = Services.GetRequiredService<NavigationManager>();

        var page = RenderAt("/uploads");
        page.WaitForElement("[data-testid=uploads-pager] button[aria-label='Page 2']").Click();
        page.WaitForAssertion(() => Assert.Equal("Showing 26-30 of 30, newest first", Normalize(page.Find("[data-testid=uploads-range]").TextContent)));
        var secondAddress = navigation.Uri;
        page.Find("[data-testid=uploads-pager] button[aria-label='Page 1']").Click();
        page.WaitForAssertion(() => Assert.Equal("Showing 1-25 of 30, newest first", Normalize(page.Find("[data-testid=uploads-range]").TextContent)));

        Assert.EndsWith("/uploads?page=2", secondAddress);
        Assert.EndsWith("/uploads", navigation.Uri);
    }

    [Fact]
    public async Task AddressBack_ShowsFirstPageAgain()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Back Agency");
        await AddUploadsAsync(agency.TenantId, "upload", 30);
        SignIn(agency, AgencyRole.Staff);

        var page = RenderAt("/uploads?page=2");
        page.WaitForAssertion(() => Assert.Equal("Showing 26-30 of 30, newest first", Normalize(page.Find("[data-testid=uploads-range]").TextContent)));

        // The back button changes only the address, as this navigation does.
        Services.GetRequiredService<NavigationManager>().NavigateTo("/uploads");

        page.WaitForAssertion(() => Assert.Equal("Showing 1-25 of 30, newest first", Normalize(page.Find("[data-testid=uploads-range]").TextContent)));
        Assert.Equal("upload-30.log", FileNames(page)[0]);
    }

    [Fact]
    public async Task SmallAgency_QueryPageTwo_ShowsOwnUploads()
    {
        var large = await AgencySession.CreateAsync(Factory, "Paging Query Large Neighbour Agency");
        var small = await AgencySession.CreateAsync(Factory, "Paging Query Small Agency");
        await AddUploadsAsync(large.TenantId, "large", 40);
        await AddUploadsAsync(small.TenantId, "small", 2);
        SignIn(small, AgencyRole.Viewer);

        var page = RenderAt("/uploads?page=2");
        var range = Normalize(page.WaitForElement("[data-testid=uploads-range]").TextContent);

        Assert.Equal("Showing 1-2 of 2, newest first", range);
        Assert.Equal(["small-02.log", "small-01.log"], FileNames(page));
        Assert.Empty(page.FindAll("[data-testid=uploads-pager]"));
    }

    [Fact]
    public async Task Reload_PageTwo_RendersSecondPage()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Reload Agency");
        await AddUploadsAsync(agency.TenantId, "upload", 30);

        var html = await agency.GetPageAsync("/uploads?page=2");

        Assert.Contains("Showing 26-30 of 30, newest first", Normalize(html));
        Assert.Contains("upload-05.log", html);
        Assert.DoesNotContain("upload-06.log", html);
    }

    [Fact]
    public async Task FewUploads_ShowNoPager()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Few Uploads Agency");
        await AddUploadsAsync(agency.TenantId, "upload", 3);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var range = Normalize(page.WaitForElement("[data-testid=uploads-range]").TextContent);

        Assert.Equal("Showing 1-3 of 3, newest first", range);
        Assert.Equal(3, FileNames(page).Count);
        Assert.Empty(page.FindAll("[data-testid=uploads-pager]"));
    }

    [Fact]
    public async Task SmallAgency_CountsOwnUploadsOnly()
    {
        var large = await AgencySession.CreateAsync(Factory, "Paging Large Neighbour Agency");
        var small = await AgencySession.CreateAsync(Factory, "Paging Small Agency");
        await AddUploadsAsync(large.TenantId, "large", 40);
        await AddUploadsAsync(small.TenantId, "small", 2);
        SignIn(small, AgencyRole.Viewer);

        var page = Render<Uploads>();
        var range = Normalize(page.WaitForElement("[data-testid=uploads-range]").TextContent);

        Assert.Equal("Showing 1-2 of 2, newest first", range);
        Assert.Equal(["small-02.log", "small-01.log"], FileNames(page));
        Assert.Empty(page.FindAll("[data-testid=uploads-pager]"));
    }

    [Fact]
    public async Task LargeAgency_PagesOwnUploadsOnly()
    {
        var large = await AgencySession.CreateAsync(Factory, "Paging Large Agency");
        var small = await AgencySession.CreateAsync(Factory, "Paging Small Neighbour Agency");
        await AddUploadsAsync(large.TenantId, "large", 40);

        // The neighbour's uploads are newer, so they would head the first page if they leaked.
        await AddUploadsAsync(small.TenantId, "small", 2, after: TimeSpan.FromDays(1));
        SignIn(large, AgencyRole.Viewer);

        var page = Render<Uploads>();
        var firstRange = Normalize(page.WaitForElement("[data-testid=uploads-range]").TextContent);
        var firstNames = FileNames(page);
        page.Find("[data-testid=uploads-pager] button[aria-label='Page 2']").Click();
        page.WaitForAssertion(() => Assert.Equal("Showing 26-40 of 40, newest first", Normalize(page.Find("[data-testid=uploads-range]").TextContent)));
        var secondNames = FileNames(page);

        Assert.Equal("Showing 1-25 of 40, newest first", firstRange);
        Assert.Equal("large-40.log", firstNames[0]);
        Assert.Equal(15, secondNames.Count);
        Assert.Equal("large-15.log", secondNames[0]);
        Assert.All(firstNames.Concat(secondNames), name => Assert.StartsWith("large-", name));
    }

    [Fact]
    public async Task VisiblePage_FollowsRunningJob()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Running Job Agency");
        var uploads = await AddUploadsAsync(agency.TenantId, "upload", 26);
        var oldest = uploads[0];
        await SetAsync(agency.TenantId, oldest.Id, upload =>
        {
            upload.Status = UploadStatus.Processing;
            upload.ProgressPercent = 40;
        });
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        page.WaitForElement("[data-testid=uploads-range]");
        Assert.Empty(page.FindAll("[data-testid=job-progress]"));
        page.Find("[data-testid=uploads-pager] button[aria-label='Page 2']").Click();
        page.WaitForElement("[data-testid=job-progress]");

        await SetAsync(agency.TenantId, oldest.Id, upload =>
        {
            upload.Status = UploadStatus.Completed;
            upload.ProgressPercent = 100;
            upload.LinesRead = 12;
            upload.AttemptsStored = 12;
        });

        page.WaitForAssertion(
            () => Assert.Equal("Done", page.Find("[data-testid=upload-status]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
        Assert.Equal("Showing 26-26 of 26, newest first", Normalize(page.Find("[data-testid=uploads-range]").TextContent));
        Assert.Equal(["upload-01.log"], FileNames(page));
        Assert.Empty(page.FindAll("[data-testid=job-progress]"));
    }

    [Fact]
    public async Task QueryPageTwo_FollowsRunningJob()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Query Running Job Agency");
        var uploads = await AddUploadsAsync(agency.TenantId, "upload", 26);
        var oldest = uploads[0];
        await SetAsync(agency.TenantId, oldest.Id, upload =>
        {
            upload.Status = UploadStatus.Processing;
            upload.ProgressPercent = 40;
        });
        SignIn(agency, AgencyRole.Staff);

        var page = RenderAt("/uploads?page=2");
        page.WaitForElement("[data-testid=job-progress]");

        await SetAsync(agency.TenantId, oldest.Id, upload =>
        {
            upload.Status = UploadStatus.Completed;
            upload.ProgressPercent = 100;
            upload.LinesRead = 12;
            upload.AttemptsStored = 12;
        });

        page.WaitForAssertion(
            () => Assert.Equal("Done", page.Find("[data-testid=upload-status]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
        Assert.Equal("Showing 26-26 of 26, newest first", Normalize(page.Find("[data-testid=uploads-range]").TextContent));
        Assert.Equal(["upload-01.log"], FileNames(page));
        Assert.Empty(page.FindAll("[data-testid=job-progress]"));
    }

    [Fact]
    public async Task PagePastTheEnd_ReadsLastPage()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Past The End Agency");
        await AddUploadsAsync(agency.TenantId, "upload", 30);
        await using var db = Factory.OpenDatabase(agency.TenantId);

        var last = await UploadPage.ReadAsync(db, 7, UploadPage.DefaultPageSize, CancellationToken.None);
        var beforeFirst = await UploadPage.ReadAsync(db, 0, UploadPage.DefaultPageSize, CancellationToken.None);

        Assert.Equal(2, last.PageNumber);
        Assert.Equal(2, last.PageCount);
        Assert.Equal(26, last.FirstPosition);
        Assert.Equal(30, last.LastPosition);
        Assert.Equal(1, beforeFirst.PageNumber);
        Assert.Equal("upload-30.log", beforeFirst.Uploads[0].FileName);
    }

    [Fact]
    public async Task EmptyAgency_HasOneEmptyPage()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Paging Empty Agency");
        await using var db = Factory.OpenDatabase(agency.TenantId);

        var empty = await UploadPage.ReadAsync(db, 1, UploadPage.DefaultPageSize, CancellationToken.None);

        Assert.Empty(empty.Uploads);
        Assert.Equal(1, empty.PageCount);
        Assert.Equal(0, empty.FirstPosition);
        Assert.Equal(0, empty.LastPosition);
    }

    /// <summary>
    /// Adds <paramref name="count"/> completed uploads named "prefix-01.log" onwards, each a minute
    /// after the one before and the first <paramref name="after"/> past a fixed start, and returns
    /// them oldest first.
    /// </summary>
    private async Task<List<Upload>> AddUploadsAsync(Guid tenantId, string prefix, int count, TimeSpan after = default)
    {
        var uploads = Enumerable.Range(1, count)
            .Select(number => new Upload
            {
                Id = Guid.NewGuid(),
                TenantId = tenantId,
                FileName = $"{prefix}-{number:00}.log",
                Status = UploadStatus.Completed,
                ProgressPercent = 100,
                UploadedAt = FirstUploadedAt.Add(after).AddMinutes(number),
            })
            .ToList();
        await using var db = Factory.OpenDatabase(tenantId);
        db.Uploads.AddRange(uploads);
        await db.SaveChangesAsync();
        return uploads;
    }

    private async Task SetAsync(Guid tenantId, Guid uploadId, Action<Upload> change)
    {
        await using var db = Factory.OpenDatabase(tenantId);
        var upload = await db.Uploads.SingleAsync(u => u.Id == uploadId);
        change(upload);
        await db.SaveChangesAsync();
    }

    private IRenderedComponent<Uploads> RenderAt(string address)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<Uploads>();
    }

    private static List<string> FileNames(IRenderedComponent<Uploads> page) =>
        page.FindAll("[data-testid=upload-row] .mud-typography-subtitle1").Select(name => name.TextContent.Trim()).ToList();

    private static string Normalize(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
