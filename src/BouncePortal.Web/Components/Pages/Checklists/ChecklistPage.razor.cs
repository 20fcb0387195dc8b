using System.Security.Claims;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BouncePortal.Web.Components.Pages.Checklists;

/// <summary>
/// One checklist: its steps with the reason for each, ticks with who and when, assignee and notes.
/// Reading needs <see cref="PortalPolicies.View"/>. The controls show only to roles that pass
/// <see cref="PortalPolicies.Operate"/>, and every change checks that policy again.
/// </summary>
public sealed partial class ChecklistPage
{
    // MudSelect needs a non-null value for the "Nobody" item.
    private const string NobodyValue = "";

    private ChecklistDetail? detail;
    private IReadOnlyList<ChecklistAssignee> assignees = [];
    private readonly Dictionary<long, string?> stepNotes = [];
    private string assigneeId = NobodyValue;
    private string? checklistNotes;
    private string? problem;
    private bool canOperate;
    private Guid tenantId;

    /// <summary>The checklist's id, from the address. Required.</summary>
    [Parameter]
    public Guid Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private ChecklistService ChecklistChanges { get; set; } = default!;

    [Inject]
    private ChecklistQueryService Queries { get; set; } = default!;

    [Inject]
    private CurrentAgency Agency { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        tenantId = await Agency.GetTenantIdAsync();
        canOperate = await CanOperateAsync();
        assignees = await Queries.ListAssigneesAsync(tenantId, CancellationToken.None);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        detail = await Queries.GetAsync(tenantId, Id, CancellationToken.None);
        if (detail is null)
        {
            Navigation.NotFound();
            return;
        }

        assigneeId = detail.Checklist.AssigneeUserId ?? NobodyValue;
        checklistNotes = detail.Checklist.Notes;
        stepNotes.Clear();
        foreach (var step in detail.Checklist.Steps)
        {
            stepNotes[step.Id] = step.Notes;
        }
    }

    private string? StepNotes(StoredChecklistStep step) => stepNotes.GetValueOrDefault(step.Id);

    private async Task SetDoneAsync(StoredChecklistStep step, bool done)
    {
        if (await ActorAsync() is not { } actor)
        {
            return;
        }

        await ApplyAsync(await ChecklistChanges.SetStepDoneAsync(tenantId, Id, step.Id, done, actor, CancellationToken.None), null);
    }

    private async Task AssignAsync(string userId)
    {
        if (await ActorAsync() is null)
        {
            return;
        }

        var result = await ChecklistChanges.AssignAsync(tenantId, Id, userId == NobodyValue ? null : userId, CancellationToken.None);
        await ApplyAsync(result, "Assignee saved.");
    }

    private async Task SaveNotesAsync()
    {
        if (await ActorAsync() is null)
        {
            return;
        }

        await ApplyAsync(await ChecklistChanges.SetNotesAsync(tenantId, Id, checklistNotes, CancellationToken.None), "Notes saved.");
    }

    private async Task SaveStepNotesAsync(StoredChecklistStep step)
    {
        if (await ActorAsync() is null)
        {
            return;
        }

        var result = await ChecklistChanges.SetStepNotesAsync(tenantId, Id, step.Id, StepNotes(step), CancellationToken.None);
        await ApplyAsync(result, $"Notes on step {step.Position} saved.");
    }

    private async Task ApplyAsync(ChecklistChangeResult result, string? savedMessage)
    {
        problem = result.Problem;
        if (!result.Found)
        {
            problem = "This checklist or step no longer exists.";
        }

        if (result.IsSuccess && savedMessage is not null)
        {
            Snackbar.Add(savedMessage, Severity.Success);
        }

        await LoadAsync();
    }

    // Returns the signed-in user when they may change checklists; otherwise shows why not.
    private async Task<ChecklistActor?> ActorAsync()
    {
        var user = (await AuthenticationState).User;
        canOperate = (await Authorization.AuthorizeAsync(user, PortalPolicies.Operate)).Succeeded;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!canOperate || userId is null)
        {
            problem = "You are not allowed to change checklists. Ask an admin of your agency for the staff role.";
            return null;
        }

        return new ChecklistActor(userId, user.Identity?.Name ?? userId);
    }

    private async Task<bool> CanOperateAsync()
    {
        var user = (await AuthenticationState).User;
        return (await Authorization.AuthorizeAsync(user, PortalPolicies.Operate)).Succeeded;
    }
}
