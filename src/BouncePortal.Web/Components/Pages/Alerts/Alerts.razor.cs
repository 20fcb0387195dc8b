using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tenancy;
using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Alerts;

/// <summary>
/// The agency's health check alerts with their evidence. Roles that pass <see cref="PortalPolicies.Operate"/>
/// acknowledge or dismiss them and run a check, after which the page reloads the list; the others
/// see no such buttons.
/// </summary>
public sealed partial class Alerts
{
    // How often the page reads the queued check's state, and how long it waits for the check to end.
    private static readonly TimeSpan CheckPollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CheckWaitLimit = TimeSpan.FromMinutes(2);

    private readonly CancellationTokenSource disposal = new();
    private IReadOnlyList<HealthAlert>? alerts;
    private bool checking;
    private AgencySettings? settings;

    // Senders seen in completed uploads that are not in the inventory, which health checks skip.
    private int uncheckedSenders;
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
    private MailboxInventoryService Mailboxes { get; set; } = default!;

    [Inject]
    private CurrentAgency Agency { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private IBackgroundJobClient Jobs { get; set; } = default!;

    [Inject]
    private JobStorage JobStorage { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        tenantId = await Agency.GetTenantIdAsync();
        var user = (await AuthenticationState).User;
        canOperate = (await Authorization.AuthorizeAsync(user, PortalPolicies.Operate)).Succeeded;
        settings = await Settings.GetAsync(tenantId, CancellationToken.None);
        uncheckedSenders = (await Mailboxes.ListDiscoveredAsync(tenantId, CancellationToken.None)).Count;
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
        var jobId = Jobs.Enqueue<AgencyHealthCheckJob>(job => job.RunAsync(id, CancellationToken.None));
        checking = true;
        StateHasChanged();

        var finalState = await WaitForJobAsync(jobId);
        checking = false;
        if (disposal.IsCancellationRequested)
        {
            return;
        }

        await LoadAsync();
        if (finalState == SucceededState.StateName)
        {
            Snackbar.Add("Health check finished; the list shows its alerts.", Severity.Success);
        }
        else if (finalState is null)
        {
            Snackbar.Add("The health check is still waiting for a job worker; new alerts appear here when you reload the page after it has run.", Severity.Warning);
        }
        else
        {
            Snackbar.Add($"The health check ended as {finalState}. Try again, or check the job workers.", Severity.Error);
        }
    }

    /// <summary>
    /// Reads the job's state until it succeeds, fails or is deleted, and returns that state's name;
    /// returns null when <see cref="CheckWaitLimit"/> passes first or the page closes.
    /// </summary>
    private async Task<string?> WaitForJobAsync(string jobId)
    {
        using var timer = new PeriodicTimer(CheckPollInterval);
        var waited = TimeSpan.Zero;
        try
        {
            while (waited < CheckWaitLimit && await timer.WaitForNextTickAsync(disposal.Token))
            {
                waited += CheckPollInterval;
                using var connection = JobStorage.GetConnection();
                var state = connection.GetStateData(jobId)?.Name;
                if (state == SucceededState.StateName || state == FailedState.StateName || state == DeletedState.StateName)
                {
                    return state;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed while the check ran.
        }

        return null;
    }

    /// <summary>Stops waiting for a running check.</summary>
    public void Dispose()
    {
        disposal.Cancel();
        disposal.Dispose();
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
