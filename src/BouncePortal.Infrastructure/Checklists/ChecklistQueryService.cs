using System.Globalization;
using BouncePortal.Domain.Presentation;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Checklists;

/// <summary>
/// Reads an agency's checklists with their progress for the checklist, dashboard and mailbox pages.
/// </summary>
public sealed class ChecklistQueryService(TenantDbContextFactory databases)
{
    /// <summary>Returns every checklist of the agency, open ones first, newest first within each status.</summary>
    public async Task<IReadOnlyList<ChecklistSummary>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var summaries = await Summaries(db.Checklists).ToListAsync(cancellationToken);
        var named = await ChecklistSubjectNames.AddNamesAsync(db, summaries, cancellationToken);
        return named
            .OrderBy(s => s.Status)
            .ThenByDescending(s => s.OpenedAt)
            .ToList();
    }

    /// <summary>
    /// Returns the open checklists of each mailbox that has any, newest first. The checklist of a
    /// stop-the-bleed workflow counts for every mailbox in the workflow.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<ChecklistSummary>>> ListOpenByMailboxAsync(
        Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var open = await Summaries(db.Checklists.Where(c =>
                c.Status == ChecklistStatus.Open && (c.MailboxId != null || c.SubjectKind == ChecklistSubjectKind.Workflow)))
            .ToListAsync(cancellationToken);

        var workflowIds = open
            .Where(s => s.SubjectKind == ChecklistSubjectKind.Workflow)
            .Select(s => Guid.TryParse(s.SubjectId, out var id) ? id : (Guid?)null)
            .OfType<Guid>()
            .ToList();
        var members = await db.WorkflowMailboxes.AsNoTracking()
            .Where(m => workflowIds.Contains(m.WorkflowId))
            .Select(m => new { m.WorkflowId, m.MailboxId })
            .ToListAsync(cancellationToken);
        var membersByWorkflow = members.ToLookup(m => m.WorkflowId.ToString(), m => m.MailboxId, StringComparer.Ordinal);

        return open
            .SelectMany(s => MailboxesOf(s, membersByWorkflow).Select(mailboxId => (MailboxId: mailboxId, Summary: s)))
            .GroupBy(pair => pair.MailboxId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<ChecklistSummary>)g.Select(pair => pair.Summary).OrderByDescending(s => s.OpenedAt).ToList());
    }

    /// <summary>
    /// Returns the open checklists of one mailbox, newest first, with their subject names: its own
    /// and those of the stop-the-bleed workflows it is part of.
    /// </summary>
    public async Task<IReadOnlyList<ChecklistSummary>> ListOpenForMailboxAsync(Guid tenantId, Guid mailboxId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var workflowIds = await db.WorkflowMailboxes.AsNoTracking()
            .Where(m => m.MailboxId == mailboxId)
            .Select(m => m.WorkflowId)
            .ToListAsync(cancellationToken);
        var workflowSubjects = workflowIds.Select(id => id.ToString()).ToList();

        var open = await Summaries(db.Checklists.Where(c =>
                c.Status == ChecklistStatus.Open
                && (c.MailboxId == mailboxId || (c.SubjectKind == ChecklistSubjectKind.Workflow && workflowSubjects.Contains(c.SubjectId)))))
            .ToListAsync(cancellationToken);
        var named = await ChecklistSubjectNames.AddNamesAsync(db, open, cancellationToken);
        return named.OrderByDescending(s => s.OpenedAt).ToList();
    }

    /// <summary>Returns the checklist of each subject of <paramref name="kind"/>, keyed by subject id.</summary>
    public async Task<IReadOnlyDictionary<string, ChecklistSummary>> ListBySubjectAsync(
        Guid tenantId, ChecklistSubjectKind kind, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var summaries = await Summaries(db.Checklists.Where(c => c.SubjectKind == kind)).ToListAsync(cancellationToken);
        return summaries.ToDictionary(s => s.SubjectId, StringComparer.Ordinal);
    }

    /// <summary>Counts the agency's open and completed checklists and the steps done on the open ones.</summary>
    public async Task<ChecklistOverview> GetOverviewAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var all = await ListAsync(tenantId, cancellationToken);
        var open = all.Where(s => s.Status == ChecklistStatus.Open).ToList();
        return new ChecklistOverview(
            open.Count,
            all.Count - open.Count,
            open.Sum(s => s.StepsDone),
            open.Sum(s => s.StepsTotal));
    }

    /// <summary>Loads one checklist with its steps in order, or null when the agency has no such checklist.</summary>
    public async Task<ChecklistDetail?> GetAsync(Guid tenantId, Guid checklistId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var checklist = await db.Checklists.AsNoTracking()
            .Include(c => c.Steps.OrderBy(s => s.Position))
            .SingleOrDefaultAsync(c => c.Id == checklistId, cancellationToken);
        if (checklist is null)
        {
            return null;
        }

        var summary = await Summaries(db.Checklists.Where(c => c.Id == checklistId)).ToListAsync(cancellationToken);
        var named = (await ChecklistSubjectNames.AddNamesAsync(db, summary, cancellationToken)).Single();
        var subject = await DescribeSubjectAsync(db, checklist, cancellationToken);
        return new ChecklistDetail(checklist, named.MailboxAddress, subject.Description)
        {
            SubjectName = named.SubjectName,
            Affected = subject.Affected,
        };
    }

    /// <summary>Returns the agency's users that a checklist can be assigned to, by name.</summary>
    public async Task<IReadOnlyList<ChecklistAssignee>> ListAssigneesAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.TenantId == tenantId)
            .Select(u => new ChecklistAssignee(u.Id, u.DisplayName ?? u.Email ?? u.UserName ?? u.Id))
            .ToListAsync(cancellationToken);
        return users.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static IQueryable<ChecklistSummary> Summaries(IQueryable<StoredChecklist> checklists) =>
        checklists.Select(c => new ChecklistSummary(
            c.Id,
            c.SubjectKind,
            c.SubjectId,
            c.Title,
            c.MailboxId,
            c.AssigneeName,
            c.Status,
            c.OpenedAt,
            c.Steps.Count(s => s.DoneAt != null),
            c.Steps.Count));

    // A workflow's checklist concerns every mailbox of the workflow; a group workflow's checklist has no single mailbox of its own.
    private static IEnumerable<Guid> MailboxesOf(ChecklistSummary summary, ILookup<string, Guid> membersByWorkflow)
    {
        var mailboxIds = new HashSet<Guid>();
        if (summary.MailboxId is { } own)
        {
            mailboxIds.Add(own);
        }

        if (summary.SubjectKind == ChecklistSubjectKind.Workflow)
        {
            mailboxIds.UnionWith(membersByWorkflow[summary.SubjectId]);
        }

        return mailboxIds;
    }

    // A checklist opened from a diagnosis keeps the diagnosis id as its subject, so the diagnosis's
    // sentence and affected items are read through that id from the agency's own rows.
    private static async Task<(string? Description, IReadOnlyList<AffectedItem> Affected)> DescribeSubjectAsync(
        BouncePortalDbContext db, StoredChecklist checklist, CancellationToken cancellationToken)
    {
        if (checklist.SubjectKind != ChecklistSubjectKind.Diagnosis
            || !long.TryParse(checklist.SubjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var diagnosisId))
        {
            return (null, []);
        }

        var diagnosis = await db.Diagnoses.AsNoTracking()
            .Where(d => d.Id == diagnosisId)
            .Select(d => new { d.Kind, d.Subject, d.Evidence, d.Affected })
            .SingleOrDefaultAsync(cancellationToken);
        if (diagnosis is null)
        {
            return ("The diagnosis is no longer stored: its upload was deleted.", []);
        }

        // The dashboard lists a cause once over all its uploads, so the checklist lists the
        // affected items of every completed upload that found the cause, newest first. The
        // checklist's own diagnosis comes last when its upload is not completed.
        var affectedByUpload = await db.Diagnoses.AsNoTracking()
            .Where(d => d.Kind == diagnosis.Kind && d.Subject == diagnosis.Subject && d.Affected != null)
            .Join(db.Uploads.Where(u => u.Status == UploadStatus.Completed), d => d.UploadId, u => u.Id, (d, u) => new { d.Id, d.Affected, u.UploadedAt })
            .ToListAsync(cancellationToken);
        var affected = affectedByUpload
            .OrderByDescending(d => d.UploadedAt)
            .ThenBy(d => d.Id)
            .Select(d => d.Affected)
            .Append(diagnosis.Affected)
            .SelectMany(items => items?.Split('\n') ?? [])
            .Distinct(StringComparer.Ordinal)
            .Take(StoredDiagnosis.MaxAffected);

        var description = $"{EnumWords.Of(diagnosis.Kind)} on {diagnosis.Subject}: {diagnosis.Evidence}";
        return (description, await LinkAffectedAsync(db, string.Join('\n', affected), cancellationToken));
    }

    // Splits a diagnosis's affected items, one per line, and links each that is an inventory mailbox's address.
    private static async Task<IReadOnlyList<AffectedItem>> LinkAffectedAsync(
        BouncePortalDbContext db, string? affected, CancellationToken cancellationToken)
    {
        var items = (affected ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            return [];
        }

        var addresses = items.Select(item => item.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var mailboxes = await db.SendingMailboxes.AsNoTracking()
            .Where(m => addresses.Contains(m.Address))
            .ToDictionaryAsync(m => m.Address, m => m.Id, StringComparer.Ordinal, cancellationToken);
        return items
            .Select(item => new AffectedItem(item, mailboxes.TryGetValue(item.ToLowerInvariant(), out var id) ? id : null))
            .ToList();
    }
}

