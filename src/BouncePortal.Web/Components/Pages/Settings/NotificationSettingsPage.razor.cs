using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Settings;

/// <summary>
/// The agency's notification channels (SMTP email, signed webhook), their tests and the delivery log.
/// Every action checks <see cref="PortalPolicies.Administer"/> again.
/// </summary>
public sealed partial class NotificationSettingsPage
{
    private const int LogSize = 50;

    private NotificationSettingsForm? form;
    private IReadOnlyList<StoredNotification> recent = [];
    private string? problem;
    private string? newSecret;
    private ChannelResult? testResult;
    private string testChannel = "email";
    private bool busy;
    private Guid tenantId;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private NotificationSettingsService Settings { get; set; } = default!;

    [Inject]
    private CurrentAgency Agency { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        tenantId = await Agency.GetTenantIdAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        form = await Settings.GetAsync(tenantId, CancellationToken.None);
        recent = await Settings.ListRecentAsync(tenantId, LogSize, CancellationToken.None);
    }

    private async Task SaveAsync()
    {
        if (form is null || !await MayAdministerAsync())
        {
            return;
        }

        var result = await RunAsync(() => Settings.SaveAsync(tenantId, form, CancellationToken.None));
        problem = result.Problem;
        if (problem is not null)
        {
            return;
        }

        newSecret = result.NewWebhookSecret ?? newSecret;
        Snackbar.Add("Notification settings saved.", Severity.Success);
        await LoadAsync();
    }

    private async Task RegenerateSecretAsync()
    {
        if (!await MayAdministerAsync())
        {
            return;
        }

        newSecret = await RunAsync(() => Settings.RegenerateWebhookSecretAsync(tenantId, CancellationToken.None));
        await LoadAsync();
    }

    private async Task SendTestEmailAsync()
    {
        if (await MayAdministerAsync())
        {
            testChannel = "email";
            testResult = await RunAsync(() => Settings.SendTestEmailAsync(tenantId, CancellationToken.None));
        }
    }

    private async Task SendTestWebhookAsync()
    {
        if (await MayAdministerAsync())
        {
            testChannel = "webhook request";
            testResult = await RunAsync(() => Settings.SendTestWebhookAsync(tenantId, CancellationToken.None));
        }
    }

    private async Task CopySecretAsync()
    {
        await JS.InvokeVoidAsync("navigator.clipboard.writeText", newSecret);
        Snackbar.Add("Secret copied.", Severity.Info);
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        busy = true;
        try
        {
            return await action();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task<bool> MayAdministerAsync()
    {
        var user = (await AuthenticationState).User;
        if ((await Authorization.AuthorizeAsync(user, PortalPolicies.Administer)).Succeeded)
        {
            return true;
        }

        problem = "You are not allowed to change notification settings. Ask an admin or the owner of your agency.";
        return false;
    }

    private static Color DeliveryColour(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => Color.Success,
        DeliveryStatus.Failing => Color.Error,
        DeliveryStatus.Skipped => Color.Default,
        _ => Color.Info,
    };
}
