using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.Checklists;

/// <summary>
/// Opens checklists and records the staff's work on them: ticks, assignee and notes. Ticks and
/// assignee changes also go to the audit log.
/// </summary>
public sealed partial class ChecklistService(
    TenantDbContextFactory databases,
    IAuditLog audit,
    TimeProvider time,
    ILogger<ChecklistService> logger) : IChecklistOpener
{
    /// <inheritdoc />
    public async Task<Guid> OpenAsync(ChecklistRequest request, CancellationToken cancellationToken = default)
    {
        ValidateRequest(request);

        await using (var db = databases.CreateForTenant(request.TenantId))
        {
            if (await FindAsync(db, request.SubjectKind, request.SubjectId, cancellationToken) is { } existing)
            {
                return existing;
            }

            if (request.ReuseOpenOfMailbox && await FindOpenOfMailboxAsync(db, request, cancellationToken) is { } reused)
            {
                LogReused(logger, request.TenantId, reused, request.SubjectKind, request.SubjectId);
                return reused;
            }

            var checklist = NewChecklist(request);
            db.Checklists.Add(checklist);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogOpened(logger, request.TenantId, checklist.Id, request.SubjectKind, request.SubjectId);
                return checklist.Id;
            }
            catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
            {
                // Another request opened the same subject's checklist between the lookup and the insert.
            }
        }

        await using var retry = databases.CreateForTenant(request.TenantId);
        return await FindAsync(retry, request.SubjectKind, request.SubjectId, cancellationToken)
            ?? throw new InvalidOperationException($"The checklist for {request.SubjectKind} {request.SubjectId} was neither stored nor found.");
    }

    /// <summary>
    /// Opens the checklist of a stored diagnosis's cause (its kind and subject), linked to the
    /// sending mailbox when the cause is about one. Every diagnosis of the same cause, from any
    /// upload, returns the same checklist. Returns null when the agency has no such diagnosis.
    /// </summary>
    public async Task<Guid?> OpenForDiagnosisAsync(Guid tenantId, long diagnosisId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var diagnosis = await db.Diagnoses.AsNoTracking().SingleOrDefaultAsync(d => d.Id == diagnosisId, cancellationToken);
        if (diagnosis is null)
        {
            return null;
        }

        var key = CauseChecklistKey.For(diagnosis.Kind, diagnosis.Subject);
        if (await FindAsync(db, ChecklistSubjectKind.Diagnosis, key, cancellationToken) is { } existing)
        {
            return existing;
        }

        if (await ChecklistCauses.FindByRowIdAsync(db, key, cancellationToken) is { } older)
        {
            return older;
        }

        var address = diagnosis.Subject.Trim().ToLowerInvariant();
        var mailboxId = await db.SendingMailboxes
            .Where(m => m.Address == address)
            .Select(m => (Guid?)m.Id)
            .SingleOrDefaultAsync(cancellationToken);

        var checklist = Domain.Remediation.Checklists.ForDiagnosis(diagnosis.Kind, diagnosis.Subject, diagnosis.Family);

        // An alert on the mailbox may have opened the same checklist for this problem already:
        // staff then work one copy, not two.
        if (mailboxId is { } id && await FindOpenAlertChecklistAsync(db, id, checklist, cancellationToken) is { } alertChecklist)
        {
            LogReused(logger, tenantId, alertChecklist, ChecklistSubjectKind.Diagnosis, key);
            return alertChecklist;
        }

        return await OpenAsync(new ChecklistRequest(tenantId, ChecklistSubjectKind.Diagnosis, key, checklist, mailboxId), cancellationToken);
    }

    /// <summary>Ticks or unticks a step. Ticking records who and when; unticking clears both.</summary>
    public async Task<ChecklistChangeResult> SetStepDoneAsync(
        Guid tenantId, Guid checklistId, long stepId, bool done, ChecklistActor actor, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var checklist = await LoadAsync(db, checklistId, cancellationToken);
        var step = checklist?.Steps.SingleOrDefault(s => s.Id == stepId);
        if (checklist is null || step is null)
        {
            return ChecklistChangeResult.NotFound;
        }

        if (done == step.IsDone)
        {
            return ChecklistChangeResult.Succeeded;
        }

        var now = time.GetUtcNow();
        step.DoneAt = done ? now : null;
        step.DoneByUserId = done ? actor.UserId : null;
        step.DoneByName = done ? await DisplayNameAsync(db, tenantId, actor, cancellationToken) : null;
        UpdateStatus(checklist, now);

        await db.SaveChangesAsync(cancellationToken);
        LogStepChanged(logger, tenantId, checklistId, stepId, done, actor.UserId);
        var record = done
            ? new AuditRecord(tenantId, AuditActions.ChecklistStepDone, $"Ticked step {step.Position} \"{step.Action}\" of checklist \"{checklist.Title}\" (checklist {checklist.Id})")
            : new AuditRecord(tenantId, AuditActions.ChecklistStepUndone, $"Unticked step {step.Position} \"{step.Action}\" of checklist \"{checklist.Title}\" (checklist {checklist.Id})");
        await audit.RecordAsync(record, cancellationToken);
        return ChecklistChangeResult.Succeeded;
    }

    /// <summary>Replaces a step's notes; empty notes clear them.</summary>
    public async Task<ChecklistChangeResult> SetStepNotesAsync(
        Guid tenantId, Guid checklistId, long stepId, string? notes, CancellationToken cancellationToken)
    {
        if (NotesProblem(notes) is { } problem)
        {
            return ChecklistChangeResult.Failed(problem);
        }

        await using var db = databases.CreateForTenant(tenantId);
        var checklist = await LoadAsync(db, checklistId, cancellationToken);
        var step = checklist?.Steps.SingleOrDefault(s => s.Id == stepId);
        if (step is null)
        {
            return ChecklistChangeResult.NotFound;
        }

        step.Notes = Normalize(notes);
        await db.SaveChangesAsync(cancellationToken);
        return ChecklistChangeResult.Succeeded;
    }

    /// <summary>Replaces the checklist's notes; empty notes clear them.</summary>
    public async Task<ChecklistChangeResult> SetNotesAsync(
        Guid tenantId, Guid checklistId, string? notes, CancellationToken cancellationToken)
    {
        if (NotesProblem(notes) is { } problem)
        {
            return ChecklistChangeResult.Failed(problem);
        }

        await using var db = databases.CreateForTenant(tenantId);
        var checklist = await db.Checklists.SingleOrDefaultAsync(c => c.Id == checklistId, cancellationToken);
        if (checklist is null)
        {
            return ChecklistChangeResult.NotFound;
        }

        checklist.Notes = Normalize(notes);
        await db.SaveChangesAsync(cancellationToken);
        return ChecklistChangeResult.Succeeded;
    }

    /// <summary>
    /// Assigns the checklist to one of the agency's users, or clears the assignee when
    /// <paramref name="userId"/> is null. A user of another agency is rejected.
    /// </summary>
    public async Task<ChecklistChangeResult> AssignAsync(
        Guid tenantId, Guid checklistId, string? userId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var checklist = await db.Checklists.SingleOrDefaultAsync(c => c.Id == checklistId, cancellationToken);
        if (checklist is null)
        {
            return ChecklistChangeResult.NotFound;
        }

        var previousName = checklist.AssigneeName;
        var previousUserId = checklist.AssigneeUserId;
        if (string.IsNullOrEmpty(userId))
        {
            checklist.AssigneeUserId = null;
            checklist.AssigneeName = null;
        }
        else
        {
            var user = await db.Users.AsNoTracking()
                .Where(u => u.Id == userId && u.TenantId == tenantId)
                .Select(u => new { u.Id, Name = u.DisplayName ?? u.Email ?? u.UserName })
                .SingleOrDefaultAsync(cancellationToken);
            if (user is null)
            {
                return ChecklistChangeResult.Failed($"User '{userId}' is not a member of this agency. Choose one of the agency's users.");
            }

            checklist.AssigneeUserId = user.Id;
            checklist.AssigneeName = user.Name;
        }

        if (checklist.AssigneeUserId == previousUserId)
        {
            return ChecklistChangeResult.Succeeded;
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(
            new AuditRecord(
                tenantId,
                AuditActions.ChecklistAssigned,
                $"Assignee of checklist \"{checklist.Title}\" (checklist {checklist.Id}): {previousName ?? "nobody"} to {checklist.AssigneeName ?? "nobody"}"),
            cancellationToken);
        return ChecklistChangeResult.Succeeded;
    }

    private static void ValidateRequest(ChecklistRequest request)
    {
        if (request.TenantId == Guid.Empty)
        {
            throw new ArgumentException("An agency id is required to open a checklist.", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.SubjectId) || request.SubjectId.Length > StoredChecklist.MaxSubjectIdLength)
        {
            throw new ArgumentException(
                $"Subject id '{request.SubjectId}' is invalid: it must be 1 to {StoredChecklist.MaxSubjectIdLength} characters.", nameof(request));
        }

        if (request.Checklist.Steps.Count == 0)
        {
            throw new ArgumentException($"Checklist '{request.Checklist.Title}' has no steps.", nameof(request));
        }
    }

    private StoredChecklist NewChecklist(ChecklistRequest request) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = request.TenantId,
        SubjectKind = request.SubjectKind,
        SubjectId = request.SubjectId,
        Family = request.Checklist.Family,
        Title = request.Checklist.Title,
        MailboxId = request.MailboxId,
        Status = ChecklistStatus.Open,
        OpenedAt = time.GetUtcNow(),
        Steps = request.Checklist.Steps
            .Select((step, index) => new StoredChecklistStep
            {
                TenantId = request.TenantId,
                Position = index + 1,
                Action = step.Action,
                Why = step.Why,
            })
            .ToList(),
    };

    private static async Task<Guid?> FindAsync(
        BouncePortalDbContext db, ChecklistSubjectKind kind, string subjectId, CancellationToken cancellationToken) =>
        await db.Checklists
            .Where(c => c.SubjectKind == kind && c.SubjectId == subjectId)
            .Select(c => (Guid?)c.Id)
            .SingleOrDefaultAsync(cancellationToken);

    // The newest open checklist wins when several match, as staff most likely work on that one.
    private static async Task<Guid?> FindOpenOfMailboxAsync(
        BouncePortalDbContext db, ChecklistRequest request, CancellationToken cancellationToken)
    {
        if (request.MailboxId is not { } mailboxId)
        {
            return null;
        }

        // An alert also takes over the same checklist that staff opened from a diagnosis of the mailbox.
        var title = request.Checklist.Title;
        var alsoDiagnosis = request.SubjectKind == ChecklistSubjectKind.Alert;
        var reusable = db.Checklists.Where(c => c.SubjectKind == request.SubjectKind
            || (alsoDiagnosis && c.SubjectKind == ChecklistSubjectKind.Diagnosis && c.Title == title));
        return await NewestOpenAsync(reusable, mailboxId, request.Checklist.Family, cancellationToken);
    }

    /// <summary>Finds the newest open checklist that an alert of <paramref name="mailboxId"/> opened with the same steps as <paramref name="checklist"/>.</summary>
    private static Task<Guid?> FindOpenAlertChecklistAsync(
        BouncePortalDbContext db, Guid mailboxId, Domain.Remediation.RemediationChecklist checklist, CancellationToken cancellationToken) =>
        NewestOpenAsync(
            db.Checklists.Where(c => c.SubjectKind == ChecklistSubjectKind.Alert && c.Title == checklist.Title),
            mailboxId,
            checklist.Family,
            cancellationToken);

    private static async Task<Guid?> NewestOpenAsync(
        IQueryable<StoredChecklist> checklists, Guid mailboxId, Domain.Remediation.CauseFamily family, CancellationToken cancellationToken)
    {
        var candidates = await checklists
            .Where(c => c.MailboxId == mailboxId && c.Family == family && c.Status == ChecklistStatus.Open)
            .Select(c => new { c.Id, c.OpenedAt })
            .ToListAsync(cancellationToken);
        return candidates.OrderByDescending(c => c.OpenedAt).Select(c => (Guid?)c.Id).FirstOrDefault();
    }

    private static Task<StoredChecklist?> LoadAsync(BouncePortalDbContext db, Guid checklistId, CancellationToken cancellationToken) =>
        db.Checklists.Include(c => c.Steps).SingleOrDefaultAsync(c => c.Id == checklistId, cancellationToken);

    // Shows the agency user's display name when they have one; the claim name (their email) otherwise.
    private static async Task<string> DisplayNameAsync(
        BouncePortalDbContext db, Guid tenantId, ChecklistActor actor, CancellationToken cancellationToken)
    {
        var displayName = await db.Users.AsNoTracking()
            .Where(u => u.Id == actor.UserId && u.TenantId == tenantId)
            .Select(u => u.DisplayName)
            .SingleOrDefaultAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(displayName) ? actor.Name : displayName;
    }

    private static void UpdateStatus(StoredChecklist checklist, DateTimeOffset now)
    {
        var allDone = checklist.Steps.All(s => s.IsDone);
        if (allDone && checklist.Status != ChecklistStatus.Completed)
        {
            checklist.Status = ChecklistStatus.Completed;
            checklist.CompletedAt = now;
        }
        else if (!allDone)
        {
            checklist.Status = ChecklistStatus.Open;
            checklist.CompletedAt = null;
        }
    }

    private static string? NotesProblem(string? notes) =>
        notes is { Length: > StoredChecklist.MaxNotesLength }
            ? $"Notes are {notes.Length} characters long; shorten them to at most {StoredChecklist.MaxNotesLength}."
            : null;

    private static string? Normalize(string? notes) => string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Opened checklist {ChecklistId} for agency {TenantId}, {SubjectKind} {SubjectId}")]
    private static partial void LogOpened(ILogger logger, Guid tenantId, Guid checklistId, ChecklistSubjectKind subjectKind, string subjectId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Reused open checklist {ChecklistId} of agency {TenantId} for {SubjectKind} {SubjectId}")]
    private static partial void LogReused(ILogger logger, Guid tenantId, Guid checklistId, ChecklistSubjectKind subjectKind, string subjectId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Checklist {ChecklistId} of agency {TenantId}: step {StepId} set done={Done} by user {UserId}")]
    private static partial void LogStepChanged(ILogger logger, Guid tenantId, Guid checklistId, long stepId, bool done, string userId);
}

/// <summary>
/// The signed-in user who changes a checklist.
/// </summary>
/// <param name="UserId">The Identity user id.</param>
/// <param name="Name">The name to show next to the change.</param>
public sealed record ChecklistActor(string UserId, string Name);

/// <summary>
/// The outcome of a change to a checklist.
/// </summary>
/// <param name="Found">False when the agency has no such checklist or step.</param>
/// <param name="Problem">What was wrong with the input, when the change was rejected.</param>
public sealed record ChecklistChangeResult(bool Found, string? Problem)
{
    /// <summary>The change was saved.</summary>
    public static ChecklistChangeResult Succeeded { get; } = new(true, null);

    /// <summary>The checklist or step does not exist in the agency.</summary>
    public static ChecklistChangeResult NotFound { get; } = new(false, null);

    /// <summary>True when the change was saved.</summary>
    public bool IsSuccess => Found && Problem is null;

    /// <summary>Rejects the change with <paramref name="problem"/>.</summary>
    public static ChecklistChangeResult Failed(string problem) => new(true, problem);
}
