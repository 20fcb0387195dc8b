using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Attempts;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The retry advice and the checklist of an opened attempt quote the agency's own persistent soft
/// bounce limits.
/// </summary>
public sealed class AttemptAdviceTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task OpenedAttempt_QuotesAgencyLimits()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Attempt Advice Agency");
        var saved = await PortalService<AgencySettingsService>().SaveAsync(
            agency.TenantId,
            new AgencySettings { Name = "Attempt Advice Agency", PersistentSoftMaxAttempts = 3, PersistentSoftMaxHours = 48 },
            CancellationToken.None);
        Assert.Empty(saved.Problems);
        var other = await AgencySession.CreateAsync(Factory, "Patient Advice Agency");
        await PortalService<AgencySettingsService>().SaveAsync(
            other.TenantId,
            new AgencySettings { Name = "Patient Advice Agency", PersistentSoftMaxAttempts = 9, PersistentSoftMaxHours = 200 },
            CancellationToken.None);
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Viewer);

        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/attempts?slice=RecipientDomain&key=example.net");
        var page = Render<AttemptExplorer>();
        page.WaitForAssertion(() => Assert.Contains("Connection timed out", page.Markup));
        // Attempts are listed newest first, and the oldest deferral is not yet persistent.
        page.FindAll("button").Last(button => button.TextContent.Contains("Connection timed out", StringComparison.Ordinal)).Click();

        var detail = page.WaitForElement("[data-testid=attempt-detail]").TextContent;
        Assert.Contains("for at most 3 attempts or 48 hours", detail);
        Assert.Matches(@"line \d+ of maillog", detail);
        Assert.DoesNotContain("72 hours", detail);
        Assert.DoesNotContain("200 hours", detail);

        var title = page.Find("[data-testid=attempt-checklist-title]").TextContent;
        Assert.Contains("Let the recipient side recover", title);
        var steps = page.FindAll("[data-testid=attempt-checklist] li");
        Assert.Equal(4, steps.Count);
        Assert.Contains(steps, step => step.TextContent.Contains("at most 3 attempts or 48 hours", StringComparison.Ordinal));
    }
}
