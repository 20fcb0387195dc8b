using BouncePortal.Domain.Diagnostics;
using BouncePortal.Infrastructure.Checklists;

namespace BouncePortal.Infrastructure.Diagnostics;

/// <summary>
/// The causes found within a dashboard window, and how many were found only outside it.
/// </summary>
/// <param name="Diagnoses">The causes whose evidence overlaps the window, most severe first.</param>
/// <param name="Older">
/// The causes outside <paramref name="Diagnoses"/> with a diagnosis whose evidence ends before
/// the window starts. A cause found both before and after the window counts here and in <paramref name="Newer"/>.
/// </param>
/// <param name="Newer">The causes outside <paramref name="Diagnoses"/> with a diagnosis whose evidence starts at or after the window ends.</param>
public sealed record DiagnosisList(IReadOnlyList<MergedDiagnosis> Diagnoses, int Older, int Newer);

/// <summary>
/// The diagnoses of one kind and subject from the agency's completed uploads, shown as one cause.
/// </summary>
/// <param name="Latest">
/// The diagnosis whose evidence reaches the latest day, over the longest span among those; then
/// the one of the most recent upload. It gives the kind, subject, evidence and checklist family,
/// and a new checklist is opened through it.
/// </param>
/// <param name="Severity">The most severe of the merged diagnoses.</param>
/// <param name="Evidence">
/// The evidence of <paramref name="Latest"/>'s upload, one sentence or more per diagnosis of that
/// upload. When several uploads found the cause, a last sentence names that upload as the source
/// of the counts and states that the affected items are from every upload.
/// </param>
/// <param name="Affected">
/// The affected mailboxes, domains or addresses of every merged diagnosis, those of
/// <paramref name="Latest"/> first, at most <see cref="StoredDiagnosis.MaxAffected"/>.
/// </param>
/// <param name="FileNames">The file name of each upload the cause was found in, most recent first.</param>
/// <param name="LatestUploadedAt">When the most recent of those uploads was uploaded.</param>
public sealed record MergedDiagnosis(
    StoredDiagnosis Latest,
    DiagnosisSeverity Severity,
    string Evidence,
    IReadOnlyList<string> Affected,
    IReadOnlyList<string> FileNames,
    DateTimeOffset LatestUploadedAt)
{
    /// <summary>The subject id of the cause's checklist, as <see cref="CauseChecklistKey.For"/> builds it.</summary>
    public string ChecklistKey => CauseChecklistKey.For(Latest.Kind, Latest.Subject);

    /// <summary>Returns the checklist of this cause, or null when none was opened.</summary>
    /// <param name="opened">The agency's diagnosis checklists, keyed by cause as <see cref="ChecklistQueryService.ListByCauseAsync"/> returns them.</param>
    public ChecklistSummary? FindChecklist(IReadOnlyDictionary<string, ChecklistSummary> opened) =>
        opened.GetValueOrDefault(ChecklistKey);
}
