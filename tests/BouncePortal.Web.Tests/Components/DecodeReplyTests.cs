using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Decode;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

public sealed class DecodeReplyTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task Decode_GmailRateLimit_IsSoft()
    {
        var page = await RenderForNewAgencyAsync();

        page.Find("[data-testid=reply-input] textarea, textarea").Input(
            "421-4.7.28 Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. 421 4.7.28 https://support.google.com/mail/?p=UnsolicitedRateLimitError - gsmtp");
        page.Find("[data-testid=decode-button]").Click();

        Assert.Contains("Soft bounce", page.Find("[data-testid=decode-class]").TextContent);
        Assert.Equal("Rate limited", page.Find("[data-testid=decode-category]").TextContent.Trim());
        Assert.Contains("Keep the recipient", page.Find("[data-testid=decode-suppress]").TextContent);
        Assert.Contains("Slow down", page.Markup);
    }

    [Fact]
    public async Task Decode_UserUnknown_ShowsSuppress()
    {
        var page = await RenderForNewAgencyAsync();

        page.Find("textarea").Input("550 5.1.1 The email account that you tried to reach does not exist.");
        page.Find("[data-testid=decode-button]").Click();

        Assert.Contains("Hard bounce", page.Find("[data-testid=decode-class]").TextContent);
        Assert.Equal("User unknown", page.Find("[data-testid=decode-category]").TextContent.Trim());
        Assert.Contains("Suppress the recipient", page.Find("[data-testid=decode-suppress]").TextContent);
        Assert.Contains("Do not retry", page.Find("[data-testid=decode-retry]").TextContent);
        Assert.Contains("Clean the list", page.Markup);
        // The steps are to read: a checkbox here would look tickable and save nothing.
        Assert.NotEmpty(page.FindAll("[data-testid=decode-checklist] li"));
        Assert.Empty(page.FindAll("[data-testid=decode-checklist] .mud-list-item"));
    }

    [Fact]
    public async Task Decode_ConnectionTimedOut_IsSoft()
    {
        var page = await RenderForNewAgencyAsync();

        page.Find("textarea").Input("Connection timed out");
        page.Find("[data-testid=decode-button]").Click();

        Assert.Contains("Soft bounce", page.Find("[data-testid=decode-class]").TextContent);
        Assert.Equal("Network error", page.Find("[data-testid=decode-category]").TextContent.Trim());
        Assert.Contains("Retry with backoff", page.Find("[data-testid=decode-retry]").TextContent);
    }

    [Fact]
    public async Task Decode_ClearedInput_HidesResult()
    {
        var page = await RenderForNewAgencyAsync();

        page.Find("textarea").Input("550 5.1.1 The email account that you tried to reach does not exist.");
        page.Find("[data-testid=decode-button]").Click();
        Assert.NotEmpty(page.FindAll("[data-testid=decode-result]"));
        page.Find("textarea").Input(string.Empty);

        Assert.Empty(page.FindAll("[data-testid=decode-result]"));
    }

    [Fact]
    public async Task Decode_TextWithoutCode_HasNoClass()
    {
        var page = await RenderForNewAgencyAsync();

        page.Find("textarea").Input("hello world");
        page.Find("[data-testid=decode-button]").Click();

        Assert.Contains("Unknown: no SMTP code found", page.Find("[data-testid=decode-class]").TextContent);
        Assert.DoesNotContain("Hard", page.Find("[data-testid=decode-class]").TextContent);
    }

    [Fact]
    public async Task Decode_ReplyLinks_AreClickable()
    {
        const string reply = "421-4.7.28 unusual rate of\n421 4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError zz0000si0000002pln.3 - gsmtp";
        var page = await RenderForNewAgencyAsync();

        page.Find("textarea").Input(reply);
        page.Find("[data-testid=decode-button]").Click();

        Assert.Equal(reply, page.Find("[data-testid=decode-reply]").TextContent);
        var link = Assert.Single(page.FindAll("[data-testid=decode-links] a"));
        Assert.Equal("https://support.google.com/mail/?p=UnsolicitedRateLimitError", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));
        Assert.Equal("https://support.google.com/mail/?p=UnsolicitedRateLimitError", link.TextContent);
    }

    [Fact]
    public async Task Decode_ScriptLink_IsNotALink()
    {
        var page = await RenderForNewAgencyAsync();

        page.Find("textarea").Input("550 5.7.1 see javascript:alert(1)");
        page.Find("[data-testid=decode-button]").Click();

        Assert.Empty(page.FindAll("[data-testid=decode-result] a"));
        Assert.Equal("550 5.7.1 see javascript:alert(1)", page.Find("[data-testid=decode-reply]").TextContent);
    }

    [Fact]
    public async Task ReplyField_LimitsLengthInBrowser()
    {
        var page = await RenderForNewAgencyAsync();

        var textarea = page.Find("textarea");

        Assert.Equal("8000", textarea.GetAttribute("maxlength"));
        Assert.Contains("0 / 8000", page.Markup);
        Assert.Contains("At most 8,000 characters", page.Markup);
    }

    [Fact]
    public async Task ReplyField_OverLimit_RejectsOnServer()
    {
        var page = await RenderForNewAgencyAsync();

        page.Find("textarea").Input("550 5.1.1 user unknown " + new string('x', 9000));
        page.Find("[data-testid=decode-button]").Click();

        Assert.True(page.Find("[data-testid=decode-button]").HasAttribute("disabled"));
        Assert.Contains("9,023 characters long, over the maximum of 8,000", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=decode-result]"));
    }

    [Fact]
    public async Task ReplyField_AtLimit_WarnsAndDecodes()
    {
        var text = "550 5.1.1 user unknown ";
        text += new string('x', 8000 - text.Length);
        var page = await RenderForNewAgencyAsync();

        page.Find("textarea").Input(text);
        page.Find("[data-testid=decode-button]").Click();

        Assert.Contains("at the maximum of 8,000 characters, so any longer paste was cut off", page.Markup);
        Assert.Equal("User unknown", page.Find("[data-testid=decode-category]").TextContent.Trim());
    }

    [Fact]
    public async Task Decode_Typing_EnablesButtonBeforeBlur()
    {
        var page = await RenderForNewAgencyAsync();
        Assert.True(page.Find("[data-testid=decode-button]").HasAttribute("disabled"));

        page.Find("textarea").Input("550 5.1.1 User unknown");

        Assert.False(page.Find("[data-testid=decode-button]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task RetryAdvice_QuotesAgencyLimits()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Patient Decode Agency");
        var saved = await PortalService<AgencySettingsService>().SaveAsync(
            agency.TenantId,
            new AgencySettings { Name = "Patient Decode Agency", PersistentSoftMaxAttempts = 8, PersistentSoftMaxHours = 120 },
            CancellationToken.None);
        Assert.Empty(saved.Problems);
        SignIn(agency, AgencyRole.Staff);
        var page = Render<DecodeReply>();
        page.WaitForElement("[data-testid=retry-limits]");
        Assert.Contains("8 attempts or 120 hours", page.Find("[data-testid=retry-limits]").TextContent);

        page.Find("textarea").Input("Connection timed out");
        page.Find("[data-testid=decode-button]").Click();

        var advice = page.Find("[data-testid=decode-retry]").TextContent;
        Assert.Contains("at most 8 attempts or 120 hours", advice);
        Assert.DoesNotContain("72 hours", advice);
    }

    [Fact]
    public async Task RetryAdvice_IgnoresOtherAgencyLimits()
    {
        var patient = await AgencySession.CreateAsync(Factory, "Other Patient Agency");
        await PortalService<AgencySettingsService>().SaveAsync(
            patient.TenantId,
            new AgencySettings { Name = "Other Patient Agency", PersistentSoftMaxAttempts = 8, PersistentSoftMaxHours = 120 },
            CancellationToken.None);
        var page = await RenderForNewAgencyAsync();

        page.Find("textarea").Input("452 4.2.2 Mailbox full");
        page.Find("[data-testid=decode-button]").Click();

        Assert.Contains("Retry for at most 5 attempts or 72 hours", page.Find("[data-testid=decode-retry]").TextContent);
    }

    /// <summary>Renders the page for a Viewer of a new agency with the default settings.</summary>
    private async Task<IRenderedComponent<DecodeReply>> RenderForNewAgencyAsync()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Decode Agency");
        SignIn(agency, AgencyRole.Viewer);
        var page = Render<DecodeReply>();
        page.WaitForElement("[data-testid=retry-limits]");
        return page;
    }
}
