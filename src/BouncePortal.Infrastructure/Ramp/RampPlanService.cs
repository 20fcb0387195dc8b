using System.Globalization;
using BouncePortal.Domain.Ramp;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Rollups;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Ramp;

/// <summary>
/// Plans, stores and reads the ramp schedules of an agency's sending mailboxes, and sets each
/// plan against the sends counted in the mailbox's uploads.
/// </summary>
public sealed class RampPlanService(TenantDbContextFactory databases, BounceDashboardService dashboard, IAuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Plans a schedule for the mailbox with <see cref="RampPlanner"/>, stores it and records it
    /// in the audit log.
    /// </summary>
    public async Task<RampPlanResult> CreateAsync(Guid tenantId, Guid mailboxId, RampPlanRequest request, string createdBy, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var address = await db.SendingMailboxes.Where(m => m.Id == mailboxId).Select(m => m.Address).SingleOrDefaultAsync(cancellationToken);
        if (address is null)
        {
            return new RampPlanResult(null, "The mailbox was not found.", NotFound: true);
        }

        RampPlan plan;
        try
        {
            plan = request.Kind switch
            {
                RampKind.Recovery => RampPlanner.Recovery(request.PreviousDailyVolume, request.TargetDailyVolume, request.Start),
                RampKind.Resume => RampPlanner.Resume(request.PreviousDailyVolume, request.TargetDailyVolume, request.Start, request.ResumeFraction),
                _ => RampPlanner.NewMailbox(request.TargetDailyVolume, request.Start, request.RampDays, request.StartVolume),
            };
        }
        catch (ArgumentOutOfRangeException invalid)
        {
            // The planner's messages name the value and the allowed range, written for staff.
            return new RampPlanResult(null, invalid.Message.Split(" (Parameter")[0]);
        }

        var stored = StoredRampPlan.From(plan, mailboxId, workflowId: null, time.GetUtcNow(), createdBy);
        db.RampPlans.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditRecord(tenantId, AuditActions.RampPlanned, Describe(plan, address, stored.Id)), cancellationToken);
        return new RampPlanResult(stored, null);
    }

    /// <summary>Returns the mailbox's plans, newest first.</summary>
    public async Task<IReadOnlyList<StoredRampPlan>> ListForMailboxAsync(Guid tenantId, Guid mailboxId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var plans = await db.RampPlans.AsNoTracking().Where(p => p.MailboxId == mailboxId).ToListAsync(cancellationToken);

        // The id breaks ties between plans stored at the same instant, so their order and numbers stay the same on every load.
        return plans.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).ToList();
    }

    /// <summary>Loads one of the agency's plans; null when it is not the agency's.</summary>
    public async Task<StoredRampPlan?> GetAsync(Guid tenantId, Guid planId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        return await db.RampPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
    }

    /// <summary>
    /// Sets each day of the plan against the mailbox's message-recipient pairs sent that day, in
    /// the agency's time zone, from its completed uploads. Null when the plan is not the agency's.
    /// </summary>
    public async Task<IReadOnlyList<RampAdherenceDay>?> GetAdherenceAsync(Guid tenantId, Guid planId, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var stored = await db.RampPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        var address = stored is null
            ? null
            : await db.SendingMailboxes.Where(m => m.Id == stored.MailboxId).Select(m => m.Address).SingleOrDefaultAsync(cancellationToken);
        if (stored is null || address is null)
        {
            return null;
        }

        var plan = stored.ToPlan();

        // One day of margin on each side covers every time zone offset; days outside the plan are ignored.
        var window = new DashboardWindow(plan.Start.AddDays(-1).ToDateTime(TimeOnly.MinValue), plan.End.AddDays(2).ToDateTime(TimeOnly.MinValue));
        var days = await dashboard.GetSliceTrendAsync(tenantId, window, SliceKind.Mailbox, address, cancellationToken);
        var sends = days.ToDictionary(d => d.Day, d => (int)Math.Min(d.Rates.Sent, int.MaxValue));
        return RampAdherence.Compare(plan, sends);
    }

    /// <summary>Writes the plan as CSV; false when it is not the agency's.</summary>
    public async Task<bool> WriteCsvAsync(Guid tenantId, Guid planId, TextWriter writer, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(tenantId, planId, cancellationToken);
        if (stored is null)
        {
            return false;
        }

        RampPlanCsv.Write(stored.ToPlan(), writer);
        return true;
    }

    private static string Describe(RampPlan plan, string address, Guid planId)
    {
        var kind = plan.Kind switch
        {
            RampKind.Recovery => "recovery",
            RampKind.Resume => "resume",
            _ => "new mailbox",
        };

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Planned a {kind} ramp for sending mailbox {address}: {plan.Days.Count} days from {plan.Start:yyyy-MM-dd} to {plan.End:yyyy-MM-dd}, {plan.Days[0].DailyLimit} to {plan.TargetDailyVolume} sends a day (ramp plan {planId})");
    }
}

/// <summary>
/// What staff choose when they plan a ramp.
/// </summary>
public sealed class RampPlanRequest
{
    /// <summary>The situation the plan is for. Default recovery.</summary>
    public RampKind Kind { get; set; } = RampKind.Recovery;

    /// <summary>Sends per day before the ramp; ignored for a new mailbox.</summary>
    public int PreviousDailyVolume { get; set; } = 40;

    /// <summary>Sends per day to reach.</summary>
    public int TargetDailyVolume { get; set; } = 35;

    /// <summary>Day 0.</summary>
    public DateOnly Start { get; set; }

    /// <summary>Share of the previous volume on day 0 of a resume, 0.3 to 0.5.</summary>
    public double ResumeFraction { get; set; } = RampPlanner.DefaultResumeFraction;

    /// <summary>Length of a new-mailbox ramp in days, 14 to 21.</summary>
    public int RampDays { get; set; } = RampPlanner.DefaultNewMailboxDays;

    /// <summary>Day-0 sends of a new mailbox, 20 to 40.</summary>
    public int StartVolume { get; set; } = RampPlanner.DefaultNewMailboxStartVolume;
}

/// <summary>
/// The stored plan, or what was wrong with the request.
/// </summary>
public sealed record RampPlanResult(StoredRampPlan? Plan, string? Problem, bool NotFound = false);
