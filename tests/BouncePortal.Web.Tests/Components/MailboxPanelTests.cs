using System.Security.Claims;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Mailboxes;
using BouncePortal.Web.Tenancy;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The mailbox pages' forms reject out-of-range numbers with a message instead of changing them,
/// and show their actions only to roles that may run them.
/// </summary>
public sealed class MailboxPanelTests : BunitContext, IAsyncLifetime, IClassFixture<PortalFactory>
{
    private readonly PortalFactory factory;
    private readonly AsyncServiceScope portalScope;

    public MailboxPanelTests(PortalFactory factory)
    {
        this.factory = factory;
        portalScope = factory.Services.CreateAsyncScope();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddAuthorizationCore(options => options.AddPortalPolicies());
        Services.AddCascadingAuthenticationState();

        // bUnit registers a placeholder authorization service; these tests evaluate the real policies.
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        Services.AddSingleton(portalScope.ServiceProvider.GetRequiredService<StopTheBleedService>());
        Services.AddSingleton(portalScope.ServiceProvider.GetRequiredService<RampPlanService>());
        Services.AddSingleton(portalScope.ServiceProvider.GetRequiredService<MailboxInventoryService>());
        Services.AddSingleton(portalScope.ServiceProvider.GetRequiredService<ChecklistQueryService>());
        Services.AddSingleton(factory.Services.GetRequiredService<TenantDbContextFactory>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CurrentAgency>();
        Services.AddScoped<PortalAccess>();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await portalScope.DisposeAsync();
    }

    [Fact]
    public async Task PauseForm_HoursAboveRange_IsRejected()
    {
        var (member, mailboxId) = await MailboxAsync("Pause Range", AgencyRole.Staff);
        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        form.Find("input[data-testid=pause-hours]").Change("100");
        form.Find("[data-testid=confirm-pause]").Click();

        var error = form.WaitForElement("[data-testid=pause-error]").TextContent;
        Assert.Contains("100", error);
        Assert.Contains("24 to 48 hours", error);
        Assert.Empty(await Workflows.ListForMailboxAsync(member.TenantId, mailboxId, CancellationToken.None));
    }

    [Fact]
    public async Task PauseForm_PercentAboveRange_IsRejected()
    {
        var (member, mailboxId) = await MailboxAsync("Percent Range", AgencyRole.Staff);
        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        form.Find("input[data-testid=pause-percent]").Change("90");
        form.Find("[data-testid=confirm-pause]").Click();

        var error = form.WaitForElement("[data-testid=pause-error]").TextContent;
        Assert.Contains("90%", error);
        Assert.Contains("30% to 50%", error);
        Assert.Empty(await Workflows.ListForMailboxAsync(member.TenantId, mailboxId, CancellationToken.None));
    }

    [Fact]
    public async Task PauseForm_Inputs_KeepTheirRange()
    {
        var (member, mailboxId) = await MailboxAsync("Pause Bounds", AgencyRole.Staff);
        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        var hours = form.Find("input[data-testid=pause-hours]");

        Assert.Equal("24", hours.GetAttribute("min"));
        Assert.Equal("48", hours.GetAttribute("max"));
    }

    [Fact]
    public async Task RampPanel_TargetZero_NamesTheValue()
    {
        var (member, mailboxId) = await MailboxAsync("Ramp Target", AgencyRole.Staff);
        var panel = Render<RampPlanPanel>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxId, mailboxId)
            .Add(p => p.CurrentDailyVolume, 40)
            .Add(p => p.TargetDailyVolume, 35));

        panel.Find("input[data-testid=ramp-target]").Change("0");
        panel.Find("[data-testid=create-ramp]").Click();

        var error = panel.WaitForElement("[data-testid=ramp-error]").TextContent;
        Assert.Contains("target daily volume 0 ", error);
    }

    [Fact]
    public async Task AddMailbox_NegativeVolume_IsRejected()
    {
        var (member, _) = await MailboxAsync("Negative Volume", AgencyRole.Staff);
        var page = Render<Mailboxes>();
        page.WaitForElement("[data-testid=add-mailbox]").Click();

        page.Find("input[data-testid=mailbox-address]").Change("bob@outreach-example.com");
        page.Find("input[data-testid=mailbox-current-volume]").Change("-5");
        page.Find("[data-testid=save-mailbox]").Click();

        var error = page.WaitForElement("[data-testid=mailbox-error]").TextContent;
        Assert.Contains("current daily volume -5 is negative", error);
        var inventory = portalScope.ServiceProvider.GetRequiredService<MailboxInventoryService>();
        Assert.DoesNotContain(
            await inventory.ListAsync(member.TenantId, includeArchived: true, CancellationToken.None),
            mailbox => mailbox.Address == "bob@outreach-example.com");
    }

    private StopTheBleedService Workflows => portalScope.ServiceProvider.GetRequiredService<StopTheBleedService>();

    private async Task<(AgencySession Member, Guid MailboxId)> MailboxAsync(string agency, AgencyRole role)
    {
        var member = await AgencySession.CreateAsync(factory, $"{agency} {Guid.NewGuid():N}");
        var inventory = portalScope.ServiceProvider.GetRequiredService<MailboxInventoryService>();
        var saved = await inventory.AddAsync(member.TenantId, new MailboxDraft { Address = "anna@outreach-example.com" }, CancellationToken.None);
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationStateProvider(Principal(member, role)));
        return (member, saved.Mailbox!.Id);
    }

    private static ClaimsPrincipal Principal(AgencySession member, AgencyRole role) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, member.Email),
                new Claim(ClaimTypes.Name, member.Email),
                new Claim(TenantClaims.TenantId, member.TenantId.ToString()),
                new Claim(TenantClaims.AgencyRole, role.ToString()),
            ],
            authenticationType: "Test"));

    private sealed class FixedAuthenticationStateProvider(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
