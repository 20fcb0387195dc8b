using BouncePortal.Domain.Diagnostics;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Diagnostics;

/// <summary>
/// Lists the causes found in the agency's completed uploads within a dashboard window, merging
/// the diagnoses of one kind and subject from every upload into one entry.
/// </summary>
public sealed class DiagnosisListService(TenantDbContextFactory databases)
{
    /// <summary>Lists the causes over all of the agency's data.</summary>
    public Task<DiagnosisList> ListAsync(Guid tenantId, CancellationToken cancellationToken) =>
        ListAsync(tenantId, DashboardWindow.All, cancellationToken);

    /// <summary>
    /// Lists the causes whose evidence overlaps <paramref name="window"/>, most severe first, then
    /// by their most recent upload, and counts the causes found only before or after it.
    /// </summary>
    public async Task<DiagnosisList> ListAsync(Guid tenantId, DashboardWindow window, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var completed = InCompletedUploads(db);

        var inWindow = completed;
        if (window.FromUtc is { } from)
        {
            inWindow = inWindow.Where(r => r.Diagnosis.LastAttemptAt == null || r.Diagnosis.LastAttemptAt >= from);
        }

        if (window.ToUtc is { } to)
        {
            inWindow = inWindow.Where(r => r.Diagnosis.FirstAttemptAt == null || r.Diagnosis.FirstAttemptAt < to);
        }

        var listed = await inWindow.ToListAsync(cancellationToken);

        // Every diagnosis of the agency, without its text, to count the causes outside the window.
        var all = await completed
            .Select(r => new DiagnosisTime(r.Diagnosis.Kind, r.Diagnosis.Subject, r.Diagnosis.FirstAttemptAt, r.Diagnosis.LastAttemptAt))
            .ToListAsync(cancellationToken);

        var entries = listed
            .GroupBy(d => new CauseKey(d.Diagnosis.Kind, d.Diagnosis.Subject))
            .Select(Merge)
            .OrderByDescending(entry => entry.Severity)
            .ThenByDescending(entry => entry.LatestUploadedAt)
            .ThenBy(entry => entry.Latest.Kind)
            .ThenBy(entry => entry.Latest.Subject, StringComparer.Ordinal)
            .ToList();

        var listedCauses = entries.Select(entry => new CauseKey(entry.Latest.Kind, entry.Latest.Subject)).ToHashSet();
        var outside = all.Where(d => !listedCauses.Contains(new CauseKey(d.Kind, d.Subject))).ToList();
        var older = outside
            .Where(d => window.FromUtc is { } start && d.LastAttemptAt < start)
            .Select(d => new CauseKey(d.Kind, d.Subject))
            .Distinct()
            .Count();
        var newer = outside
            .Where(d => window.ToUtc is { } end && d.FirstAttemptAt >= end)
            .Select(d => new CauseKey(d.Kind, d.Subject))
            .Distinct()
            .Count();

        return new DiagnosisList(entries, older, newer);
    }

    /// <summary>Returns the diagnoses of the agency's completed uploads, the only ones that count, each with its upload's file name and time.</summary>
    internal static IQueryable<UploadDiagnosis> InCompletedUploads(BouncePortalDbContext db) =>
        db.Diagnoses.AsNoTracking()
            .Join(
                db.Uploads.Where(u => u.Status == UploadStatus.Completed),
                d => d.UploadId,
                u => u.Id,
                (d, u) => new UploadDiagnosis { Diagnosis = d, FileName = u.FileName, UploadedAt = u.UploadedAt });

    /// <summary>Merges the diagnoses of one kind and subject into the cause the dashboard shows.</summary>
    internal static MergedDiagnosis Merge(IEnumerable<UploadDiagnosis> group)
    {
        // The entry shows the evidence that reaches the latest day, and of those the one over the
        // longest span: a small later upload, or an old file uploaded last, would understate the cause.
        var byRecency = group
            .OrderByDescending(d => d.Diagnosis.LastAttemptAt?.Date ?? DateTime.MinValue)
            .ThenByDescending(d => EvidenceSpan(d.Diagnosis))
            .ThenByDescending(d => d.UploadedAt)
            .ThenByDescending(d => d.Diagnosis.Severity)
            .ThenBy(d => d.Diagnosis.Id)
            .ToList();
        var latest = byRecency[0];

        // One upload can hold several diagnoses of a cause, such as a mailbox over the rate of two receivers.
        var latestEvidence = byRecency
            .Where(d => d.Diagnosis.UploadId == latest.Diagnosis.UploadId)
            .Select(d => d.Diagnosis.Evidence)
            .Distinct(StringComparer.Ordinal);

        var affected = byRecency
            .SelectMany(d => d.Diagnosis.Affected?.Split('\n') ?? [])
            .Distinct(StringComparer.Ordinal)
            .Take(StoredDiagnosis.MaxAffected)
            .ToList();

        var fileNames = byRecency
            .OrderByDescending(d => d.UploadedAt)
            .DistinctBy(d => d.Diagnosis.UploadId)
            .Select(d => d.FileName)
            .ToList();

        return new MergedDiagnosis(
            latest.Diagnosis,
            byRecency.Max(d => d.Diagnosis.Severity),
            DescribeEvidence(string.Join(" ", latestEvidence), latest, fileNames.Count, affected.Count),
            affected,
            fileNames,
            byRecency.Max(d => d.UploadedAt));
    }

    /// <summary>
    /// Returns <paramref name="evidence"/> with a sentence that names the upload its counts come from
    /// when several uploads found the cause, because the affected items join those of every upload.
    /// The counts are not summed, because most are peaks, rates or distinct mailboxes, and a message
    /// whose attempts two uploads share counts in each.
    /// </summary>
    private static string DescribeEvidence(string evidence, UploadDiagnosis latest, int uploadCount, int affectedCount)
    {
        if (uploadCount < 2)
        {
            return evidence;
        }

        var upload = FormattableString.Invariant($"{latest.FileName} (uploaded {latest.UploadedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
        var uploads = uploadCount == 2 ? "both uploads" : FormattableString.Invariant($"all {uploadCount} uploads");
        return affectedCount == 0
            ? $"{evidence} These counts are from {upload} only."
            : $"{evidence} These counts are from {upload} only, while the affected items are from {uploads}.";
    }

    private static TimeSpan EvidenceSpan(StoredDiagnosis diagnosis) =>
        diagnosis is { FirstAttemptAt: { } first, LastAttemptAt: { } last } ? last - first : TimeSpan.Zero;

    private readonly record struct CauseKey(DiagnosisKind Kind, string Subject);

    private sealed record DiagnosisTime(DiagnosisKind Kind, string Subject, DateTime? FirstAttemptAt, DateTime? LastAttemptAt);
}

/// <summary>
/// A diagnosis with the upload it was found in. Its properties are set by name, so that EF Core
/// can filter on them after the projection.
/// </summary>
internal sealed record UploadDiagnosis
{
    /// <summary>The stored diagnosis.</summary>
    public required StoredDiagnosis Diagnosis { get; init; }

    /// <summary>The upload's file name.</summary>
    public required string FileName { get; init; }

    /// <summary>When the upload was uploaded.</summary>
    public required DateTimeOffset UploadedAt { get; init; }
}
