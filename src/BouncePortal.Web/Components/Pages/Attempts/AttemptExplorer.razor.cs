using System.Globalization;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Attempts;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Attempts;

/// <summary>
/// The attempts behind a gauge or a slice, filterable and paged, with each reply decoded.
/// </summary>
public sealed partial class AttemptExplorer
{
    private const int ShortReplyLength = 70;

    // The query string names of the filters that the table's controls set.
    private const string OutcomeParameter = "outcome";
    private const string ClassParameter = "class";
    private const string CauseParameter = "cause";
    private const string RecipientParameter = "recipient";

    private readonly HashSet<long> expanded = [];
    private MudTable<StoredAttempt>? table;

    // The query the table last loaded, so that a link to this page with other query values reloads it.
    private AttemptQuery? loadedQuery;
    private DeliveryOutcome? outcome;
    private BounceClass? bounceClass;
    private BounceCategory? category;
    private string? recipient;

    // The agency's persistent soft bounce limits, which the retry advice quotes.
    private PersistentSoftBounceRule retryLimits = PersistentSoftBounceRule.Default;

    // The file names of the uploads that the shown page's attempts come from.
    private IReadOnlyDictionary<Guid, string> uploadFileNames = new Dictionary<Guid, string>();

    /// <summary>The slice to show, such as Mailbox or RecipientDomain, from the query string. Default: none (all attempts).</summary>
    [SupplyParameterFromQuery(Name = "slice")]
    public string? Slice { get; set; }

    /// <summary>The slice's value from the query string; empty selects attempts that do not name it. Default: none.</summary>
    [SupplyParameterFromQuery(Name = "key")]
    public string? Key { get; set; }

    /// <summary>Inclusive start of the window, UTC, from the query string; a value that is not a date is ignored. Default: none.</summary>
    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    /// <summary>Exclusive end of the window, UTC, from the query string; a value that is not a date is ignored. Default: none.</summary>
    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    /// <summary>The client whose mailboxes to show, from the query string. Default: none.</summary>
    [SupplyParameterFromQuery(Name = "client")]
    public string? Client { get; set; }

    /// <summary>The class to show (Soft or Hard), from the query string. Default: none.</summary>
    [SupplyParameterFromQuery(Name = ClassParameter)]
    public string? InitialClass { get; set; }

    /// <summary>The outcome to show, such as Bounced, from the query string. Default: none.</summary>
    [SupplyParameterFromQuery(Name = OutcomeParameter)]
    public string? OutcomeFilter { get; set; }

    /// <summary>The cause to show, such as UserUnknown, from the query string. Default: none.</summary>
    [SupplyParameterFromQuery(Name = CauseParameter)]
    public string? CauseFilter { get; set; }

    /// <summary>Text that the recipient contains, from the query string. Default: none.</summary>
    [SupplyParameterFromQuery(Name = RecipientParameter)]
    public string? RecipientFilter { get; set; }

    /// <summary>"1" lists only the attempts that count toward the rates, as the dashboard's links ask. Default: null (all).</summary>
    [SupplyParameterFromQuery(Name = "counted")]
    public string? Counted { get; set; }

    [Inject]
    private AttemptExplorerService Explorer { get; set; } = default!;

    [Inject]
    private CurrentAgency Agency { get; set; } = default!;

