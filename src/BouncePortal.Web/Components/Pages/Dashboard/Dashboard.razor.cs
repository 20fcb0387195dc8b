using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Presentation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Shared;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Dashboard;

/// <summary>
/// The agency's gauges, daily trend and slices over a chosen time window.
/// </summary>
public sealed partial class Dashboard
{
    private static readonly (SliceKind Kind, string Title)[] SliceTitles =
    [
        (SliceKind.SendingDomain, "Sending domains"),
        (SliceKind.RecipientDomain, "Recipient domains"),
        (SliceKind.Provider, "Receiving providers"),
        (SliceKind.Campaign, "Campaigns"),
        (SliceKind.SendingIp, "Sending IPs"),
    ];


    private BounceDashboard? dashboard;

    /// <summary>The text shown for a slice's key: a provider's name in words, any other key as it is.</summary>
    private static string SliceKeyText(SliceKind kind, string key) =>
        kind == SliceKind.Provider ? EnumWords.OfProvider(key) : key;

    private DiagnosisList diagnoses = new([], 0, 0);
    private MergedDiagnosis? softToHard;
    private IReadOnlyDictionary<string, ChecklistSummary> openedChecklists = new Dictionary<string, ChecklistSummary>();
    private ChecklistOverview checklistOverview = new(0, 0, 0, 0);
    private bool canOperate;
    private TimeZoneInfo timeZone = TimeZoneInfo.Utc;
    private (SliceKind Kind, string Title, string Key)? trendFocus;
    private IReadOnlyList<DailyRates> displayedTrend = [];

    // When the trend spans more than one calendar year, day chips show the year as the chart does.
    private bool TrendSpansYears => displayedTrend.Count > 1 && displayedTrend[0].Day.Year != displayedTrend[^1].Day.Year;
    private Guid tenantId;
    private string windowChoice = WindowChoice.AllData;
    private DateRange? customRange;

    [Inject]
    private BounceDashboardService DashboardService { get; set; } = default!;

    [Inject]
    private CurrentAgency Agency { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private DiagnosisListService DiagnosisList { get; set; } = default!;

    [Inject]
    private ChecklistService ChecklistChanges { get; set; } = default!;

    [Inject]
    private ChecklistQueryService ChecklistQueries { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    /// <summary>
    /// The agency a platform operator opened under support access; the page then shows that agency
    /// instead of the signed-in user's. Set only by the operator's support page. Default: null.
    /// </summary>
    [Parameter]
    public Guid? SupportTenantId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        tenantId = SupportTenantId ?? await Agency.GetTenantIdAsync();
        openedChecklists = await ChecklistQueries.ListByCauseAsync(tenantId, CancellationToken.None);
        checklistOverview = await ChecklistQueries.GetOverviewAsync(tenantId, CancellationToken.None);
        canOperate = await CanOperateAsync();
        await LoadAsync();
    }

    private async Task OpenChecklistAsync(MergedDiagnosis diagnosis)
    {
        canOperate = await CanOperateAsync();
        if (!canOperate)
        {
            return;
        }

        // Someone may have opened the checklist of this cause since the page loaded.
        openedChecklists = await ChecklistQueries.ListByCauseAsync(tenantId, CancellationToken.None);
        var checklistId = diagnosis.FindChecklist(openedChecklists)?.Id
            ?? await ChecklistChanges.OpenForDiagnosisAsync(tenantId, diagnosis.Latest.Id, CancellationToken.None);
        if (checklistId is { } id)
        {
            Navigation.NavigateTo($"checklists/{id}");
        }
    }

    private async Task<bool> CanOperateAsync()
    {
        var user = (await AuthenticationState).User;
        return (await Authorization.AuthorizeAsync(user, PortalPolicies.Operate)).Succeeded;
    }

    private async Task ChangeWindowAsync(string choice)
    {
        windowChoice = choice;
        if (choice != WindowChoice.Custom || customRange is not null)
        {
            await LoadAsync();
        }
    }

    private async Task ChangeCustomRangeAsync(DateRange? range)
    {
        customRange = range;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        dashboard = await DashboardService.GetAsync(tenantId, CurrentWindow(), CancellationToken.None);
        timeZone = dashboard.TimeZone;
        var trend = trendFocus is { } focus
            ? await DashboardService.GetSliceTrendAsync(tenantId, CurrentWindow(), focus.Kind, focus.Key, CancellationToken.None)
            : dashboard.Trend;
        displayedTrend = trend;
        diagnoses = await DiagnosisList.ListAsync(tenantId, CurrentWindow(), CancellationToken.None);
        softToHard = diagnoses.Diagnoses.FirstOrDefault(d => d.Latest.Kind == Domain.Diagnostics.DiagnosisKind.SoftToHardConversion);
    }

    private async Task FocusTrendAsync(SliceKind kind, string title, string key)
    {
        trendFocus = (kind, title, key);
        await LoadAsync();
    }

    private async Task ClearTrendFocusAsync()
    {
        trendFocus = null;
        await LoadAsync();
    }

    private DashboardWindow CurrentWindow() =>
        WindowChoice.ToWindow(windowChoice, customRange, Time.GetUtcNow().UtcDateTime, timeZone);

    /// <summary>Returns the chosen window in words for the diagnosis panel, or null for all data.</summary>
    private string? WindowName() => WindowChoice.Describe(windowChoice, customRange);

    // A soft-to-hard diagnosis lists its two days, the soft rise then the hard rise. The merged
    // cause lists the days of every upload, so the markers come from the most recent one.
    private IReadOnlyList<(DateOnly Day, string Label)> ConversionMarkers =>
        softToHard?.Latest.Affected?.Split('\n') is [var softDay, var hardDay]
            && DateOnly.TryParse(softDay, System.Globalization.CultureInfo.InvariantCulture, out var soft)
            && DateOnly.TryParse(hardDay, System.Globalization.CultureInfo.InvariantCulture, out var hard)
            ? [(soft, "soft rise"), (hard, "hard rise")]
            : [];

    private string ClientLink(string client, string bounceClass)
    {
        var window = CurrentWindow();
        return AttemptsUri(client, null, null, bounceClass, window.FromUtc, window.ToUtc);
    }

    private string AttemptsLink(SliceKind? kind, string? key, string? bounceClass)
    {
        var window = CurrentWindow();
        return AttemptsUri(null, kind, key, bounceClass, window.FromUtc, window.ToUtc);
    }

    private string AttemptsUri(string? client, SliceKind? kind, string? key, string? bounceClass, DateTime? fromUtc, DateTime? toUtc) =>
        Navigation.GetUriWithQueryParameters("attempts", new Dictionary<string, object?>
        {
            ["client"] = client,
            ["slice"] = kind?.ToString(),
            ["key"] = key,
            ["class"] = bounceClass,
            ["from"] = fromUtc?.ToString("yyyy-MM-ddTHH:mm:ss"),
            ["to"] = toUtc?.ToString("yyyy-MM-ddTHH:mm:ss"),

            // The figures behind every link count only attempts that name a recipient.
            ["counted"] = "1",
        });

    private string Format(DateTime? utc) => utc is { } value
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), timeZone).ToString("yyyy-MM-dd HH:mm")
        : "-";

    private string DayLink(DateOnly day)
    {
        var from = WindowChoice.LocalMidnightToUtc(day.ToDateTime(TimeOnly.MinValue), timeZone);
        var to = WindowChoice.LocalMidnightToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), timeZone);
        return AttemptsUri(null, trendFocus?.Kind, trendFocus?.Key, null, from, to);
    }
}
