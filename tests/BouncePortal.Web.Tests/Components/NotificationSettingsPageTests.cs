using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Settings;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The notification settings page rejects an SMTP port outside 1 to 65535 with a message naming
/// the typed value, and keeps the stored port.
/// </summary>
public sealed class NotificationSettingsPageTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Theory]
    [InlineData("70000")]
    [InlineData("0")]
    public async Task SmtpPort_OutOfRange_IsRejected(string typed)
    {
        var owner = await AgencySession.CreateAsync(Factory, $"Smtp Port {typed}");
        SignIn(owner, AgencyRole.Owner);
        var page = Render<NotificationSettingsPage>();

        page.WaitForElement("input[data-testid=smtp-port]").Change(typed);
        page.Find("[data-testid=save-notifications]").Click();

        var error = page.WaitForElement("[data-testid=notification-error]").TextContent;
        Assert.Contains($"SMTP port {typed} is invalid", error);
        Assert.Contains("1 to 65535", error);
        Assert.Equal(587, await StoredPortAsync(owner.TenantId));
    }

    [Fact]
    public async Task SmtpPort_InRange_IsSaved()
    {
        var owner = await AgencySession.CreateAsync(Factory, "Smtp Port Saved");
        SignIn(owner, AgencyRole.Owner);
        var page = Render<NotificationSettingsPage>();

        page.WaitForElement("input[data-testid=smtp-port]").Change("2525");
        page.Find("[data-testid=save-notifications]").Click();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        var stored = await StoredPortAsync(owner.TenantId);
        while (stored != 2525 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            stored = await StoredPortAsync(owner.TenantId);
        }

        Assert.Equal(2525, stored);
        Assert.Empty(page.FindAll("[data-testid=notification-error]"));
    }

    private async Task<int> StoredPortAsync(Guid tenantId) =>
        (await PortalService<NotificationSettingsService>().GetAsync(tenantId, CancellationToken.None)).SmtpPort;
}
