using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Checklists;

/// <summary>
/// Names what checklists were opened for, in the words the pages show: the alert's title, the
/// paused mailboxes of a workflow, the diagnosis cause, and the linked mailbox's address.
/// </summary>
internal static class ChecklistSubjectNames
{
    /// <summary>Returns <paramref name="summaries"/> with their subject names and mailbox addresses filled in.</summary>
    public static async Task<List<ChecklistSummary>> AddNamesAsync(
        BouncePortalDbContext db, IReadOnlyList<ChecklistSummary> summaries, CancellationToken cancellationToken)
    {
        var alertIds = GuidSubjects(summaries, ChecklistSubjectKind.Alert);
        var alerts = await db.HealthAlerts.AsNoTracking()
            .Where(a => alertIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Title, cancellationToken);

        var workflowIds = GuidSubjects(summaries, ChecklistSubjectKind.Workflow);
        var workflowMailboxes = await db.WorkflowMailboxes.AsNoTracking()
            .Where(m => workflowIds.Contains(m.WorkflowId))
            .Select(m => new { m.WorkflowId, m.Address })
            .ToListAsync(cancellationToken);
        var workflows = workflowMailboxes
            .GroupBy(m => m.WorkflowId)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(m => m.Address).Order(StringComparer.Ordinal)));

        var causes = await ChecklistCauses.ResolveAsync(
            db, summaries.Where(s => s.SubjectKind == ChecklistSubjectKind.Diagnosis).Select(s => s.SubjectId), cancellationToken);

        var mailboxIds = summaries.Select(s => s.MailboxId).OfType<Guid>().Distinct().ToList();
        var mailboxes = await db.SendingMailboxes.AsNoTracking()
            .Where(m => mailboxIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => m.Address, cancellationToken);

        return summaries
            .Select(s => s with
            {
                SubjectName = s.SubjectKind switch
                {
                    ChecklistSubjectKind.Alert => Lookup(alerts, s.SubjectId),
                    ChecklistSubjectKind.Workflow => Lookup(workflows, s.SubjectId) is { } paused ? $"Pause of {paused}" : null,
                    ChecklistSubjectKind.Diagnosis => causes.GetValueOrDefault(s.SubjectId)?.Name,
                    _ => null,
                },
                MailboxAddress = s.MailboxId is { } mailboxId ? mailboxes.GetValueOrDefault(mailboxId) : null,
            })
            .ToList();
    }

    private static List<Guid> GuidSubjects(IEnumerable<ChecklistSummary> summaries, ChecklistSubjectKind kind) =>
        summaries
            .Where(s => s.SubjectKind == kind)
            .Select(s => Guid.TryParse(s.SubjectId, out var id) ? id : (Guid?)null)
            .OfType<Guid>()
            .ToList();

    private static string? Lookup(Dictionary<Guid, string> names, string subjectId) =>
        Guid.TryParse(subjectId, out var id) ? names.GetValueOrDefault(id) : null;
}
