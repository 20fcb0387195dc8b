using System.Globalization;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Checklists;

/// <summary>
/// Reads the causes behind diagnosis checklists and what the agency's completed uploads find of them.
/// </summary>
internal static class ChecklistCauses
{
    /// <summary>
    /// Returns the cause of each diagnosis checklist subject id, keyed by that id. A diagnosis row
    /// id of an older checklist resolves through its row, so it is left out once the row is deleted.
    /// </summary>
    public static async Task<Dictionary<string, ChecklistCause>> ResolveAsync(
        BouncePortalDbContext db, IEnumerable<string> subjectIds, CancellationToken cancellationToken)
    {
        var causes = new Dictionary<string, ChecklistCause>(StringComparer.Ordinal);
        var rowIds = new List<long>();
        foreach (var subjectId in subjectIds.Distinct(StringComparer.Ordinal))
        {
            if (CauseChecklistKey.Parse(subjectId) is { } cause)
            {
                causes[subjectId] = cause;
            }
            else if (TryParseRowId(subjectId, out var rowId))
            {
                rowIds.Add(rowId);
            }
        }

        if (rowIds.Count == 0)
        {
            return causes;
        }

        var rows = await db.Diagnoses.AsNoTracking()
            .Where(d => rowIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Kind, d.Subject })
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var key = CauseChecklistKey.For(row.Kind, row.Subject);
            causes[row.Id.ToString(CultureInfo.InvariantCulture)] = new ChecklistCause(key, row.Kind, row.Subject, IsSubjectComplete: true);
        }

        return causes;
    }

    /// <summary>
    /// Merges, for each of <paramref name="causes"/> that a completed upload of the agency still
    /// finds, the diagnoses of those uploads as the dashboard does. The result is keyed by
    /// <see cref="ChecklistCause.Key"/>, and a cause that no completed upload finds has no entry.
    /// </summary>
    public static async Task<Dictionary<string, MergedDiagnosis>> MergeFindingsAsync(
        BouncePortalDbContext db, IReadOnlyCollection<ChecklistCause> causes, CancellationToken cancellationToken)
    {
        var keys = causes.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return new Dictionary<string, MergedDiagnosis>(StringComparer.Ordinal);
        }

        // A key of the long form keeps only the start of its subject, so those causes are matched
        // by kind in the database and by key in memory.
        var complete = causes.Where(c => c.IsSubjectComplete).ToList();
        var kinds = complete.Select(c => c.Kind).Distinct().ToList();
        var subjects = complete.Select(c => c.Subject).Distinct(StringComparer.Ordinal).ToList();
        var kindsOfLongSubjects = causes.Where(c => !c.IsSubjectComplete).Select(c => c.Kind).Distinct().ToList();
        var candidates = await DiagnosisListService.InCompletedUploads(db)
            .Where(r => (kinds.Contains(r.Diagnosis.Kind) && subjects.Contains(r.Diagnosis.Subject)) || kindsOfLongSubjects.Contains(r.Diagnosis.Kind))
            .ToListAsync(cancellationToken);

        return candidates
            .GroupBy(r => CauseChecklistKey.For(r.Diagnosis.Kind, r.Diagnosis.Subject), StringComparer.Ordinal)
            .Where(group => keys.Contains(group.Key))
            .ToDictionary(group => group.Key, DiagnosisListService.Merge, StringComparer.Ordinal);
    }

    /// <summary>
    /// Returns the most recently opened checklist that is stored under the id of a diagnosis row
    /// with the cause <paramref name="key"/>, or null when there is none.
    /// </summary>
    public static async Task<Guid?> FindByRowIdAsync(BouncePortalDbContext db, string key, CancellationToken cancellationToken)
    {
        var older = await db.Checklists.AsNoTracking()
            .Where(c => c.SubjectKind == ChecklistSubjectKind.Diagnosis && !c.SubjectId.Contains(":") && !c.SubjectId.Contains("#"))
            .Select(c => new { c.Id, c.SubjectId, c.OpenedAt })
            .ToListAsync(cancellationToken);
        if (older.Count == 0)
        {
            return null;
        }

        var causes = await ResolveAsync(db, older.Select(c => c.SubjectId), cancellationToken);
        return older
            .Where(c => causes.TryGetValue(c.SubjectId, out var cause) && cause.Key == key)
            .OrderByDescending(c => c.OpenedAt)
            .Select(c => (Guid?)c.Id)
            .FirstOrDefault();
    }

    /// <summary>
    /// Returns the lower-case addresses that the cause of each diagnosis checklist in
    /// <paramref name="checklists"/> concerns, keyed by checklist id: the cause's subject and the
    /// affected items of every completed upload that finds the cause.
    /// </summary>
    public static async Task<Dictionary<Guid, HashSet<string>>> AddressesAsync(
        BouncePortalDbContext db, IReadOnlyList<ChecklistSummary> checklists, CancellationToken cancellationToken)
    {
        var diagnosisChecklists = checklists.Where(c => c.SubjectKind == ChecklistSubjectKind.Diagnosis).ToList();
        var causes = await ResolveAsync(db, diagnosisChecklists.Select(c => c.SubjectId), cancellationToken);
        var findings = await MergeFindingsAsync(db, causes.Values.DistinctBy(c => c.Key).ToList(), cancellationToken);

        var addresses = new Dictionary<Guid, HashSet<string>>();
        foreach (var checklist in diagnosisChecklists)
        {
            if (!causes.TryGetValue(checklist.SubjectId, out var cause))
            {
                continue;
            }

            var concerned = new HashSet<string>(StringComparer.Ordinal);
            if (cause.IsSubjectComplete)
            {
                concerned.Add(Normalize(cause.Subject));
            }

            if (findings.TryGetValue(cause.Key, out var merged))
            {
                concerned.Add(Normalize(merged.Latest.Subject));
                concerned.UnionWith(merged.Affected.Select(Normalize));
            }

            addresses[checklist.Id] = concerned;
        }

        return addresses;
    }

    private static bool TryParseRowId(string subjectId, out long rowId) =>
        long.TryParse(subjectId, NumberStyles.None, CultureInfo.InvariantCulture, out rowId);

    // Inventory mailboxes store their address in lower case.
    private static string Normalize(string item) => item.Trim().ToLowerInvariant();
}
