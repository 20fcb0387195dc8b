using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Checklists;

/// <summary>
/// One step of a stored checklist: what to do, why, and who ticked it when.
/// </summary>
public sealed class StoredChecklistStep : ITenantOwned
{
    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The checklist the step belongs to.</summary>
    public Guid ChecklistId { get; set; }

    /// <summary>The step's place in the checklist, from 1.</summary>
    public int Position { get; set; }

    /// <summary>What to do.</summary>
    public required string Action { get; set; }

    /// <summary>Why it helps.</summary>
    public required string Why { get; set; }

    /// <summary>When the step was ticked; null while it is not done.</summary>
    public DateTimeOffset? DoneAt { get; set; }

    /// <summary>The user who ticked it.</summary>
    public string? DoneByUserId { get; set; }

    /// <summary>That user's name as shown when ticking, kept if the user is removed.</summary>
    public string? DoneByName { get; set; }

    /// <summary>Free-text notes on the step.</summary>
    public string? Notes { get; set; }

    /// <summary>True when the step is ticked.</summary>
    public bool IsDone => DoneAt is not null;
}
