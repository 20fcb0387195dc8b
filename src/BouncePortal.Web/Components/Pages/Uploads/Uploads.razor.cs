using System.Globalization;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Sequencer;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Uploads;

/// <summary>
/// Upload page: streams a log to the agency's folder, then follows its job until it ends. It lists
/// the agency's uploads newest first, <see cref="UploadPage.DefaultPageSize"/> to a page, and keeps
/// the page number in the address (<c>/uploads?page=2</c>) so that a reload or the back button
/// returns to the same page.
/// </summary>
public sealed partial class Uploads
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource disposal = new();
    private IReadOnlyList<Upload>? uploads;

    // The attempts stored by each completed upload that an upload on the page skipped attempts of,
    // keyed by SkippedReasonsText.StoredBy.
    private IReadOnlyDictionary<string, long> storingUploads = new Dictionary<string, long>();

    // The earlier uploads, named as SkippedReasonsText.StoredBy names them, whose deferred messages
    // each upload on the page continued.
    private IReadOnlyDictionary<Guid, IReadOnlyList<string>> continuedUploads = new Dictionary<Guid, IReadOnlyList<string>>();

    // The ESP exports on the page that stored attempts but no rollups, because they contain no delivery event.
    private IReadOnlySet<Guid> failureOnlyExports = new HashSet<Guid>();
    private UploadPage? uploadPage;
    private int pageNumber = 1;

    // The page number that the address requests, which a page past the last one or the deletion of
    // the last page's uploads may leave different from the page shown.
    private int? requestedPage;
    private int loadCount;
    private Guid tenantId;
    private bool transferring;
    private string? transferName;
    private double transferPercent;
    private string? uploadError;
    private Task? refreshLoop;
    private InputFormat? requestedFormat;
    private bool canOperate;
    private StorageUsage? storage;

    /// <summary>
    /// The page to show, from the query string. A missing value or one that is not a positive whole
    /// number shows the first page, and a number past the last page shows the last page. Default: null.
    /// </summary>
    [SupplyParameterFromQuery(Name = "page")]
    public string? Page { get; set; }

    [Inject]
    private UploadService UploadService { get; set; } = default!;

    [Inject]
    private TenantDbContextFactory Databases { get; set; } = default!;

    [Inject]
    private CurrentAgency Agency { get; set; } = default!;

    [Inject]
    private IOptions<BouncePortalOptions> Options { get; set; } = default!;

    [Inject]
    private ILogger<Uploads> Logger { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private int MaxUploadMegabytes => Options.Value.MaxUploadMegabytes;

    protected override async Task OnInitializedAsync()
    {
        tenantId = await Agency.GetTenantIdAsync();
        canOperate = await Access.CanAsync(PortalPolicies.Operate);
    }

    protected override async Task OnParametersSetAsync()
    {
        // The parameters are set again whenever the address changes, such as on the back button or
        // after the pager navigates. Only a new page number needs a load.
        var requested = ParsePageNumber(Page);
        if (requested == requestedPage)
        {
            return;
        }

        requestedPage = requested;
        pageNumber = requested;
        await LoadAsync();

        // A page past the last one shows the last page, and the address then names it. Prerendering
        // leaves the address as it is, because the interactive render that follows corrects it.
        if (pageNumber != requested && RendererInfo.IsInteractive)
        {
            requestedPage = pageNumber;
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("page", pageNumber > 1 ? pageNumber : (int?)null), replace: true);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive circuit polls; prerendering ends before the job does.
        if (firstRender)
        {
            refreshLoop = RefreshWhileJobsRunAsync();
        }
    }

    /// <summary>Reads the page of uploads that <see cref="pageNumber"/> selects, and the storage usage.</summary>
    private async Task LoadAsync()
    {
        // The refresh loop and a page change can load at the same time, so only the latest load is shown.
        var load = ++loadCount;
        await using var db = Databases.CreateForTenant(tenantId);
        var loaded = await UploadPage.ReadAsync(db, pageNumber, UploadPage.DefaultPageSize, CancellationToken.None);
        var usage = await UploadService.GetStorageUsageAsync(tenantId, CancellationToken.None);
        var storing = await StoringUploadsAsync(db, loaded.Uploads);
        var continued = await ContinuedUploadsAsync(db, loaded.Uploads);
        var failureOnly = await FailureOnlyExportsAsync(db, loaded.Uploads);
        if (load != loadCount)
        {
            return;
        }

        storingUploads = storing;
        continuedUploads = continued;
        failureOnlyExports = failureOnly;
        uploadPage = loaded;
        pageNumber = loaded.PageNumber;
        uploads = loaded.Uploads;
        storage = usage;
    }

    // Navigating sets the Page parameter, so OnParametersSetAsync loads the page. The first page's
    // address has no page number.
    private void GoToPage(int number) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("page", number > 1 ? number : (int?)null));

    /// <summary>Returns the page number that <paramref name="value"/> names, or 1 when it is missing or not a positive whole number.</summary>
    private static int ParsePageNumber(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1;

    private async Task RefreshWhileJobsRunAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(disposal.Token))
            {
                if (uploads?.Any(u => u.Status is UploadStatus.Queued or UploadStatus.Processing) != true)
                {
                    continue;
                }

                await LoadAsync();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        uploadError = null;
        if (file is null || !await AllowOperateAsync())
        {
            return;
        }

        var limit = Options.Value.MaxUploadBytes;
        if (file.Size > limit)
        {
            uploadError = $"{file.Name} is {FormatSize(file.Size)}, above the upload limit of {MaxUploadMegabytes} MB. Split it or compress it with gzip.";
            return;
        }

        storage = await UploadService.GetStorageUsageAsync(tenantId, CancellationToken.None);
        if (file.Size > storage.RemainingBytes)
        {
            uploadError = $"{file.Name} ({FormatSize(file.Size)}): {new StorageQuotaExceededException(storage, file.Size).Message}";
            return;
        }

        transferring = true;
        transferName = file.Name;
        transferPercent = 0;
        var progress = new Progress<long>(bytes =>
        {
            transferPercent = file.Size == 0 ? 100 : 100.0 * bytes / file.Size;
            _ = InvokeAsync(StateHasChanged);
        });

        try
        {
            await using var stream = file.OpenReadStream(limit, disposal.Token);
            var userName = await Agency.GetUserNameAsync();
            await UploadService.CreateAsync(tenantId, file.Name, userName, stream, progress, disposal.Token, requestedFormat);

            // A format chosen by hand is for the file it was chosen for; the next one is detected.
            requestedFormat = null;

            // The new upload is the newest, so it heads the first page.
            pageNumber = 1;
            if (requestedPage != 1)
            {
                GoToPage(1);
            }
        }
        catch (UploadTooLargeException tooLarge)
        {
            uploadError = $"{file.Name}: {tooLarge.Message}";
        }
        catch (StorageQuotaExceededException full)
        {
            uploadError = $"{file.Name}: {full.Message}";
        }
        catch (DuplicateUploadException duplicate)
        {
            Logger.LogWarning(
                "Upload of a file for agency {TenantId} rejected: identical to upload {EarlierUploadId}", tenantId, duplicate.EarlierUploadId);
            uploadError = $"{file.Name}: {duplicate.Message}";
        }
        catch (IOException failed)
        {
            Logger.LogWarning(failed, "Upload of a file for agency {TenantId} failed during transfer", tenantId);
            uploadError = $"{file.Name} could not be received: {failed.Message} Try again.";
        }
        finally
        {
            transferring = false;
        }

        await LoadAsync();
    }

    private async Task DeleteAsync(Upload upload)
    {
        if (!await AllowOperateAsync())
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Delete upload",
            $"Delete {upload.FileName} and every attempt and figure taken from it? This cannot be undone."
                + (upload.Status == UploadStatus.Completed
                    ? " Uploads that skipped attempts or bounce emails because this one stored them first, or that continued messages it left deferred, are read again, so their figures change."
                    : string.Empty),
            yesText: "Delete",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        if (await UploadService.DeleteAsync(tenantId, upload.Id, CancellationToken.None))
        {
            Snackbar.Add($"Deleted {upload.FileName}.", Severity.Success);
        }
        else
        {
            Snackbar.Add($"{upload.FileName} was not deleted: its job is running, or it was already deleted.", Severity.Warning);
        }

        // An error about the file just chosen, such as a duplicate of this upload, no longer applies.
        uploadError = null;
        await LoadAsync();
    }

    private async Task RemapAsync(Upload upload)
    {
        if (!await AllowOperateAsync())
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Map columns again",
            upload.AttemptsStored > 0
                ? $"Remove the attempts and figures taken from {upload.FileName} and map its columns again? They are read again once you confirm the mapping."
                : $"Map the columns of {upload.FileName} again? The file is read once you confirm the mapping.",
            yesText: "Map again",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        if (!await UploadService.RemapAsync(tenantId, upload.Id, CancellationToken.None))
        {
            Snackbar.Add($"The columns of {upload.FileName} cannot be mapped again while it is queued or processing.", Severity.Warning);
        }

        await LoadAsync();
    }

    private async Task RedetectAsync(Upload upload)
    {
        if (!await AllowOperateAsync())
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Read as detected",
            upload.AttemptsStored > 0
                ? $"Remove the attempts and figures taken from {upload.FileName} and read it again in the format that automatic detection finds?"
                : $"Read {upload.FileName} again in the format that automatic detection finds?",
            yesText: "Read again",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        if (!await UploadService.RedetectAsync(tenantId, upload.Id, CancellationToken.None))
        {
            Snackbar.Add($"{upload.FileName} cannot be read again while it is queued or processing, or its stored file is missing.", Severity.Warning);
        }

        await LoadAsync();
    }

    /// <summary>Returns true when the upload skipped rows whose date fits only the other day/month order.</summary>
    private static bool HasDateOrderSkips(Upload upload) =>
        upload.SkippedReasons is { } reasons
        && (reasons.Contains(SequencerCsvParser.NotDayFirst, StringComparison.Ordinal) || reasons.Contains(SequencerCsvParser.NotMonthFirst, StringComparison.Ordinal));

    /// <summary>The earlier uploads, by file name and upload time, that stored attempts this upload skipped.</summary>
    private static IReadOnlyList<string> StoredBeforeFiles(Upload upload) =>
        SkippedReasonsText.StoredBefore(upload.SkippedReasons).Select(skip => skip.Upload).ToList();

    /// <summary>
    /// Returns the earlier uploads whose every stored attempt <paramref name="upload"/> skipped as
    /// stored before: the upload contains them whole, so they add nothing but messages counted
    /// twice at their edges.
    /// </summary>
    private IReadOnlyList<string> ContainedUploads(Upload upload) =>
        SkippedReasonsText.StoredBefore(upload.SkippedReasons)
            .Where(skip => storingUploads.TryGetValue(skip.Upload, out var stored) && stored > 0 && stored == skip.Count)
            .Select(skip => skip.Upload)
            .ToList();

    private static async Task<IReadOnlyDictionary<string, long>> StoringUploadsAsync(BouncePortalDbContext db, IReadOnlyList<Upload> pageUploads)
    {
        if (!pageUploads.Any(upload => StoredBeforeFiles(upload).Count > 0))
        {
            return new Dictionary<string, long>();
        }

        var completed = await db.Uploads.AsNoTracking()
            .Where(u => u.Status == UploadStatus.Completed && u.AttemptsStored > 0)
            .Select(u => new { u.FileName, u.UploadedAt, u.AttemptsStored })
            .ToListAsync();

        // Two uploads with one name and the same second of upload would share a name; the first is kept.
        return completed
            .GroupBy(u => SkippedReasonsText.StoredBy(u.FileName, u.UploadedAt))
            .ToDictionary(group => group.Key, group => group.First().AttemptsStored);
    }

    /// <summary>
    /// Returns the completed ESP exports on the page that stored attempts and no rollups: exports
    /// without a delivery event, whose failures add no sends to the rates.
    /// </summary>
    private static async Task<IReadOnlySet<Guid>> FailureOnlyExportsAsync(BouncePortalDbContext db, IReadOnlyList<Upload> pageUploads)
    {
        var exports = pageUploads
            .Where(u => u is { Status: UploadStatus.Completed, AttemptsStored: > 0, DetectedFormat: { } format } && FailureOnlySources.IsEventExport(format))
            .Select(u => u.Id)
            .ToList();
        if (exports.Count == 0)
        {
            return new HashSet<Guid>();
        }

        var counting = await CountingUploads.Of(db).Where(u => exports.Contains(u.Id)).Select(u => u.Id).ToListAsync();
        return exports.Except(counting).ToHashSet();
    }

    /// <summary>
    /// Describes how the upload's format was decided: the detection's confidence and reason, or, for a
    /// format chosen at upload, that choice and whether detection contradicts it.
    /// </summary>
    private static string FormatLine(Upload upload, InputFormat format)
    {
        var name = FormatNames.Of(format);
        if (UploadInspector.ChosenByHand(upload.FormatReason))
        {
            return $"Read as {name}, {upload.FormatReason}";
        }

        var confidence = ((upload.FormatConfidence ?? 0) * 100).ToString("0", CultureInfo.InvariantCulture);
        return $"Read as {name} (confidence {confidence}%: {upload.FormatReason})";
    }

    private static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> ContinuedUploadsAsync(BouncePortalDbContext db, IReadOnlyList<Upload> pageUploads)
    {
        var continuing = pageUploads.Where(u => u.MessagesContinued > 0).Select(u => u.Id).ToList();
        if (continuing.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<string>>();
        }

        var pairs = await db.RecipientOutcomes.AsNoTracking()
            .Where(o => o.SupersededByUploadId != null && continuing.Contains(o.SupersededByUploadId.Value))
            .Select(o => new { Continuing = o.SupersededByUploadId!.Value, o.UploadId })
            .Distinct()
            .Join(db.Uploads, pair => pair.UploadId, u => u.Id, (pair, u) => new { pair.Continuing, u.FileName, u.UploadedAt })
            .ToListAsync();
        return pairs
            .GroupBy(pair => pair.Continuing)
            .ToDictionary(
                group => group.Key,
                group => (IReadOnlyList<string>)group.OrderBy(pair => pair.UploadedAt).Select(pair => SkippedReasonsText.StoredBy(pair.FileName, pair.UploadedAt)).ToList());
    }

    /// <summary>Names the earlier uploads whose deferred messages <paramref name="upload"/> continued, or "an earlier upload" while they are unknown.</summary>
    private string ContinuedFrom(Upload upload) =>
        continuedUploads.TryGetValue(upload.Id, out var names) && names.Count > 0 ? JoinNames(names) : "an earlier upload";

    /// <summary>Joins names as a sentence does: "a", "a and b", "a, b and c".</summary>
    private static string JoinNames(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];

    private async Task RetryAsync(Upload upload)
    {
        if (!await AllowOperateAsync())
        {
            return;
        }

        if (!await UploadService.RetryAsync(tenantId, upload.Id, CancellationToken.None))
        {
            Snackbar.Add($"{upload.FileName} cannot run again: it is no longer a failed upload that a new run can fix.", Severity.Warning);
        }

        await LoadAsync();
    }

    private async Task<bool> AllowOperateAsync()
    {
        if (await Access.CheckAsync(PortalPolicies.Operate))
        {
            return true;
        }

        Snackbar.Add(PortalAccess.DeniedMessage(PortalPolicies.Operate), Severity.Error);
        return false;
    }

    private static string StatusText(UploadStatus status) => status switch
    {
        UploadStatus.AwaitingMapping => "Map columns",
        UploadStatus.Queued => "Queued",
        UploadStatus.Processing => "Processing",
        UploadStatus.Completed => "Done",
        _ => "Failed",
    };

    private static Color StatusColour(UploadStatus status) => status switch
    {
        UploadStatus.AwaitingMapping => Color.Warning,
        UploadStatus.Queued => Color.Default,
        UploadStatus.Processing => Color.Info,
        UploadStatus.Completed => Color.Success,
        _ => Color.Error,
    };

    /// <summary>
    /// Describes the items read and what became of their attempts, as the upload's counts start:
    /// "21 lines read · 9 attempts stored". A completed upload names the items behind its attempts when
    /// they are fewer than the attempts, as in "4 attempts stored from 3 lines". A failed run deletes
    /// what it stored, so a failed upload names the items read before the error that gave attempts.
    /// </summary>
    internal static string DescribeReadAndStored(Upload upload, UploadCounts counts, string noun)
    {
        var read = ReadCounts.Describe(counts.Read, noun);
        if (upload.Status == UploadStatus.Failed)
        {
            return counts.WithAttempts == 0
                ? $"{read} read before the error · nothing stored"
                : $"{read} read before the error · {ReadCounts.Describe(counts.WithAttempts, noun)} with delivery attempts, none stored";
        }

        var stored = $"{read} read · {ReadCounts.Describe(upload.AttemptsStored, "attempt")} stored";

        // Every item that gave attempts gave at least one, so only fewer items than attempts need naming.
        return upload.Status == UploadStatus.Completed && counts.WithAttempts > 0 && counts.WithAttempts < upload.AttemptsStored
            ? $"{stored} from {ReadCounts.Describe(counts.WithAttempts, noun)}"
            : stored;
    }

    /// <summary>
    /// Describes how long a completed upload's job ran, as in "4.2 s, 52,130 attempts/s". The rate
    /// is left out when the job stored no attempt. Returns null until the upload completes.
    /// </summary>
    internal static string? ProcessingTime(Upload upload)
    {
        if (upload.Status != UploadStatus.Completed || upload.StartedAt is not { } started || upload.FinishedAt is not { } finished)
        {
            return null;
        }

        var seconds = Math.Max((finished - started).TotalSeconds, 0.1);
        var took = seconds < 60
            ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : TimeSpan.FromSeconds(Math.Round(seconds)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
        return upload.AttemptsStored > 0
            ? $"{took}, {(upload.AttemptsStored / seconds).ToString("N0", CultureInfo.InvariantCulture)} attempts/s"
            : took;
    }

    private static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024.0):0.#} MB",
    };

    /// <summary>Stops the refresh loop and any transfer in progress.</summary>
    public async ValueTask DisposeAsync()
    {
        await disposal.CancelAsync();
        if (refreshLoop is not null)
        {
            await refreshLoop;
        }

        disposal.Dispose();
    }
}
