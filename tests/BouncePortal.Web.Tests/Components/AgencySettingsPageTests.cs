using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Settings;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The Settings page lists every problem of a save at once, shows each under its field, and calls an
/// emptied number field empty.
/// </summary>
public sealed class AgencySettingsPageTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task Save_TwoInvalidFields_ListsBoth()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Settings Page Two Problems");
        SignIn(agency, AgencyRole.Admin);
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        page.Find("input[data-testid=persistent-attempts]").Change("1");
        page.Find("input[data-testid=persistent-hours]").Change("721");
        page.Find("[data-testid=save-settings]").Click();

        page.WaitForElement("[data-testid=settings-error]");
        var problems = page.FindAll("[data-testid=settings-problem]").Select(p => p.TextContent).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains("not 1", problems[0]);
        Assert.Contains("not 721", problems[1]);
    }

    [Fact]
    public async Task Save_EmptyHours_SaysEmpty()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Settings Page Empty Hours");
        SignIn(agency, AgencyRole.Admin);
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        page.Find("input[data-testid=persistent-hours]").Change(string.Empty);
        page.Find("[data-testid=save-settings]").Click();

        var problem = page.WaitForElement("[data-testid=settings-problem]").TextContent;
        Assert.Contains("The number of hours before a soft bounce counts as persistent is empty", problem);
        Assert.DoesNotContain("not 0", problem);
        var stored = await PortalService<AgencySettingsService>().GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(72, stored.PersistentSoftMaxHours);
    }

    [Fact]
    public async Task Page_OtherAgency_ShowsOwnSettings()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Settings Page Owner");
        var other = await AgencySession.CreateAsync(Factory, "Settings Page Other");
        await PortalService<AgencySettingsService>().SaveAsync(
            owner.TenantId, new AgencySettings { Name = "Settings Page Owner", PersistentSoftMaxHours = 99 }, CancellationToken.None);
        SignIn(other, AgencyRole.Admin);

        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        Assert.Equal("72", page.Find("input[data-testid=persistent-hours]").GetAttribute("value"));
        Assert.DoesNotContain("Settings Page Owner", page.Markup);
    }

    [Fact]
    public async Task Save_InvalidField_ShowsErrorOnField()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Settings Page Field Error");
        SignIn(agency, AgencyRole.Admin);
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");

        page.Find("input[data-testid=persistent-attempts]").Change("1");
        page.Find("[data-testid=save-settings]").Click();

        page.WaitForElement("[data-testid=settings-error]");
        Assert.True(HasError(page, "persistent-attempts"));
        Assert.Equal(
            "The number of failed attempts before a soft bounce counts as persistent must be between 2 and 50, not 1.",
            ErrorText(page, "persistent-attempts"));
        Assert.False(HasError(page, "persistent-hours"));
        Assert.False(HasError(page, "retention-days"));
    }

    [Fact]
    public async Task Save_StillInvalid_ShowsNewError()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Settings Page Still Invalid");
        SignIn(agency, AgencyRole.Admin);
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");
        page.Find("input[data-testid=persistent-attempts]").Change("1");
        page.Find("[data-testid=save-settings]").Click();
        page.WaitForAssertion(() => Assert.True(HasError(page, "persistent-attempts")));

        page.Find("input[data-testid=persistent-attempts]").Change("60");
        page.Find("input[data-testid=persistent-attempts]").Blur();
        page.Find("[data-testid=save-settings]").Click();

        page.WaitForAssertion(() => Assert.EndsWith("not 60.", ErrorText(page, "persistent-attempts")));
        Assert.True(HasError(page, "persistent-attempts"));
    }

    [Fact]
    public async Task Save_ValidAfterInvalid_ClearsFieldError()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Settings Page Cleared Error");
        SignIn(agency, AgencyRole.Admin);
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");
        page.Find("input[data-testid=retention-days]").Change("3");
        page.Find("[data-testid=save-settings]").Click();
        page.WaitForAssertion(() => Assert.True(HasError(page, "retention-days")));

        page.Find("input[data-testid=retention-days]").Change("30");
        page.Find("[data-testid=save-settings]").Click();

        page.WaitForAssertion(() => Assert.False(HasError(page, "retention-days")));
        Assert.Null(ErrorText(page, "retention-days"));
        Assert.Empty(page.FindAll("[data-testid=settings-error]"));
        var stored = await PortalService<AgencySettingsService>().GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(30, stored.RetentionDays);
    }

    [Fact]
    public async Task TimeZone_UnknownTyped_IsRejected()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Settings Page Unknown Zone");
        SignIn(agency, AgencyRole.Admin);
        RenderPopovers();
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");
        page.Find("input[data-testid=persistent-attempts]").Change("7");

        page.Find("input[data-testid=time-zone]").Input("Mars/Olympus");
        page.Find("input[data-testid=time-zone]").Blur();

        const string Expected = "'Mars/Olympus' is not a known time zone. Choose one from the list, such as Europe/Berlin or America/New_York.";
        page.WaitForAssertion(() => Assert.True(HasError(page, "time-zone")));
        Assert.Equal(Expected, ErrorText(page, "time-zone"));
        Assert.Equal("Mars/Olympus", page.Find("input[data-testid=time-zone]").GetAttribute("value"));

        page.Find("[data-testid=save-settings]").Click();

        var problem = page.WaitForElement("[data-testid=settings-problem]").TextContent;
        Assert.Equal(Expected, problem);
        Assert.Equal(Expected, ErrorText(page, "time-zone"));
        var stored = await PortalService<AgencySettingsService>().GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal("UTC", stored.TimeZoneId);
        Assert.Equal(5, stored.PersistentSoftMaxAttempts);
    }

    [Fact]
    public async Task TimeZone_ListedZoneAfterUnknown_ClearsError()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Settings Page Zone Fixed");
        SignIn(agency, AgencyRole.Admin);
        RenderPopovers();
        var page = Render<AgencySettingsPage>();
        page.WaitForElement("[data-testid=save-settings]");
        page.Find("input[data-testid=time-zone]").Input("Mars/Olympus");
        page.Find("input[data-testid=time-zone]").Blur();
        page.WaitForAssertion(() => Assert.True(HasError(page, "time-zone")));

        // Typed in other letter case, a listed zone is taken as its listed id.
        page.Find("input[data-testid=time-zone]").Input("asia/tokyo");
        page.Find("input[data-testid=time-zone]").Blur();

        page.WaitForAssertion(() => Assert.False(HasError(page, "time-zone")));
        Assert.Null(ErrorText(page, "time-zone"));
        page.Find("[data-testid=save-settings]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=settings-error]")));
        var stored = await PortalService<AgencySettingsService>().GetAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal("Asia/Tokyo", stored.TimeZoneId);
    }

    // MudBlazor marks an invalid field's control with the mud-input-error class, which draws it red.
    private static bool HasError(IRenderedComponent<AgencySettingsPage> page, string testId) =>
        FieldControl(page, testId).ClassList.Contains("mud-input-error");

    // The text under the field, when it is an error rather than a helper text.
    private static string? ErrorText(IRenderedComponent<AgencySettingsPage> page, string testId) =>
        FieldControl(page, testId).QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();

    private static AngleSharp.Dom.IElement FieldControl(IRenderedComponent<AgencySettingsPage> page, string testId) =>
        page.Find($"input[data-testid={testId}]").Closest(".mud-input-control")
            ?? throw new InvalidOperationException($"The input {testId} is outside a MudBlazor input control.");
}
