using BouncePortal.Domain.Presentation;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Diagnostics;
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
    /// stop-the-bleed workflow counts for every mailbox in the workflow, and the checklist of a
    /// diagnosis for every mailbox its cause concerns (see <see cref="ListOpenForMailboxAsync"/>).
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<ChecklistSummary>>> ListOpenByMailboxAsync(
        Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var open = await Summaries(db.Checklists.Where(c =>
                c.Status == ChecklistStatus.Open
                && (c.MailboxId != null || c.SubjectKind == ChecklistSubjectKind.Workflow || c.SubjectKind == ChecklistSubjectKind.Diagnosis)))
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
        var causeMailboxes = await CauseMailboxesAsync(db, open, cancellationToken);

        return open
            .SelectMany(s => MailboxesOf(s, membersByWorkflow, causeMailboxes).Select(mailboxId => (MailboxId: mailboxId, Summary: s)))
            .GroupBy(pair => pair.MailboxId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<ChecklistSummary>)g.Select(pair => pair.Summary).OrderByDescending(s => s.OpenedAt).ToList());
    }

    /// <summary>
    /// Returns the open checklists of one mailbox, newest first, with their subject names: its own,
    /// those of the stop-the-bleed workflows it is part of, and those of the diagnosis causes that
    /// concern it. A cause concerns the mailbox when it is the cause's subject or when a completed
    /// upload that finds the cause names it among the affected items.
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
                && (c.MailboxId == mailboxId
                    || c.SubjectKind == ChecklistSubjectKind.Diagnosis
                    || (c.SubjectKind == ChecklistSubjectKind.Workflow && workflowSubjects.Contains(c.SubjectId)))))
            .ToListAsync(cancellationToken);
        var causeMailboxes = await CauseMailboxesAsync(db, open, cancellationToken);
        var concerning = open
            .Where(s => s.MailboxId == mailboxId || s.SubjectKind == ChecklistSubjectKind.Workflow || causeMailboxes[s.Id].Contains(mailboxId))
            .ToList();

        var named = await ChecklistSubjectNames.AddNamesAsync(db, concerning, cancellationToken);
        return named.OrderByDescending(s => s.OpenedAt).ToList();
    }

    /// <summary>
    /// Returns the agency's diagnosis checklists keyed by their cause, as
    /// <see cref="CauseChecklistKey.For"/> builds the key. Only checklists opened before causes
    /// were keys can share a cause. Then the one stored under the key wins, else the newest.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ChecklistSummary>> ListByCauseAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var summaries = await Summaries(db.Checklists.Where(c => c.SubjectKind == ChecklistSubjectKind.Diagnosis)).ToListAsync(cancellationToken);
        var causes = await ChecklistCauses.ResolveAsync(db, summaries.Select(s => s.SubjectId), cancellationToken);
        return summaries
            .Where(s => causes.ContainsKey(s.SubjectId))
            .GroupBy(s => causes[s.SubjectId].Key, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(s => s.SubjectId == g.Key).ThenByDescending(s => s.OpenedAt).First(),
                StringComparer.Ordinal);
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
            CauseFileNames = subject.FileNames,
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

    // A workflow's checklist concerns every mailbox of the workflow, because a group workflow's
    // checklist has no single mailbox of its own. A diagnosis checklist concerns the mailboxes its cause names.
    private static IEnumerable<Guid> MailboxesOf(
        ChecklistSummary summary, ILookup<string, Guid> membersByWorkflow, ILookup<Guid, Guid> causeMailboxes)
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

        mailboxIds.UnionWith(causeMailboxes[summary.Id]);
        return mailboxIds;
    }

    // Maps each diagnosis checklist in the list to the inventory mailboxes its cause concerns.
    private static async Task<ILookup<Guid, Guid>> CauseMailboxesAsync(
        BouncePortalDbContext db, IReadOnlyList<ChecklistSummary> checklists, CancellationToken cancellationToken)
    {
        var addresses = await ChecklistCauses.AddressesAsync(db, checklists, cancellationToken);
        var allAddresses = addresses.Values.SelectMany(a => a).Distinct(StringComparer.Ordinal).ToList();
        if (allAddresses.Count == 0)
        {
            return Array.Empty<(Guid ChecklistId, Guid MailboxId)>().ToLookup(pair => pair.ChecklistId, pair => pair.MailboxId);
        }

        var mailboxes = await db.SendingMailboxes.AsNoTracking()
            .Where(m => allAddresses.Contains(m.Address))
            .ToDictionaryAsync(m => m.Address, m => m.Id, StringComparer.Ordinal, cancellationToken);
        return addresses
            .SelectMany(pair => pair.Value
                .Where(mailboxes.ContainsKey)
                .Select(address => (ChecklistId: pair.Key, MailboxId: mailboxes[address])))
            .ToLookup(pair => pair.ChecklistId, pair => pair.MailboxId);
    }

    // A diagnosis checklist shows its cause as the dashboard merges it over every completed upload
    // that finds it now. When none does, the description, affected items and file names are empty.
    private static async Task<(string? Description, IReadOnlyList<AffectedItem> Affected, IReadOnlyList<string> FileNames)> DescribeSubjectAsync(
        BouncePortalDbContext db, StoredChecklist checklist, CancellationToken cancellationToken)
    {
        if (checklist.SubjectKind != ChecklistSubjectKind.Diagnosis)
        {
            return (null, [], []);
        }

        var causes = await ChecklistCauses.ResolveAsync(db, [checklist.SubjectId], cancellationToken);
        if (!causes.TryGetValue(checklist.SubjectId, out var cause))
        {
            return (null, [], []);
        }

        var findings = await ChecklistCauses.MergeFindingsAsync(db, [cause], cancellationToken);
        if (!findings.TryGetValue(cause.Key, out var merged))
        {
            return (null, [], []);
        }

        var description = $"{EnumWords.Of(merged.Latest.Kind)} on {merged.Latest.Subject}: {merged.Evidence}";
        return (description, await LinkAffectedAsync(db, merged.Affected, cancellationToken), merged.FileNames);
    }

    // Links each affected item that is an inventory mailbox's address.
    private static async Task<IReadOnlyList<AffectedItem>> LinkAffectedAsync(
        BouncePortalDbContext db, IReadOnlyList<string> affected, CancellationToken cancellationToken)
    {
        var items = affected
            .Select(item => item.Trim())
            .Where(item => item.Length > 0)
            .ToList();
        if (items.Count == 0)
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
/// <param name="SubjectDescription">
/// The cause behind it with its evidence in words, for checklists opened from a diagnosis while a
/// completed upload finds the cause.
/// </param>
public sealed record ChecklistDetail(StoredChecklist Checklist, string? MailboxAddress, string? SubjectDescription)
{
    /// <summary>What the checklist was opened for in words, such as the alert's title; null when that is no longer stored.</summary>
    public string? SubjectName { get; init; }

    /// <summary>
    /// The mailboxes, domains or addresses that the cause behind the checklist affects, merged over
    /// every completed upload that finds it, at most <see cref="StoredDiagnosis.MaxAffected"/>.
    /// Empty for other subjects and when no completed upload finds the cause.
    /// </summary>
    public IReadOnlyList<AffectedItem> Affected { get; init; } = [];

    /// <summary>
    /// The file name of each completed upload that finds the cause behind the checklist, most
    /// recent first. Empty for other subjects and when no completed upload finds the cause.
    /// </summary>
    public IReadOnlyList<string> CauseFileNames { get; init; } = [];

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
