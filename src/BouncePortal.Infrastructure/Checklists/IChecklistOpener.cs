using BouncePortal.Domain.Remediation;

namespace BouncePortal.Infrastructure.Checklists;

/// <summary>
/// Opens a guided remediation checklist that staff work through: one per alert, diagnosis
/// or workflow step, with assignee, notes and who ticked each step when.
/// </summary>
public interface IChecklistOpener
{
    /// <summary>
    /// Opens the checklist for <paramref name="request"/> and returns its id. Opening again for
    /// the same agency, subject kind and subject id returns the checklist already open. With
    /// <see cref="ChecklistRequest.ReuseOpenOfMailbox"/> set, an open checklist of the same
    /// subject kind, mailbox and cause family is returned in place of a new one.
    /// </summary>
    Task<Guid> OpenAsync(ChecklistRequest request, CancellationToken cancellationToken = default);
}

/// <summary>
/// What a checklist is opened for.
/// </summary>
/// <param name="TenantId">The agency.</param>
/// <param name="SubjectKind">What kind of item opened it.</param>
/// <param name="SubjectId">The id of that item, as text.</param>
/// <param name="Checklist">The steps, with the reason behind each.</param>
/// <param name="MailboxId">The mailbox it concerns, when there is one.</param>
public sealed record ChecklistRequest(
    Guid TenantId,
    ChecklistSubjectKind SubjectKind,
    string SubjectId,
    RemediationChecklist Checklist,
    Guid? MailboxId)
{
    /// <summary>
    /// Whether an open (not completed) checklist that an earlier subject of the same kind opened
    /// for <see cref="MailboxId"/> with the same cause family is reused, so that a condition
    /// raised again keeps the staff's ticks and notes. That checklist keeps its first subject id.
    /// Default false; ignored without a mailbox.
    /// </summary>
    public bool ReuseOpenOfMailbox { get; init; }
}

/// <summary>
/// The kind of item a checklist belongs to.
/// </summary>
public enum ChecklistSubjectKind
{
    /// <summary>A diagnosis found in an upload.</summary>
    Diagnosis,

    /// <summary>An alert raised by a health check.</summary>
    Alert,

    /// <summary>The checking step of a stop-the-bleed workflow.</summary>
    Workflow,
}
