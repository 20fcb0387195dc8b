using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Support;
using Bunit;

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

        Assert.Contains("This file repeats attempts that week.log already stored, so each of them counts once.", notice.TextContent);
        Assert.Contains("If that upload is deleted, this file is read again and counts them.", notice.TextContent);
        Assert.Contains("attempt already stored from week.log: 5", page.Find("[data-testid=skipped-reasons]").TextContent);
    }
}
