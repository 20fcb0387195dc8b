using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tenancy;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Alerts;

/// <summary>
/// The agency's health check alerts with their evidence. Roles that pass <see cref="PortalPolicies.Operate"/>
/// acknowledge or dismiss them and run a check; the others see no such buttons.
/// </summary>
public sealed partial class Alerts
{
    private IReadOnlyList<HealthAlert>? alerts;
    private AgencySettings? settings;
    private bool showClosed;
    private bool canOperate;
    private Guid tenantId;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private AlertService AlertService { get; set; } = default!;

    [Inject]
    private AgencySettingsService Settings { get; set; } = default!;

    [Inject]
    private CurrentAgency Agency { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private IBackgroundJobClient Jobs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        tenantId = await Agency.GetTenantIdAsync();
        var user = (await AuthenticationState).User;
        canOperate = (await Authorization.AuthorizeAsync(user, PortalPolicies.Operate)).Succeeded;
        settings = await Settings.GetAsync(tenantId, CancellationToken.None);
        await LoadAsync();
    }

    private async Task LoadAsync() =>
        alerts = await AlertService.ListAsync(tenantId, showClosed, CancellationToken.None);

    private async Task ToggleClosedAsync(bool value)
    {
        showClosed = value;
        await LoadAsync();
    }

    private async Task AcknowledgeAsync(HealthAlert alert)
    {
        if (await OperatorNameAsync() is not { } name)
        {
            return;
        }

        if (!await AlertService.AcknowledgeAsync(tenantId, alert.Id, name, CancellationToken.None))
        {
            Snackbar.Add("The alert is no longer open; the list was refreshed.", Severity.Warning);
        }

        await LoadAsync();
    }

    private async Task DismissAsync(HealthAlert alert)
    {
        if (await OperatorNameAsync() is not { } name)
        {
            return;
        }

        if (!await AlertService.DismissAsync(tenantId, alert.Id, name, CancellationToken.None))
        {
            Snackbar.Add("The alert is no longer open; the list was refreshed.", Severity.Warning);
        }

        await LoadAsync();
    }

    private async Task QueueCheckAsync()
    {
        if (await OperatorNameAsync() is null)
        {
            return;
        }

        var id = tenantId;
        Jobs.Enqueue<AgencyHealthCheckJob>(job => job.RunAsync(id, CancellationToken.None));
        Snackbar.Add("Health check queued; new alerts appear here when it has run.", Severity.Info);
    }

    /// <summary>Returns the user's name when they may operate, else shows why not and returns null.</summary>
    private async Task<string?> OperatorNameAsync()
    {
        var user = (await AuthenticationState).User;
        if (!(await Authorization.AuthorizeAsync(user, PortalPolicies.Operate)).Succeeded)
        {
            Snackbar.Add("Your role may view alerts but not change them.", Severity.Warning);
            return null;
        }

        return user.Identity?.Name ?? "staff";
    }

    private static Color StateColour(AlertState state) => state switch
    {
        AlertState.Open => Color.Error,
        AlertState.Acknowledged => Color.Warning,
        AlertState.Resolved => Color.Success,
        _ => Color.Default,
    };
}
