using System.Security.Claims;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Account;
using BouncePortal.Web.Tenancy;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// Renders portal pages against a running portal's services and the portal's real policies, for a
/// principal of the agency role the test signs in with.
/// </summary>
public abstract class PortalComponentContext : BunitContext, IAsyncLifetime, IClassFixture<PortalFactory>
{
    private readonly SwitchableAuthenticationStateProvider authentication = new();

    protected PortalComponentContext(PortalFactory factory)
    {
        Factory = factory;
        PortalScope = factory.Services.CreateAsyncScope();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<AuthenticationStateProvider>(authentication);
        Services.AddAuthorizationCore(options => options.AddPortalPolicies());
        Services.AddCascadingAuthenticationState();

        // bUnit registers a placeholder authorization service; these tests evaluate the real policies.
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        Services.AddScoped<CurrentAgency>();
        Services.AddScoped<PortalAccess>();
        Services.AddScoped<AccountLinks>();
        Services.AddFallbackServiceProvider(PortalScope.ServiceProvider);

        // Setting it creates the renderer, so it comes after the services.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected PortalFactory Factory { get; }

    /// <summary>A scope of the running portal that supplies every service the test does not register itself.</summary>
    protected AsyncServiceScope PortalScope { get; }

    protected T PortalService<T>()
        where T : notnull => PortalScope.ServiceProvider.GetRequiredService<T>();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await PortalScope.DisposeAsync();
    }

    /// <summary>Signs <paramref name="member"/> in with <paramref name="role"/>.</summary>
    protected void SignIn(AgencySession member, AgencyRole role)
    {
        authentication.Set(Principal(member, role));
    }

    /// <summary>Renders the host of MudBlazor's popovers, which selects and menus open into.</summary>
    protected IRenderedComponent<MudPopoverProvider> RenderPopovers() => Render<MudPopoverProvider>();

    protected static ClaimsPrincipal Principal(AgencySession member, AgencyRole role) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, member.Email),
                new Claim(ClaimTypes.Name, member.Email),
                new Claim(TenantClaims.TenantId, member.TenantId.ToString()),
                new Claim(TenantClaims.AgencyRole, role.ToString()),
            ],
            authenticationType: "Test"));

    private sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
    {
        private AuthenticationState state = new(new ClaimsPrincipal(new ClaimsIdentity()));

        public void Set(ClaimsPrincipal user)
        {
            state = new AuthenticationState(user);
            NotifyAuthenticationStateChanged(Task.FromResult(state));
        }

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(state);
    }
}
