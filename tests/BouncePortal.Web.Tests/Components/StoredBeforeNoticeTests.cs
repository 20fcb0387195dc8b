using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// An upload that repeats attempts of an earlier one names on its card the upload that stored them,
/// and states that they count once.
/// </summary>
public sealed class StoredBeforeNoticeTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task OverlappingUpload_NamesEarlierFile()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Stored Before Notice Agency");
        var week = await Factory.UploadAsync(agency.TenantId, "week.log", SampleLogs.Delivered(0, 10));
        await Factory.RunUploadJobAsync(agency.TenantId, week.Id);
        var partial = await Factory.UploadAsync(agency.TenantId, "partial.log", SampleLogs.Delivered(5, 15));
        await Factory.RunUploadJobAsync(agency.TenantId, partial.Id);
        SignIn(agency, AgencyRole.Viewer);

        var page = Render<Uploads>();
        var notice = page.WaitForElement("[data-testid=stored-before-skips]");
        Assert.Single(page.FindAll("[data-testid=stored-before-skips]"));

        var storedBy = SkippedReasonsText.StoredBy("week.log", week.UploadedAt);
        Assert.Matches(@"^week\.log \(uploaded \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\)$", storedBy);
        Assert.Contains($"This file repeats attempts that {storedBy} already stored, so those attempts count once, there.", notice.TextContent);
        Assert.Contains("If that upload is deleted, this file is read again and counts them.", notice.TextContent);
        Assert.Contains($"attempt already stored from {storedBy}: 5", page.Find("[data-testid=skipped-reasons]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=contained-uploads]"));
    }

    [Fact]
    public async Task ContainingUpload_AdvisesDeletingContained()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Contained Upload Agency");
        var daily = await Factory.UploadAsync(agency.TenantId, "daily.log", SampleLogs.Delivered(0, 5));
        await Factory.RunUploadJobAsync(agency.TenantId, daily.Id);
        var weekly = await Factory.UploadAsync(agency.TenantId, "weekly.log", SampleLogs.Delivered(0, 10));
        await Factory.RunUploadJobAsync(agency.TenantId, weekly.Id);
        SignIn(agency, AgencyRole.Viewer);

        var page = Render<Uploads>();
        var advice = page.WaitForElement("[data-testid=contained-uploads]");

        Assert.Contains($"This file contains every attempt of {SkippedReasonsText.StoredBy("daily.log", daily.UploadedAt)}.", advice.TextContent);
        Assert.Contains("delete that upload to count each message once", advice.TextContent);
        Assert.Single(page.FindAll("[data-testid=contained-uploads]"));
    }

    [Fact]
    public async Task DeleteDialog_WarnsOfRereads()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Delete Reread Agency");
        var week = await Factory.UploadAsync(agency.TenantId, "week.log", SampleLogs.Delivered(0, 10));
        await Factory.RunUploadJobAsync(agency.TenantId, week.Id);
        SignIn(agency, AgencyRole.Staff);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Uploads>();

        page.WaitForElement("[data-testid=delete-upload]").Click();
        var dialog = dialogs.WaitForElement(".mud-dialog");

        Assert.Contains("Uploads that skipped attempts or bounce emails because this one stored them first, or that continued messages it left deferred, are read again", dialog.TextContent);
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Delete").Click();
        var snackbar = Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, shown => shown.Message == "Deleted week.log."));
    }
}