    [Inject]
    private AgencySettingsService Settings { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private DateTime? FromUtc => ParseUtc(From);

    private DateTime? ToUtc => ParseUtc(To);

    /// <summary>The window bounds from the query string that are not dates, named for the warning above the table.</summary>
    private IReadOnlyList<string> InvalidBounds =>
    [
        .. Invalid("from", From),
        .. Invalid("to", To),
    ];

    /// <summary>The date window in words, such as "from 2024-06-10 15:00 to 2024-06-11 15:00 UTC", or null when neither bound is a date.</summary>
    private string? WindowText => (FromUtc, ToUtc) switch
    {
        ({ } from, { } to) => $"from {Format(from)} to {Format(to)} UTC",
        ({ } from, null) => $"from {Format(from)} UTC",
        (null, { } to) => $"before {Format(to)} UTC",
        _ => null,
    };

    /// <summary>This page's address without the date window, keeping every other query value.</summary>
    private string ClearWindowLink => Navigation.GetUriWithQueryParameters(
        new Dictionary<string, object?> { ["from"] = null, ["to"] = null });

    /// <summary>Whether anything narrows the attempts. Without a filter, an empty table means the agency has no attempts yet.</summary>
    private bool HasFilters =>
        (SliceKind is not null && Key is not null)
        || FromUtc is not null
        || ToUtc is not null
        || outcome is not null
        || bounceClass is not null
        || category is not null
        || !string.IsNullOrWhiteSpace(recipient)
        || !string.IsNullOrWhiteSpace(Client)
        || CountedOnly;

    private SliceKind? SliceKind => Enum.TryParse<SliceKind>(Slice, ignoreCase: true, out var kind) ? kind : null;

    protected override async Task OnInitializedAsync()
    {
        var settings = await Settings.GetAsync(await Agency.GetTenantIdAsync(), CancellationToken.None);
        retryLimits = settings.PersistentSoftRule;
    }

    protected override async Task OnParametersSetAsync()
    {
        // The address contains the filters, so a reload, the back button or a shared link shows the same attempts.
        bounceClass = ParseFilter<BounceClass>(InitialClass);
        outcome = ParseFilter<DeliveryOutcome>(OutcomeFilter);
        category = ParseFilter<BounceCategory>(CauseFilter);
        recipient = RecipientFilter;

        // A link within this page (such as the one that clears the dates) changes only the parameters.
        if (table is not null && loadedQuery is not null && loadedQuery != CurrentQuery())
        {
            expanded.Clear();
            await table.ReloadServerData();
        }
    }

    private AttemptQuery CurrentQuery() =>
        new(SliceKind, Key, FromUtc, ToUtc, outcome, bounceClass, category, string.IsNullOrWhiteSpace(recipient) ? null : recipient, string.IsNullOrWhiteSpace(Client) ? null : Client, CountedOnly);

    private bool CountedOnly => Counted == "1";

    /// <summary>This page's address listing every attempt, keeping every other query value.</summary>
    private string AllAttemptsLink => Navigation.GetUriWithQueryParameter("counted", (string?)null);

    private async Task<TableData<StoredAttempt>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        var tenantId = await Agency.GetTenantIdAsync();
        var query = CurrentQuery();
        loadedQuery = query;
        var page = await Explorer.SearchAsync(tenantId, query, state.Page * state.PageSize, state.PageSize, cancellationToken);
        uploadFileNames = page.UploadFileNames;
        return new TableData<StoredAttempt> { Items = page.Rows, TotalItems = (int)Math.Min(page.Total, int.MaxValue) };
    }

    private static TEnum? ParseFilter<TEnum>(string? text)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;

    private async Task SetFilterAsync(Action change, string parameter, string? value)
    {
        change();
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(parameter, string.IsNullOrWhiteSpace(value) ? null : value), replace: true);
        expanded.Clear();
        if (table is not null)
        {
            await table.ReloadServerData();
        }
    }

    private void Toggle(long id)
    {
        if (!expanded.Remove(id))
        {
            expanded.Add(id);
        }
    }

    private FailureExplanation Explain(StoredAttempt attempt) =>
        FailureExplainer.Explain(
            new BounceClassification(
                attempt.Outcome, attempt.Class, attempt.BasicCode, attempt.EnhancedCode, attempt.Category, attempt.Blame,
                attempt.Provider, attempt.Suppress, attempt.Evidence ?? string.Empty),
            retryLimits);

    private static string Shorten(string? reply) => reply is null ? "(no reply)"
        : reply.Length <= ShortReplyLength ? reply
        : reply[..ShortReplyLength] + "…";

    private static string Format(DateTime time) =>
        time.ToString(time.Second == 0 && time.Millisecond == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTime? ParseUtc(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static IEnumerable<string> Invalid(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) || ParseUtc(value) is not null ? [] : [$"{name}={value}"];

    private static string KindName(SliceKind kind) => kind switch
    {
        Infrastructure.Rollups.SliceKind.Mailbox => "Sending mailbox",
        Infrastructure.Rollups.SliceKind.SendingDomain => "Sending domain",
        Infrastructure.Rollups.SliceKind.RecipientDomain => "Recipient domain",
        Infrastructure.Rollups.SliceKind.Provider => "Receiving provider",
        Infrastructure.Rollups.SliceKind.Campaign => "Campaign",
        Infrastructure.Rollups.SliceKind.SendingIp => "Sending IP",
        _ => "Agency",
    };
}
