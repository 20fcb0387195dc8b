using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Checklists;

/// <summary>
/// A remediation checklist opened for one diagnosis, alert or workflow, with its steps,
/// assignee, notes and status.
/// </summary>
public sealed class StoredChecklist : ITenantOwned
{
    /// <summary>The longest subject id stored.</summary>
    public const int MaxSubjectIdLength = 200;

    /// <summary>The longest notes stored, on the checklist and on each step.</summary>
    public const int MaxNotesLength = 4000;

    /// <summary>The row id, used in the checklist's address.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>What kind of item the checklist was opened for.</summary>
    public ChecklistSubjectKind SubjectKind { get; set; }

    /// <summary>The id of that item, as text; unique per agency and subject kind.</summary>
    public required string SubjectId { get; set; }

    /// <summary>The cause family the steps fix.</summary>
    public CauseFamily Family { get; set; }

    /// <summary>The checklist's title.</summary>
    public required string Title { get; set; }

    /// <summary>The mailbox the checklist concerns, when there is one.</summary>
    public Guid? MailboxId { get; set; }

    /// <summary>The agency user who works through it, if anyone is assigned.</summary>
    public string? AssigneeUserId { get; set; }

    /// <summary>The assignee's name as shown when assigned, kept if the user is removed.</summary>
    public string? AssigneeName { get; set; }

    /// <summary>Free-text notes on the whole checklist.</summary>
    public string? Notes { get; set; }

    /// <summary>Open until every step is done; unticking a step opens it again.</summary>
    public ChecklistStatus Status { get; set; }

    /// <summary>When it was opened.</summary>
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>When its last step was ticked, while it is completed.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The steps in order.</summary>
    public List<StoredChecklistStep> Steps { get; set; } = [];
}

/// <summary>
/// Whether a checklist still has steps to do.
/// </summary>
public enum ChecklistStatus
{
    /// <summary>At least one step is not done.</summary>
    Open,

    /// <summary>Every step is done.</summary>
    Completed,
}