/// <summary>
/// One checklist with its progress.
/// </summary>
public sealed record ChecklistSummary(
    Guid Id,
    ChecklistSubjectKind SubjectKind,
    string SubjectId,
    string Title,
    Guid? MailboxId,
    string? AssigneeName,
    ChecklistStatus Status,
    DateTimeOffset OpenedAt,
    int StepsDone,
    int StepsTotal)
{
    /// <summary>What the checklist was opened for in words, such as the alert's title; null when that is no longer stored.</summary>
    public string? SubjectName { get; init; }

    /// <summary>The address of the mailbox it concerns, when there is one.</summary>
    public string? MailboxAddress { get; init; }

    /// <summary>The share of steps done, 0 to 100.</summary>
    public double PercentDone => StepsTotal == 0 ? 0 : 100.0 * StepsDone / StepsTotal;
}

/// <summary>
/// The agency's checklists in numbers.
/// </summary>
/// <param name="Open">Checklists with steps still to do.</param>
/// <param name="Completed">Checklists with every step done.</param>
/// <param name="OpenStepsDone">Steps done across the open checklists.</param>
/// <param name="OpenStepsTotal">Steps across the open checklists.</param>
public sealed record ChecklistOverview(int Open, int Completed, int OpenStepsDone, int OpenStepsTotal)
{
    /// <summary>The share of the open checklists' steps that are done, 0 to 100.</summary>
    public double OpenPercentDone => OpenStepsTotal == 0 ? 0 : 100.0 * OpenStepsDone / OpenStepsTotal;
}

