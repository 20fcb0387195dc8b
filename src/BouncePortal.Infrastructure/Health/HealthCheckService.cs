using System.Globalization;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Presentation;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.Health;

/// <summary>
/// Checks one agency's sending mailboxes: the soft and hard rates over the agency's window from
/// the hourly rollups, and the high-severity diagnoses of its uploads. Raises one alert per
/// mailbox and condition while that alert is open, and pauses the mailbox when the agency turned
/// auto-pause on.
/// </summary>
public sealed partial class HealthCheckService(
    TenantDbContextFactory databases,
    INotificationPublisher notifications,
    IChecklistOpener checklists,
    StopTheBleedService workflows,
    TimeProvider time,
    ILogger<HealthCheckService> logger)
{
    /// <summary>Runs the check and returns what it raised, resolved and held back.</summary>
    public async Task<HealthCheckResult> RunAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = databases.CreateForTenant(tenantId);
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == tenantId, cancellationToken);
        var mailboxes = await db.SendingMailboxes.Where(m => m.ArchivedAt == null).ToListAsync(cancellationToken);
        var rates = await LoadRatesAsync(db, now.UtcDateTime.AddHours(-agency.HealthCheckWindowHours), cancellationToken);
        var openAlerts = await db.HealthAlerts.Where(a => a.OpenKey != null).ToDictionaryAsync(a => a.OpenKey!, cancellationToken);
        var active = await db.StopTheBleedWorkflows.Where(w => w.State != WorkflowState.Closed).Include(w => w.Mailboxes).ToListAsync(cancellationToken);

        var result = new HealthCheckResult();
        foreach (var mailbox in mailboxes)
        {
            var mailboxRates = rates.GetValueOrDefault(mailbox.Address, new BounceRates(0, 0, 0));
            var workflow = active.FirstOrDefault(w => w.Mailboxes.Any(m => m.MailboxId == mailbox.Id));
            CheckSoftRate(db, agency, mailbox, mailboxRates, workflow, openAlerts, now, result);
            CheckHardRate(db, agency, mailbox, mailboxRates, workflow, openAlerts, now, result);
        }

        await CheckDiagnosesAsync(db, agency, mailboxes, openAlerts, now, result, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var alert in result.Raised)
        {
            await PublishAsync(tenantId, alert, cancellationToken);
        }

        await OpenChecklistsAsync(db, tenantId, result.Raised, cancellationToken);

        if (agency.AutoPauseOnAlert)
        {
            await AutoPauseAsync(db, tenantId, result, active, cancellationToken);
        }

        LogChecked(logger, tenantId, mailboxes.Count, result.Raised.Count, result.Resolved, result.HeldByCooldown.Count);
        return result;
    }

    private static async Task<Dictionary<string, BounceRates>> LoadRatesAsync(BouncePortalDbContext db, DateTime fromUtc, CancellationToken cancellationToken)
    {
        var completed = db.Uploads.Where(u => u.Status == UploadStatus.Completed).Select(u => u.Id);
        var rows = await db.Rollups
            .Where(r => r.Kind == SliceKind.Mailbox && r.HourUtc >= fromUtc && completed.Contains(r.UploadId))
            .GroupBy(r => r.Key)
            .Select(g => new { g.Key, Sent = g.Sum(r => r.Sent), Soft = g.Sum(r => r.SoftBounced), Hard = g.Sum(r => r.HardBounced) })
            .ToListAsync(cancellationToken);

        return rows.ToDictionary(r => r.Key, r => new BounceRates(r.Sent, r.Soft, r.Hard), StringComparer.Ordinal);
    }

    private static void CheckSoftRate(
        BouncePortalDbContext db,
        Agency agency,
        SendingMailbox mailbox,
        BounceRates rates,
        StopTheBleedWorkflow? workflow,
        Dictionary<string, HealthAlert> openAlerts,
        DateTimeOffset now,
        HealthCheckResult result)
    {
        var key = HealthAlert.KeyFor(mailbox.Id, AlertConditions.SoftRate);
        var enoughData = rates.Sent >= agency.AlertMinimumSent;
        var above = enoughData && rates.SoftRate > agency.SoftRateAlertPercent;
        var evidence = Evidence(rates, agency);

        if (!above)
        {
            // Too few sends prove nothing either way, so an open alert stays open until enough sends show the rate under the threshold.
            if (enoughData)
            {
                Resolve(key, openAlerts, now, result);
            }

            return;
        }

        if (workflow is { State: WorkflowState.Detected or WorkflowState.Paused or WorkflowState.Checking })
        {
            // The mailbox is paused already; its workflow is the open response to this condition.
            return;
        }

        if (workflow?.CooldownUntil is { } until && now < until)
        {
            workflow.CooldownSuppressedEvidence = $"{now:yyyy-MM-dd HH:mm} UTC: {mailbox.Address} {evidence}";
            result.HeldByCooldown.Add(mailbox.Address);
            return;
        }

        if (openAlerts.ContainsKey(key))
        {
            return;
        }

        Raise(db, mailbox, key, AlertConditions.SoftRate, string.Create(CultureInfo.InvariantCulture, $"Soft bounce rate {rates.SoftRate:0.##}% on {mailbox.Address}"), evidence, rates, agency.SoftRateAlertPercent, openAlerts, now, result);
    }

    /// <summary>Resolves the open alert with <paramref name="key"/>, if there is one.</summary>
    private static void Resolve(string key, Dictionary<string, HealthAlert> openAlerts, DateTimeOffset now, HealthCheckResult result)
    {
        if (openAlerts.Remove(key, out var cleared))
        {
            cleared.State = AlertState.Resolved;
            cleared.OpenKey = null;
            cleared.ClosedAt = now;
            cleared.ClosedBy = SystemActors.HealthCheck;
            result.Resolved++;
        }
    }

    /// <summary>Opens an alert on <paramref name="mailbox"/> for a rate condition, with the rates it was raised on.</summary>
    private static void Raise(
        BouncePortalDbContext db,
        SendingMailbox mailbox,
        string key,
        string condition,
        string title,
        string evidence,
        BounceRates rates,
        double thresholdPercent,
        Dictionary<string, HealthAlert> openAlerts,
        DateTimeOffset now,
        HealthCheckResult result)
    {
        var alert = new HealthAlert
        {
            Id = Guid.NewGuid(),
            MailboxId = mailbox.Id,
            MailboxAddress = mailbox.Address,
            Condition = condition,
            Title = title,
            Evidence = evidence,
            Sent = rates.Sent,
            SoftBounced = rates.SoftBounced,
            HardBounced = rates.HardBounced,
            SoftRate = rates.SoftRate,
            HardRate = rates.HardRate,
            ThresholdPercent = thresholdPercent,
            State = AlertState.Open,
            OpenKey = key,
            RaisedAt = now,
        };
        db.HealthAlerts.Add(alert);
        openAlerts[key] = alert;
        result.Raised.Add(alert);
    }

    /// <summary>
    /// Raises a hard-rate alert when the mailbox's hard bounce rate is in the critical zone on at
    /// least the agency's minimum sends, and resolves it once enough sends show the rate out of it.
    /// A cooldown after a resume does not hold it back, because a hard-bounce wave, unlike a raised
    /// soft rate, is no after-effect of the pause.
    /// </summary>
    private static void CheckHardRate(
        BouncePortalDbContext db,
        Agency agency,
        SendingMailbox mailbox,
        BounceRates rates,
        StopTheBleedWorkflow? workflow,
        Dictionary<string, HealthAlert> openAlerts,
        DateTimeOffset now,
        HealthCheckResult result)
    {
        var key = HealthAlert.KeyFor(mailbox.Id, AlertConditions.HardRate);
        var enoughData = rates.Sent >= agency.AlertMinimumSent;
        if (!enoughData || rates.HardRate <= AlertConditions.CriticalHardRatePercent)
        {
            if (enoughData)
            {
                Resolve(key, openAlerts, now, result);
            }

            return;
        }

        // A paused mailbox's workflow is the open response to this condition.
        var paused = workflow is { State: WorkflowState.Detected or WorkflowState.Paused or WorkflowState.Checking };
        if (paused || openAlerts.ContainsKey(key))
        {
            return;
        }

        Raise(db, mailbox, key, AlertConditions.HardRate, string.Create(CultureInfo.InvariantCulture, $"Hard bounce rate {rates.HardRate:0.##}% on {mailbox.Address}"), HardRateEvidence(rates, agency), rates, AlertConditions.CriticalHardRatePercent, openAlerts, now, result);
    }

    private static async Task CheckDiagnosesAsync(
        BouncePortalDbContext db,
        Agency agency,
        List<SendingMailbox> mailboxes,
        Dictionary<string, HealthAlert> openAlerts,
        DateTimeOffset now,
        HealthCheckResult result,
        CancellationToken cancellationToken)
    {
        var high = await db.Diagnoses.AsNoTracking()
            .Where(d => d.Severity == DiagnosisSeverity.High)
            .Join(db.Uploads.Where(u => u.Status == UploadStatus.Completed), d => d.UploadId, u => u.Id, (d, u) => new { Diagnosis = d, u.UploadedAt, u.FinishedAt })
            .ToListAsync(cancellationToken);
        if (high.Count == 0)
        {
            return;
        }

        // A diagnosis raises its alert once: later checks skip the diagnoses of uploads finished
        // before the last alert raised for the same mailbox and condition. A rate alert that carries
        // a diagnosis as its cause counts under the diagnosis's condition.
        var conditionOf = high.ToDictionary(h => h.Diagnosis.Id, h => AlertConditions.ForDiagnosis(h.Diagnosis.Kind));
        var earlier = await db.HealthAlerts
            .Where(a => a.DiagnosisId != null)
            .Select(a => new { a.MailboxId, a.Condition, a.RaisedAt, DiagnosisId = a.DiagnosisId!.Value })
            .ToListAsync(cancellationToken);
        var raisedIds = earlier.Select(a => a.DiagnosisId).ToHashSet();
        var lastRaised = earlier
            .GroupBy(a => (a.MailboxId, Condition: conditionOf.GetValueOrDefault(a.DiagnosisId, a.Condition)))
            .ToDictionary(g => g.Key, g => g.Max(a => a.RaisedAt));

        foreach (var mailbox in mailboxes)
        {
            foreach (var found in high.Where(h => Concerns(h.Diagnosis, mailbox.Address)).OrderBy(h => h.UploadedAt))
            {
                var diagnosis = found.Diagnosis;
                var condition = AlertConditions.ForDiagnosis(diagnosis.Kind);
                var key = HealthAlert.KeyFor(mailbox.Id, condition);
                var raisedBefore = lastRaised.TryGetValue((mailbox.Id, condition), out var last) && (found.FinishedAt ?? found.UploadedAt) <= last;
                if (raisedIds.Contains(diagnosis.Id) || openAlerts.ContainsKey(key) || CarriesOpen(openAlerts, mailbox.Id, condition, conditionOf) || raisedBefore)
                {
                    continue;
                }

                raisedIds.Add(diagnosis.Id);

                // A rate alert of this check on the same mailbox takes the diagnosis as its cause, so
                // staff get one alert, with the cause, instead of two about one wave.
                if (result.Raised.FirstOrDefault(a => a.MailboxId == mailbox.Id && a.DiagnosisId is null) is { } rateAlert)
                {
                    rateAlert.DiagnosisId = diagnosis.Id;
                    rateAlert.Title += $": {EnumWords.Of(diagnosis.Kind).ToLowerInvariant()}";
                    rateAlert.Evidence += $" Cause: {diagnosis.Evidence}";
                    continue;
                }

                var alert = new HealthAlert
                {
                    Id = Guid.NewGuid(),
                    MailboxId = mailbox.Id,
                    MailboxAddress = mailbox.Address,
                    Condition = condition,
                    Title = $"High-severity diagnosis on {mailbox.Address}: {EnumWords.Of(diagnosis.Kind).ToLowerInvariant()}",
                    Evidence = diagnosis.Evidence,
                    ThresholdPercent = agency.SoftRateAlertPercent,
                    DiagnosisId = diagnosis.Id,
                    State = AlertState.Open,
                    OpenKey = key,
                    RaisedAt = now,
                };
                db.HealthAlerts.Add(alert);
                openAlerts[key] = alert;
                result.Raised.Add(alert);
            }
        }
    }

    /// <summary>
    /// Returns true when an open alert of <paramref name="mailboxId"/> carries a diagnosis of
    /// <paramref name="condition"/> as its cause, so a later upload's diagnosis of the same wave
    /// does not open a second alert while it is open.
    /// </summary>
    private static bool CarriesOpen(Dictionary<string, HealthAlert> openAlerts, Guid mailboxId, string condition, Dictionary<long, string> conditionOf) =>
        openAlerts.Values.Any(a => a.MailboxId == mailboxId && a.DiagnosisId is { } id && conditionOf.GetValueOrDefault(id) == condition);

    private static bool Concerns(Diagnostics.StoredDiagnosis diagnosis, string address) =>
        string.Equals(diagnosis.Subject, address, StringComparison.OrdinalIgnoreCase)
        || (diagnosis.Affected?.Split('\n').Contains(address, StringComparer.OrdinalIgnoreCase) ?? false);

    private async Task AutoPauseAsync(
        BouncePortalDbContext db, Guid tenantId, HealthCheckResult result, List<StopTheBleedWorkflow> active, CancellationToken cancellationToken)
    {
        var busy = active.SelectMany(w => w.Mailboxes).Select(m => m.MailboxId).ToHashSet();
        foreach (var alert in result.Raised.GroupBy(a => a.MailboxId).Select(g => g.First()))
        {
            if (busy.Contains(alert.MailboxId))
            {
                continue;
            }

            var request = new PauseRequest([alert.MailboxId], StopTheBleedWorkflow.DefaultPauseHours, Domain.Ramp.RampPlanner.DefaultResumeFraction,
                $"Auto-pause: {alert.Title}. {alert.Evidence}", alert.Id);
            var paused = await workflows.PauseAsync(tenantId, request, WorkflowActor.HealthCheck, cancellationToken);
            if (paused.Workflow is { } workflow)
            {
                alert.WorkflowId = workflow.Id;
                busy.Add(alert.MailboxId);
                result.Paused++;
            }
            else
            {
                LogAutoPauseRejected(logger, tenantId, alert.MailboxId, paused.Problem ?? "not found");
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a remediation checklist for each raised alert. A diagnosis alert gets its diagnosis's
    /// checklist. A soft-rate alert gets the checklist of the most severe, then newest, diagnosis
    /// that names the mailbox, and the reputation checklist when none does. An open checklist that
    /// an earlier alert of the same mailbox and cause family opened is reused.
    /// </summary>
    private async Task OpenChecklistsAsync(BouncePortalDbContext db, Guid tenantId, List<HealthAlert> raised, CancellationToken cancellationToken)
    {
        if (raised.Count == 0)
        {
            return;
        }

        var diagnoses = await db.Diagnoses.AsNoTracking()
            .Join(db.Uploads.Where(u => u.Status == UploadStatus.Completed), d => d.UploadId, u => u.Id, (d, u) => new { Diagnosis = d, u.UploadedAt })
            .ToListAsync(cancellationToken);

        foreach (var alert in raised)
        {
            var diagnosis = diagnoses
                .Where(d => alert.DiagnosisId is { } id ? d.Diagnosis.Id == id : Concerns(d.Diagnosis, alert.MailboxAddress))
                .OrderByDescending(d => d.Diagnosis.Severity)
                .ThenByDescending(d => d.UploadedAt)
                .Select(d => d.Diagnosis)
                .FirstOrDefault();
            var checklist = diagnosis is null
                ? Domain.Remediation.Checklists.For(CauseFamily.Reputation)
                : Domain.Remediation.Checklists.ForDiagnosis(diagnosis.Kind, diagnosis.Subject, diagnosis.Family);

            // A condition raised again after a dismiss finds the earlier alert's checklist still open, and staff keep its ticks and notes.
            var request = new ChecklistRequest(tenantId, ChecklistSubjectKind.Alert, alert.Id.ToString(), checklist, alert.MailboxId)
            {
                ReuseOpenOfMailbox = true,
            };
            alert.ChecklistId = await checklists.OpenAsync(request, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private Task PublishAsync(Guid tenantId, HealthAlert alert, CancellationToken cancellationToken) =>
        notifications.PublishAsync(new AgencyNotification(
            tenantId, NotificationKind.AlertRaised, alert.Title, $"{alert.Evidence}\nOpen Alerts in BouncePortal to acknowledge it or pause the mailbox.",
            alert.MailboxId, alert.RaisedAt, $"alert:{alert.Id}"), cancellationToken);

    private static string Evidence(BounceRates rates, Agency agency) => string.Create(CultureInfo.InvariantCulture,
        $"soft {rates.SoftBounced:N0} of {rates.Sent:N0} sent ({rates.SoftRate:0.##}%), hard {rates.HardBounced:N0} ({rates.HardRate:0.##}%) in the last {agency.HealthCheckWindowHours} hours; the alert threshold is {agency.SoftRateAlertPercent:0.##}%.");

    private static string HardRateEvidence(BounceRates rates, Agency agency) => string.Create(CultureInfo.InvariantCulture,
        $"hard {rates.HardBounced:N0} of {rates.Sent:N0} sent ({rates.HardRate:0.##}%), soft {rates.SoftBounced:N0} ({rates.SoftRate:0.##}%) in the last {agency.HealthCheckWindowHours} hours; a hard rate above {AlertConditions.CriticalHardRatePercent:0.##}% is critical.");

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Checked {MailboxCount} mailboxes of agency {TenantId}: {Raised} alerts raised, {Resolved} resolved, {Held} held by cooldown")]
    private static partial void LogChecked(ILogger logger, Guid tenantId, int mailboxCount, int raised, int resolved, int held);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Auto-pause of mailbox {MailboxId} in agency {TenantId} was rejected: {Problem}")]
    private static partial void LogAutoPauseRejected(ILogger logger, Guid tenantId, Guid mailboxId, string problem);
}

/// <summary>
/// What one health check did.
/// </summary>
public sealed class HealthCheckResult
{
    /// <summary>The alerts raised.</summary>
    public List<HealthAlert> Raised { get; } = [];

    /// <summary>Open soft-rate and hard-rate alerts whose rate fell back under the threshold.</summary>
    public int Resolved { get; set; }

    /// <summary>Mailboxes whose soft rate is above the threshold but inside a cooldown after a resume.</summary>
    public List<string> HeldByCooldown { get; } = [];

    /// <summary>Mailboxes paused by auto-pause.</summary>
    public int Paused { get; set; }
}
