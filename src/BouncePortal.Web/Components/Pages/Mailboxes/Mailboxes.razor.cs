using BouncePortal.Domain.Presentation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Mailboxes;

/// <summary>
/// The sending mailbox inventory: list, add, edit, archive, and add the senders found in logs.
/// </summary>
public sealed partial class Mailboxes
{
    private IReadOnlyList<SendingMailbox>? mailboxes;
    private IReadOnlyList<DiscoveredMailbox> discovered = [];
    private IReadOnlyDictionary<Guid, IReadOnlyList<ChecklistSummary>> openChecklists = new Dictionary<Guid, IReadOnlyList<ChecklistSummary>>();
    private MailboxDraft? draft;
    private DateTime? createdOn;
    private Guid? editingId;
    private string? formError;
    private bool showArchived;
    private HashSet<SendingMailbox> selected = [];
    private bool pausing;
    private Guid tenantId;
    private bool canOperate;

    [Inject]
    private MailboxInventoryService Inventory { get; set; } = default!;

    [Inject]
    private CurrentAgency Agency { get; set; } = default!;

    [Inject]
    private ChecklistQueryService ChecklistQueries { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        tenantId = await Agency.GetTenantIdAsync();
        canOperate = await Access.CanAsync(PortalPolicies.Operate);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        mailboxes = await Inventory.ListAsync(tenantId, showArchived, CancellationToken.None);
        discovered = await Inventory.ListDiscoveredAsync(tenantId, CancellationToken.None);
        openChecklists = await ChecklistQueries.ListOpenByMailboxAsync(tenantId, CancellationToken.None);
    }

    private async Task ToggleArchivedAsync(bool value)
    {
        showArchived = value;
        await LoadAsync();
    }

    private void StartAdd(DiscoveredMailbox? found)
    {
        editingId = null;
        formError = null;
        draft = new MailboxDraft { Address = found?.Address ?? string.Empty };

        // A mailbox that the logs show sending is at least as old as its first send, so "today" would
        // make it look new and set off the young-mailbox checks.
        if (found is not null)
        {
            draft.CreatedOn = DateOnly.FromDateTime(found.FirstSeenUtc);
        }

        createdOn = draft.CreatedOn.ToDateTime(TimeOnly.MinValue);
    }

    private void StartEdit(SendingMailbox mailbox)
    {
        editingId = mailbox.Id;
        formError = null;
        draft = MailboxDraft.From(mailbox);
        createdOn = draft.CreatedOn.ToDateTime(TimeOnly.MinValue);
    }

    private void Cancel()
    {
        draft = null;
        editingId = null;
        formError = null;
    }

    private async Task SaveAsync()
    {
        if (draft is null || !await AllowOperateAsync())
        {
            return;
        }

        if (createdOn is { } date)
        {
            draft.CreatedOn = DateOnly.FromDateTime(date);
        }

        var result = editingId is { } id
            ? await Inventory.UpdateAsync(tenantId, id, draft, CancellationToken.None)
            : await Inventory.AddAsync(tenantId, draft, CancellationToken.None);

        if (!result.Succeeded)
        {
            formError = result.Problem;
            return;
        }

        Snackbar.Add($"Saved {result.Mailbox!.Address}.", Severity.Success);
        Cancel();
        await LoadAsync();
    }

    private async Task SetArchivedAsync(SendingMailbox mailbox, bool archived)
    {
        if (!await AllowOperateAsync())
        {
            return;
        }

        if (await Inventory.SetArchivedAsync(tenantId, mailbox.Id, archived, CancellationToken.None))
        {
            Snackbar.Add(archived ? $"Archived {mailbox.Address}." : $"Restored {mailbox.Address}.", Severity.Info);
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

    private async Task GroupPausedAsync(BouncePortal.Infrastructure.StopTheBleed.StopTheBleedWorkflow workflow)
    {
        Snackbar.Add($"Paused {workflow.Mailboxes.Count} mailboxes; each mailbox's page shows the workflow.", Severity.Warning);
        pausing = false;
        selected = [];
        await LoadAsync();
    }

    /// <summary>
    /// Describes the mailbox's provider and creation day, and its sending domain when that is not the
    /// address's own domain, such as "Microsoft 365 · created 2024-05-02".
    /// </summary>
    private static string SetupText(SendingMailbox mailbox)
    {
        var text = $"{EnumWords.Of(mailbox.Provider)} · created {mailbox.CreatedOn:yyyy-MM-dd}";
        var addressDomain = mailbox.Address[(mailbox.Address.LastIndexOf('@') + 1)..];
        return string.Equals(addressDomain, mailbox.SendingDomain, StringComparison.OrdinalIgnoreCase)
            ? text
            : $"{text} · sending domain {mailbox.SendingDomain}";
    }

    private static Color StatusColour(MailboxStatus status) => status switch
    {
        MailboxStatus.Active => Color.Success,
        MailboxStatus.Paused => Color.Warning,
        _ => Color.Info,
    };
}