/// <summary>
/// A checklist with its steps and what it was opened for.
/// </summary>
/// <param name="Checklist">The checklist, its steps in order.</param>
/// <param name="MailboxAddress">The address of the mailbox it concerns, when there is one.</param>
/// <param name="SubjectDescription">The diagnosis behind it in words, for checklists opened from a diagnosis.</param>
public sealed record ChecklistDetail(StoredChecklist Checklist, string? MailboxAddress, string? SubjectDescription)
{
    /// <summary>What the checklist was opened for in words, such as the alert's title; null when that is no longer stored.</summary>
    public string? SubjectName { get; init; }

    /// <summary>
    /// The mailboxes, domains or addresses that the diagnosis behind the checklist names, in its
    /// order. Empty for other subjects and once the diagnosis is no longer stored.
    /// </summary>
    public IReadOnlyList<AffectedItem> Affected { get; init; } = [];

    /// <summary>Steps done.</summary>
    public int StepsDone => Checklist.Steps.Count(s => s.IsDone);

    /// <summary>The share of steps done, 0 to 100.</summary>
    public double PercentDone => Checklist.Steps.Count == 0 ? 0 : 100.0 * StepsDone / Checklist.Steps.Count;
}

/// <summary>
/// A user a checklist can be assigned to.
/// </summary>
public sealed record ChecklistAssignee(string UserId, string Name);

/// <summary>
/// One mailbox, domain or address that a diagnosis names.
/// </summary>
/// <param name="Value">The item as the diagnosis stores it.</param>
/// <param name="MailboxId">The inventory mailbox with this address, archived or not; null for any other item.</param>
public sealed record AffectedItem(string Value, Guid? MailboxId);
