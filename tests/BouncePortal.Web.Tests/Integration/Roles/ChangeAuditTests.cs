using System.Globalization;
using BouncePortal.Domain.Ramp;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Infrastructure.Settings;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Alerts;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration.Roles;

/// <summary>
/// Changes made from the portal's pages reach the audit log with the user who made them and the
/// client IP of their circuit, and without recipient addresses or secrets.
/// </summary>
public sealed class ChangeAuditTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task NotificationSettings_Save_RecordedWithoutSecrets()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Notifications");
        await using var circuit = await factory.OpenCircuitAsync(owner);
        var form = new NotificationSettingsForm
        {
            EmailEnabled = true,
            SmtpHost = "127.0.0.1",
            SmtpPort = 2525,
            SmtpUserName = "mailer-login@agency.test",
            NewSmtpPassword = "Smtp-Password-7781",
            FromAddress = "alerts-sender@agency.test",
            Recipients = "ops-person@client.test\nboss-person@client.test",
            WebhookEnabled = true,
            WebhookUrl = "http://127.0.0.1:9/hooks/T0KEN-IN-PATH",
        };

        var result = await circuit.ServiceProvider.GetRequiredService<NotificationSettingsService>().SaveAsync(owner.TenantId, form, CancellationToken.None);

        Assert.Null(result.Problem);
        var entry = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.NotificationSettingsChanged));
        await AssertActorAsync(owner, entry);
        Assert.Contains("email notifications on", entry.Details);
        Assert.Contains("SMTP host: none to 127.0.0.1", entry.Details);
        Assert.Contains("SMTP port: 587 to 2525", entry.Details);
        Assert.Contains("SMTP password replaced", entry.Details);
        Assert.Contains("recipients changed: 0 to 2 addresses", entry.Details);
        Assert.Contains("webhook URL changed: host none to 127.0.0.1", entry.Details);
        Assert.Contains("webhook secret generated", entry.Details);
        foreach (var secret in new[] { "Smtp-Password-7781", "ops-person", "boss-person", "mailer-login", "alerts-sender", "T0KEN-IN-PATH", result.NewWebhookSecret! })
        {
            Assert.DoesNotContain(secret, entry.Details);
        }
    }

    [Fact]
    public async Task NotificationSettings_RegenerateSecret_RecordedWithoutSecret()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Webhook Secret");
        await using var circuit = await factory.OpenCircuitAsync(owner);

        var secret = await circuit.ServiceProvider.GetRequiredService<NotificationSettingsService>().RegenerateWebhookSecretAsync(owner.TenantId, CancellationToken.None);

        var entry = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.NotificationSettingsChanged));
        await AssertActorAsync(owner, entry);
        Assert.Equal("webhook secret replaced", entry.Details);
        Assert.DoesNotContain(secret, entry.Details);
    }

    [Fact]
    public async Task NotificationSettings_SavedUnchanged_RecordsNothing()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Notifications Unchanged");
        await using var circuit = await factory.OpenCircuitAsync(owner);
        var settings = circuit.ServiceProvider.GetRequiredService<NotificationSettingsService>();

        await settings.SaveAsync(owner.TenantId, await settings.GetAsync(owner.TenantId, CancellationToken.None), CancellationToken.None);

        Assert.Empty(await EntriesAsync(owner.TenantId, AuditActions.NotificationSettingsChanged));
    }

    [Fact]
    public async Task AgencySettings_Change_RecordedWithActor()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Health Settings");
        await using var circuit = await factory.OpenCircuitAsync(owner);
        var service = circuit.ServiceProvider.GetRequiredService<AgencySettingsService>();
        var settings = await service.GetAsync(owner.TenantId, CancellationToken.None);
        settings.HealthCheckIntervalHours = 12;
        settings.RetentionDays = 90;

        Assert.Empty((await service.SaveAsync(owner.TenantId, settings, CancellationToken.None)).Problems);
        Assert.Null(await service.SetSupportAccessAsync(owner.TenantId, TimeSpan.FromHours(4), CancellationToken.None));

        var changed = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.SettingsChanged));
        await AssertActorAsync(owner, changed);
        Assert.Equal("health check interval hours: 6 to 12; retention days: 180 to 90", changed.Details);
        var support = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.SupportAccessChanged));
        await AssertActorAsync(owner, support);
    }

    [Fact]
    public async Task Mailbox_AddEditArchiveRestore_AreRecorded()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Mailboxes");
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        await using var circuit = await factory.OpenCircuitAsync(staff);
        var inventory = circuit.ServiceProvider.GetRequiredService<MailboxInventoryService>();
        var draft = new MailboxDraft { Address = "anna@outreach-example.com", CurrentDailyVolume = 20, TargetDailyVolume = 30 };

        var added = await inventory.AddAsync(owner.TenantId, draft, CancellationToken.None);
        draft.TargetDailyVolume = 35;
        draft.Client = "Acme";
        await inventory.UpdateAsync(owner.TenantId, added.Mailbox!.Id, draft, CancellationToken.None);
        await inventory.SetArchivedAsync(owner.TenantId, added.Mailbox.Id, archived: true, CancellationToken.None);
        await inventory.SetArchivedAsync(owner.TenantId, added.Mailbox.Id, archived: true, CancellationToken.None);
        await inventory.SetArchivedAsync(owner.TenantId, added.Mailbox.Id, archived: false, CancellationToken.None);

        var add = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.MailboxAdded));
        await AssertActorAsync(staff, add);
        Assert.Equal("Added sending mailbox anna@outreach-example.com (Google Workspace, 20 a day now, target 30, active)", add.Details);
        var edit = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.MailboxChanged));
        await AssertActorAsync(staff, edit);
        Assert.Equal("Changed sending mailbox anna@outreach-example.com: target daily volume: 30 to 35; client: none to Acme", edit.Details);
        var archive = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.MailboxArchived));
        Assert.Equal("Archived sending mailbox anna@outreach-example.com", archive.Details);
        await AssertActorAsync(staff, archive);
        Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.MailboxRestored));
    }

    [Fact]
    public async Task Checklist_TickUntickAssign_AreRecorded()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Checklists");
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        await using var circuit = await factory.OpenCircuitAsync(staff);
        var checklists = circuit.ServiceProvider.GetRequiredService<ChecklistService>();
        var checklistId = await checklists.OpenAsync(
            new ChecklistRequest(owner.TenantId, ChecklistSubjectKind.Alert, "audit", Checklists.For(CauseFamily.Greylisting), null));
        var detail = await circuit.ServiceProvider.GetRequiredService<ChecklistQueryService>().GetAsync(owner.TenantId, checklistId, CancellationToken.None);
        var step = detail!.Checklist.Steps[0];
        var staffUser = await staff.GetUserAsync(factory);
        var actor = new ChecklistActor(staffUser.Id, staff.Email);

        await checklists.SetStepDoneAsync(owner.TenantId, checklistId, step.Id, done: true, actor, CancellationToken.None);
        await checklists.SetStepDoneAsync(owner.TenantId, checklistId, step.Id, done: false, actor, CancellationToken.None);
        await checklists.AssignAsync(owner.TenantId, checklistId, staffUser.Id, CancellationToken.None);
        await checklists.AssignAsync(owner.TenantId, checklistId, staffUser.Id, CancellationToken.None);

        var title = detail.Checklist.Title;
        var done = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.ChecklistStepDone));
        await AssertActorAsync(staff, done);
        Assert.Equal($"Ticked step 1 \"{step.Action}\" of checklist \"{title}\" (checklist {checklistId})", done.Details);
        var undone = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.ChecklistStepUndone));
        Assert.StartsWith("Unticked step 1 ", undone.Details);
        var assigned = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.ChecklistAssigned));
        await AssertActorAsync(staff, assigned);
        Assert.Equal($"Assignee of checklist \"{title}\" (checklist {checklistId}): nobody to {staffUser.DisplayName ?? staff.Email}", assigned.Details);
    }

    [Fact]
    public async Task Alert_AcknowledgeDismiss_AreRecorded()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Alerts");
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        var mailbox = await factory.AddMailboxAsync(owner.TenantId, "ben@outreach-example.com");
        var alertId = await factory.AddOpenAlertAsync(owner.TenantId, mailbox, "Soft bounce rate 6.5% on ben@outreach-example.com");
        await using var circuit = await factory.OpenCircuitAsync(staff);
        var alerts = circuit.ServiceProvider.GetRequiredService<AlertService>();

        Assert.True(await alerts.AcknowledgeAsync(owner.TenantId, alertId, staff.Email, CancellationToken.None));
        Assert.True(await alerts.DismissAsync(owner.TenantId, alertId, staff.Email, CancellationToken.None));
        Assert.False(await alerts.DismissAsync(owner.TenantId, alertId, staff.Email, CancellationToken.None));

        var acknowledged = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.AlertAcknowledged));
        await AssertActorAsync(staff, acknowledged);
        Assert.Equal($"Acknowledged alert \"Soft bounce rate 6.5% on ben@outreach-example.com\" (alert {alertId})", acknowledged.Details);
        var dismissed = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.AlertDismissed));
        await AssertActorAsync(staff, dismissed);
    }

    [Fact]
    public async Task RampPlan_Create_RecordedWithActor()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Ramp Plans");
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        var south = await AgencySession.CreateAsync(factory, "Audit Ramp Plans South");
        var mailbox = await factory.AddMailboxAsync(owner.TenantId, "anna@ramp-audit.example");
        await using var circuit = await factory.OpenCircuitAsync(staff);
        var plans = circuit.ServiceProvider.GetRequiredService<RampPlanService>();
        var start = new DateOnly(2026, 3, 2);

        var created = await plans.CreateAsync(
            owner.TenantId, mailbox.Id, new RampPlanRequest { Kind = RampKind.Recovery, PreviousDailyVolume = 40, TargetDailyVolume = 35, Start = start }, staff.Email, CancellationToken.None);
        var rejected = await plans.CreateAsync(
            owner.TenantId, mailbox.Id, new RampPlanRequest { Kind = RampKind.NewMailbox, TargetDailyVolume = 80, Start = start }, staff.Email, CancellationToken.None);
        var otherAgency = await plans.CreateAsync(
            south.TenantId, mailbox.Id, new RampPlanRequest { Kind = RampKind.Recovery, PreviousDailyVolume = 40, TargetDailyVolume = 35, Start = start }, staff.Email, CancellationToken.None);

        Assert.Null(created.Problem);
        Assert.NotNull(rejected.Problem);
        Assert.True(otherAgency.NotFound);
        var plan = created.Plan!.ToPlan();
        var entry = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.RampPlanned));
        await AssertActorAsync(staff, entry);
        Assert.Equal(
            $"Planned a recovery ramp for sending mailbox anna@ramp-audit.example: {plan.Days.Count} days from 2026-03-02 to {plan.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, 20 to 35 sends a day (ramp plan {created.Plan.Id})",
            entry.Details);
        Assert.Empty(await EntriesAsync(south.TenantId, AuditActions.RampPlanned));
    }

    [Fact]
    public async Task UploadDeletion_RecordedWithActor()
    {
        var owner = await AgencySession.CreateAsync(factory, "Audit Upload Deletion");
        var upload = await factory.UploadAsync(owner.TenantId, "deleted-by-staff.log", SampleLogs.TwoMailboxes);
        var staff = await AgencySession.JoinAsync(factory, owner, AgencyRole.Staff);
        await using var circuit = await factory.OpenCircuitAsync(staff);

        Assert.True(await circuit.ServiceProvider.GetRequiredService<UploadService>().DeleteAsync(owner.TenantId, upload.Id, CancellationToken.None));

        var entry = Assert.Single(await EntriesAsync(owner.TenantId, AuditActions.Deletion));
        await AssertActorAsync(staff, entry);
        Assert.Contains("deleted-by-staff.log", entry.Details);
    }

    [Fact]
    public async Task Entries_StayInTheActingAgency()
    {
        var north = await AgencySession.CreateAsync(factory, "Audit Changes North");
        var south = await AgencySession.CreateAsync(factory, "Audit Changes South");
        await using var circuit = await factory.OpenCircuitAsync(north);

        await circuit.ServiceProvider.GetRequiredService<MailboxInventoryService>().AddAsync(
            north.TenantId, new MailboxDraft { Address = "north-only@outreach-example.com" }, CancellationToken.None);

        Assert.Single(await EntriesAsync(north.TenantId, AuditActions.MailboxAdded));
        Assert.Empty(await EntriesAsync(south.TenantId, AuditActions.MailboxAdded));
    }

    private async Task AssertActorAsync(AgencySession member, AuditEntry entry)
    {
        Assert.Equal((await member.GetUserAsync(factory)).Id, entry.ActorUserId);
        Assert.Equal(member.Email, entry.ActorName);
        Assert.Equal(CircuitScope.ClientIp, entry.IpAddress);
    }

    private async Task<List<AuditEntry>> EntriesAsync(Guid tenantId, string action)
    {
        await using var db = factory.OpenDatabase(tenantId);
        return await db.AuditEntries.Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }
}
