using System.Net;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Alerts;

public abstract class HealthCheckTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : AlertsPortalFactory
{
    private DateTimeOffset Now => factory.Clock.GetUtcNow();

    [Fact]
    public async Task Check_SoftRateAbove_RaisesAlert()
    {
        var agency = await AgencySession.CreateAsync(factory, "Rate Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@rate.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-2), sent: 200, soft: 10, hard: 2);

        var result = await RunCheckAsync(agency.TenantId);

        var alert = Assert.Single(result.Raised);
        Assert.Equal(AlertConditions.SoftRate, alert.Condition);
        Assert.Equal(mailbox.Id, alert.MailboxId);
        Assert.Equal(200, alert.Sent);
        Assert.Equal(10, alert.SoftBounced);
        Assert.Equal(5.0, alert.SoftRate);
        Assert.Equal(1.0, alert.HardRate);
        Assert.Contains("soft 10 of 200 sent (5%)", alert.Evidence);
        Assert.Contains("threshold is 3%", alert.Evidence);
        var notification = Assert.Single(factory.Notifications.For(agency.TenantId));
        Assert.Equal(NotificationKind.AlertRaised, notification.Kind);
        Assert.Equal($"alert:{alert.Id}", notification.DeduplicationKey);
        var checklist = Assert.Single(factory.Checklists.For(agency.TenantId));
        Assert.Equal(ChecklistSubjectKind.Alert, checklist.SubjectKind);
        Assert.Equal(alert.Id.ToString(), checklist.SubjectId);
        Assert.Equal(CauseFamily.Reputation, checklist.Checklist.Family);
        Assert.Equal(mailbox.Id, checklist.MailboxId);
        Assert.NotNull(alert.ChecklistId);
    }

    [Fact]
    public async Task Check_AtThresholdOrFewSends_RaisesNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Quiet Agency");
        var atThreshold = await factory.AddMailboxAsync(agency.TenantId, "at@quiet.example");
        var fewSends = await factory.AddMailboxAsync(agency.TenantId, "few@quiet.example");
        await factory.AddSendsAsync(agency.TenantId, atThreshold.Address, Now.AddHours(-1), sent: 100, soft: 3);
        await factory.AddSendsAsync(agency.TenantId, fewSends.Address, Now.AddHours(-1), sent: 10, soft: 5);

        var result = await RunCheckAsync(agency.TenantId);

        Assert.Empty(result.Raised);
    }

    [Fact]
    public async Task Check_OutsideWindow_RaisesNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Old Data Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "old@window.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-30), sent: 100, soft: 20);

        var result = await RunCheckAsync(agency.TenantId);

        Assert.Empty(result.Raised);
    }

    [Fact]
    public async Task Check_AgencyThreshold_Applies()
    {
        var agency = await AgencySession.CreateAsync(factory, "Tolerant Agency");
        await factory.UpdateSettingsAsync(agency.TenantId, settings => settings.SoftRateAlertPercent = 6);
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@tolerant.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 5);

        var below = await RunCheckAsync(agency.TenantId);
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 9);
        var above = await RunCheckAsync(agency.TenantId);

        Assert.Empty(below.Raised);
        Assert.Equal(7.0, Assert.Single(above.Raised).SoftRate);
    }

    [Fact]
    public async Task Check_OpenOrAcknowledgedAlert_IsNotRepeated()
    {
        var agency = await AgencySession.CreateAsync(factory, "Repeat Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@repeat.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 8);

        var first = await RunCheckAsync(agency.TenantId);
        var second = await RunCheckAsync(agency.TenantId);
        var alert = Assert.Single(first.Raised);
        Assert.True(await factory.WithServiceAsync<bool, AlertService>(s => s.AcknowledgeAsync(agency.TenantId, alert.Id, "staff", CancellationToken.None)));
        var third = await RunCheckAsync(agency.TenantId);

        Assert.Empty(second.Raised);
        Assert.Empty(third.Raised);
        Assert.Single(await ListAlertsAsync(agency.TenantId, includeClosed: true));
        Assert.Single(factory.Notifications.For(agency.TenantId));
    }

    [Fact]
    public async Task Check_AfterDismiss_RaisesAgainWhileConditionHolds()
    {
        var agency = await AgencySession.CreateAsync(factory, "Dismiss Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@dismiss.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 8);
        var first = Assert.Single((await RunCheckAsync(agency.TenantId)).Raised);

        var dismissed = await factory.WithServiceAsync<bool, AlertService>(s => s.DismissAsync(agency.TenantId, first.Id, "staff", CancellationToken.None));
        var again = await RunCheckAsync(agency.TenantId);

        Assert.True(dismissed);
        Assert.NotEqual(first.Id, Assert.Single(again.Raised).Id);
        var alerts = await ListAlertsAsync(agency.TenantId, includeClosed: true);
        Assert.Contains(alerts, a => a.Id == first.Id && a.State == AlertState.Dismissed && a.ClosedBy == "staff");
    }

    [Fact]
    public async Task Check_RateBackUnderThreshold_ResolvesAlert()
    {
        var agency = await AgencySession.CreateAsync(factory, "Resolve Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@resolve.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 8);
        var alert = Assert.Single((await RunCheckAsync(agency.TenantId)).Raised);

        factory.Clock.Advance(TimeSpan.FromHours(25));
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 1);
        var later = await RunCheckAsync(agency.TenantId);
        factory.Clock.Advance(TimeSpan.FromHours(-25));

        Assert.Equal(1, later.Resolved);
        var stored = Assert.Single(await ListAlertsAsync(agency.TenantId, includeClosed: true));
        Assert.Equal(AlertState.Resolved, stored.State);
        Assert.Equal(SystemActors.HealthCheck, stored.ClosedBy);
    }

    [Fact]
    public async Task Check_HighSeverityDiagnosis_RaisesOnce()
    {
        var agency = await AgencySession.CreateAsync(factory, "Diagnosis Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@diagnosis.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 1);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var upload = await db.Uploads.FirstAsync();
            db.Diagnoses.Add(new StoredDiagnosis
            {
                UploadId = upload.Id,
                Kind = DiagnosisKind.SoftToHardConversion,
                Severity = DiagnosisSeverity.High,
                Subject = mailbox.Address,
                Evidence = "Soft bounces rose, then hard bounces two days later",
                Family = CauseFamily.Reputation,
            });
            await db.SaveChangesAsync();
        }

        var first = await RunCheckAsync(agency.TenantId);
        var alert = Assert.Single(first.Raised);
        await factory.WithServiceAsync<bool, AlertService>(s => s.DismissAsync(agency.TenantId, alert.Id, "staff", CancellationToken.None));
        var second = await RunCheckAsync(agency.TenantId);

        Assert.Equal(AlertConditions.ForDiagnosis(DiagnosisKind.SoftToHardConversion), alert.Condition);
        Assert.Equal("High-severity diagnosis on anna@diagnosis.example: soft to hard conversion", alert.Title);
        Assert.Equal("Soft bounces rose, then hard bounces two days later", alert.Evidence);
        Assert.Empty(second.Raised);
        var checklist = Assert.Single(factory.Checklists.For(agency.TenantId), c => c.SubjectId == alert.Id.ToString());
        Assert.Equal(CauseFamily.Reputation, checklist.Checklist.Family);
    }

    [Fact]
    public async Task Check_SoftRateAlert_OpensDiagnosedChecklist()
    {
        var agency = await AgencySession.CreateAsync(factory, "Throttled Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@throttled.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-2), sent: 200, soft: 12);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var upload = await db.Uploads.FirstAsync();
            db.Diagnoses.Add(new StoredDiagnosis
            {
                UploadId = upload.Id,
                Kind = DiagnosisKind.ReceiverRateExceeded,
                Severity = DiagnosisSeverity.Medium,
                Subject = mailbox.Address,
                Evidence = "421 4.7.28 replies on 6% of sends",
                Family = CauseFamily.SendingTooFast,
            });
            await db.SaveChangesAsync();
        }

        var result = await RunCheckAsync(agency.TenantId);

        var alert = Assert.Single(result.Raised);
        Assert.Equal(AlertConditions.SoftRate, alert.Condition);
        var checklist = Assert.Single(factory.Checklists.For(agency.TenantId));
        Assert.Equal(CauseFamily.SendingTooFast, checklist.Checklist.Family);
        Assert.Equal(alert.Id.ToString(), checklist.SubjectId);
    }

    [Fact]
    public async Task Check_MicrosoftThrottledMailbox_OpensMicrosoftChecklist()
    {
        var agency = await AgencySession.CreateAsync(factory, "Microsoft Throttled Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@microsoft-throttled.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-2), sent: 200, soft: 12);
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var upload = await db.Uploads.FirstAsync();
            db.Diagnoses.Add(new StoredDiagnosis
            {
                UploadId = upload.Id,
                Kind = DiagnosisKind.ProviderThrottling,
                Severity = DiagnosisSeverity.Medium,
                Subject = "Microsoft",
                Evidence = "Microsoft replied 12 times with 451 4.7.500 to 1 mailbox.",
                Affected = mailbox.Address,
                Family = CauseFamily.SendingTooFast,
            });
            await db.SaveChangesAsync();
        }

        await RunCheckAsync(agency.TenantId);

        var checklist = Assert.Single(factory.Checklists.For(agency.TenantId));
        Assert.Same(Domain.Remediation.Checklists.For(CauseFamily.SendingTooFast, ReceivingProvider.Microsoft), checklist.Checklist);
        Assert.Contains(checklist.Checklist.Steps, step => step.Why.Contains("Microsoft 365", StringComparison.Ordinal));
        Assert.DoesNotContain(checklist.Checklist.Steps, step => step.Why.Contains("Gmail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_UploadedLog_RaisesAlertForMailbox()
    {
        var agency = await AgencySession.CreateAsync(factory, "Upload Agency");
        await factory.UpdateSettingsAsync(agency.TenantId, settings =>
        {
            settings.AlertMinimumSent = 1;
            settings.HealthCheckWindowHours = 720;
        });
        var anna = await factory.AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        factory.Clock.Set(new DateTimeOffset(2024, 6, 12, 0, 0, 0, TimeSpan.Zero));

        HealthCheckResult result;
        try
        {
            result = await RunCheckAsync(agency.TenantId);
        }
        finally
        {
            factory.Clock.Set(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        }

        var alert = Assert.Single(result.Raised, a => a.Condition == AlertConditions.SoftRate);
        Assert.Equal(anna.Id, alert.MailboxId);
        Assert.Equal(4, alert.Sent);
        Assert.Equal(2, alert.SoftBounced);
        Assert.Equal(1, alert.HardBounced);
    }

    [Fact]
    public async Task Check_BlocklistWave_RaisesCauseAndAlerts()
    {
        var agency = await AgencySession.CreateAsync(factory, "Blocked Agency");
        var other = await AgencySession.CreateAsync(factory, "Bystander Agency");
        await factory.UpdateSettingsAsync(agency.TenantId, settings => settings.HealthCheckWindowHours = 240);
        var sam = await factory.AddMailboxAsync(agency.TenantId, "sam@acmeout.example.com");
        await factory.AddMailboxAsync(other.TenantId, "sam@acmeout.example.com");
        var upload = await factory.UploadAsync(agency.TenantId, "blocks.log", BlocklistWaveLog(Now.AddHours(-20)));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var dashboard = WebUtility.HtmlDecode(await agency.GetPageAsync("/dashboard"));
        var result = await RunCheckAsync(agency.TenantId);
        var otherResult = await RunCheckAsync(other.TenantId);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var later = await RunCheckAsync(agency.TenantId);
        factory.Clock.Advance(TimeSpan.FromHours(-1));

        Assert.Contains("data-kind=\"SenderBlocked\"", dashboard);
        Assert.Contains("rejected 20 of 30 messages from sam@acmeout.example.com (66.7%)", dashboard);
        Assert.Contains("named Microsoft S3150 and Spamhaus", dashboard);
        Assert.DoesNotContain("diagnosis-empty", dashboard);

        // One alert for the wave: the hard rate, with the diagnosis as its cause.
        var hard = Assert.Single(result.Raised);
        Assert.Equal(AlertConditions.HardRate, hard.Condition);
        Assert.Equal(sam.Id, hard.MailboxId);
        Assert.Equal(30, hard.Sent);
        Assert.Equal(20, hard.HardBounced);
        Assert.Equal("Hard bounce rate 66.67% on sam@acmeout.example.com: sender blocked", hard.Title);
        Assert.Contains("hard 20 of 30 sent (66.67%)", hard.Evidence);
        Assert.Contains("Cause: Receivers rejected 20 of 30 messages", hard.Evidence);
        Assert.Contains("Spamhaus", hard.Evidence);
        Assert.NotNull(hard.DiagnosisId);
        var checklist = Assert.Single(factory.Checklists.For(agency.TenantId), c => c.SubjectId == hard.Id.ToString());
        Assert.Equal(CauseFamily.Reputation, checklist.Checklist.Family);
        Assert.Empty(later.Raised);
        Assert.Empty(otherResult.Raised);
        var otherDashboard = await other.GetPageAsync("/dashboard");
        Assert.DoesNotContain("SenderBlocked", otherDashboard);
    }

    [Fact]
    public async Task Check_TwoBlockedUploads_RaiseOneAlert()
    {
        var agency = await AgencySession.CreateAsync(factory, "Twice Blocked Agency");
        await factory.UpdateSettingsAsync(agency.TenantId, settings => settings.HealthCheckWindowHours = 240);
        await factory.AddMailboxAsync(agency.TenantId, "sam@acmeout.example.com");
        foreach (var (name, hoursAgo) in new[] { ("monday.log", 40), ("tuesday.log", 20) })
        {
            var upload = await factory.UploadAsync(agency.TenantId, name, BlocklistWaveLog(Now.AddHours(-hoursAgo)));
            await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        }

        var result = await RunCheckAsync(agency.TenantId);

        var alert = Assert.Single(result.Raised);
        Assert.Equal(AlertConditions.HardRate, alert.Condition);
        Assert.EndsWith(": sender blocked", alert.Title);
    }

    [Fact]
    public async Task Check_LaterSameWave_KeepsOneAlert()
    {
        var agency = await AgencySession.CreateAsync(factory, "Still Blocked Agency");
        await factory.UpdateSettingsAsync(agency.TenantId, settings => settings.HealthCheckWindowHours = 240);
        await factory.AddMailboxAsync(agency.TenantId, "sam@acmeout.example.com");
        var monday = await factory.UploadAsync(agency.TenantId, "monday.log", BlocklistWaveLog(Now.AddHours(-40)));
        await factory.RunUploadJobAsync(agency.TenantId, monday.Id);
        var first = await RunCheckAsync(agency.TenantId);

        var tuesday = await factory.UploadAsync(agency.TenantId, "tuesday.log", BlocklistWaveLog(Now.AddHours(-20)));
        await factory.RunUploadJobAsync(agency.TenantId, tuesday.Id);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var second = await RunCheckAsync(agency.TenantId);
        factory.Clock.Advance(TimeSpan.FromHours(-1));

        var alert = Assert.Single(first.Raised);
        Assert.EndsWith(": sender blocked", alert.Title);
        Assert.Empty(second.Raised);
        Assert.Single(await ListAlertsAsync(agency.TenantId, includeClosed: false));
    }

    [Fact]
    public async Task Check_HardRateNotCritical_RaisesNothing()
    {
        var agency = await AgencySession.CreateAsync(factory, "Hard Quiet Agency");
        var atLimit = await factory.AddMailboxAsync(agency.TenantId, "at@hard.example");
        var fewSends = await factory.AddMailboxAsync(agency.TenantId, "few@hard.example");
        await factory.AddSendsAsync(agency.TenantId, atLimit.Address, Now.AddHours(-1), sent: 100, soft: 0, hard: 7);
        await factory.AddSendsAsync(agency.TenantId, fewSends.Address, Now.AddHours(-1), sent: 10, soft: 0, hard: 5);

        var result = await RunCheckAsync(agency.TenantId);

        Assert.Empty(result.Raised);
    }

    [Fact]
    public async Task Check_HardRateFallsBack_ResolvesAlert()
    {
        var agency = await AgencySession.CreateAsync(factory, "Hard Recovery Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "recover@hard.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-2), sent: 100, soft: 0, hard: 10);
        var alert = Assert.Single((await RunCheckAsync(agency.TenantId)).Raised);
        Assert.Equal(AlertConditions.HardRate, alert.Condition);
        Assert.Equal(7, alert.ThresholdPercent);

        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 900, soft: 0);
        var result = await RunCheckAsync(agency.TenantId);

        Assert.Equal(1, result.Resolved);
        var closed = Assert.Single(await ListAlertsAsync(agency.TenantId, includeClosed: true));
        Assert.Equal(AlertState.Resolved, closed.State);
    }

    [Fact]
    public async Task Check_AutoPauseOn_PausesMailboxOnce()
    {
        var agency = await AgencySession.CreateAsync(factory, "Auto Agency");
        await factory.UpdateSettingsAsync(agency.TenantId, settings => settings.AutoPauseOnAlert = true);
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@auto.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 8);

        var first = await RunCheckAsync(agency.TenantId);
        var second = await RunCheckAsync(agency.TenantId);

        Assert.Equal(1, first.Paused);
        Assert.Equal(0, second.Paused);
        var workflow = Assert.Single(await ListWorkflowsAsync(agency.TenantId, mailbox.Id));
        Assert.Equal(WorkflowState.Checking, workflow.State);
        Assert.Equal(Assert.Single(first.Raised).Id, workflow.AlertId);
        Assert.All(workflow.Transitions, t => Assert.Equal(SystemActors.HealthCheck, t.Actor));
        Assert.Equal(MailboxStatus.Paused, (await GetMailboxAsync(agency.TenantId, mailbox.Id)).Status);
        Assert.Equal(workflow.Id, Assert.Single(await ListAlertsAsync(agency.TenantId, includeClosed: false)).WorkflowId);
    }

    [Fact]
    public async Task Check_AutoPauseOff_LeavesMailboxActive()
    {
        var agency = await AgencySession.CreateAsync(factory, "Manual Agency");
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@manual.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 8);

        var result = await RunCheckAsync(agency.TenantId);

        Assert.Single(result.Raised);
        Assert.Equal(0, result.Paused);
        Assert.Empty(await ListWorkflowsAsync(agency.TenantId, mailbox.Id));
        Assert.Equal(MailboxStatus.Active, (await GetMailboxAsync(agency.TenantId, mailbox.Id)).Status);
    }

    [Fact]
    public async Task Check_DuringCooldown_HoldsBackAndShowsEvidence()
    {
        var agency = await AgencySession.CreateAsync(factory, "Cooldown Agency");
        await factory.UpdateSettingsAsync(agency.TenantId, settings =>
        {
            settings.AutoPauseOnAlert = true;
            settings.ResumeCooldownHours = 12;
            settings.HealthCheckWindowHours = 72;
        });
        var mailbox = await factory.AddMailboxAsync(agency.TenantId, "anna@cooldown.example");
        await factory.AddSendsAsync(agency.TenantId, mailbox.Address, Now.AddHours(-1), sent: 100, soft: 8);
        var raised = Assert.Single((await RunCheckAsync(agency.TenantId)).Raised);
        await factory.WithServiceAsync<bool, AlertService>(s => s.DismissAsync(agency.TenantId, raised.Id, "staff", CancellationToken.None));
        var workflow = Assert.Single(await ListWorkflowsAsync(agency.TenantId, mailbox.Id));

        factory.Clock.Advance(TimeSpan.FromHours(2));
        var resumed = await factory.WithServiceAsync<WorkflowResult, StopTheBleedService>(s =>
            s.ResumeAsync(agency.TenantId, workflow.Id, null, new WorkflowActor("staff", null), 0.5, CancellationToken.None));
        var during = await RunCheckAsync(agency.TenantId);
        factory.Clock.Advance(TimeSpan.FromHours(13));
        var after = await RunCheckAsync(agency.TenantId);
        factory.Clock.Advance(TimeSpan.FromHours(-15));

        Assert.True(resumed.Succeeded, resumed.Problem);
        Assert.Equal(Now.AddHours(14), resumed.Workflow!.CooldownUntil);
        Assert.Empty(during.Raised);
        Assert.Equal([mailbox.Address], during.HeldByCooldown);
        var stored = Assert.Single(await ListWorkflowsAsync(agency.TenantId, mailbox.Id));
        Assert.Contains("soft 8 of 100 sent (8%)", stored.CooldownSuppressedEvidence);
        Assert.Single(after.Raised);
    }

    [Fact]
    public async Task Scheduler_QueuesEachAgencyOncePerInterval()
    {
        var agency = await AgencySession.CreateAsync(factory, "Schedule Agency");
        await factory.UpdateSettingsAsync(agency.TenantId, settings => settings.HealthCheckIntervalHours = 6);

        var first = await RunSchedulerAsync();
        var lastAfterFirst = await LastCheckAsync(agency.TenantId);
        factory.Clock.Advance(TimeSpan.FromHours(5));
        await RunSchedulerAsync();
        var lastAfterFive = await LastCheckAsync(agency.TenantId);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await RunSchedulerAsync();
        var lastAfterSix = await LastCheckAsync(agency.TenantId);
        factory.Clock.Advance(TimeSpan.FromHours(-6));

        Assert.True(first >= 1);
        Assert.Equal(Now, lastAfterFirst);
        Assert.Equal(Now, lastAfterFive);
        Assert.Equal(Now.AddHours(6), lastAfterSix);
    }

    [Fact]
    public async Task Settings_InvalidHealthValues_AreRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Invalid Settings Agency");
        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<BouncePortal.Infrastructure.Settings.AgencySettingsService>();
        var settings = await service.GetAsync(agency.TenantId, CancellationToken.None);

        settings.HealthCheckIntervalHours = 0;
        var interval = await service.SaveAsync(agency.TenantId, settings, CancellationToken.None);
        settings.HealthCheckIntervalHours = 6;
        settings.SoftRateAlertPercent = 0.1;
        var threshold = await service.SaveAsync(agency.TenantId, settings, CancellationToken.None);

        Assert.Contains("between 1 and 168", interval.Summary);
        Assert.Contains("between 0.5% and 50%, not 0.1%", threshold.Summary);
    }

    /// <summary>
    /// Returns a Postfix log of 30 messages from one mailbox, a minute apart from <paramref name="start"/>:
    /// of each three, one rejected for a Spamhaus listing, one by Microsoft's S3150 block, one delivered.
    /// </summary>
    private static string BlocklistWaveLog(DateTimeOffset start)
    {
        const string spamhaus = "relay=mx.example.com[198.51.100.10]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (host mx.example.com[198.51.100.10] said: 554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org (in reply to RCPT TO command))";
        const string microsoft = "relay=contoso-corp-example.mail.protection.outlook.com[192.0.2.95]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (host contoso-corp-example.mail.protection.outlook.com[192.0.2.95] said: 550 5.7.1 Unfortunately, messages from [203.0.113.25] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). (in reply to MAIL FROM command))";
        const string delivered = "relay=mx.example.com[198.51.100.10]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok)";
        var log = new System.Text.StringBuilder();
        for (var i = 0; i < 30; i++)
        {
            var at = start.AddMinutes(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff+00:00", System.Globalization.CultureInfo.InvariantCulture);
            var queueId = $"00A{i:D7}";
            var (recipient, result) = (i % 3) switch
            {
                0 => ($"blk{i}@example.com", spamhaus),
                1 => ($"ms{i}@contoso-corp.example", microsoft),
                _ => ($"ok{i}@example.com", delivered),
            };
            log.Append($"{at} mta1 postfix/qmgr[2210]: {queueId}: from=<sam@acmeout.example.com>, size=4100, nrcpt=1 (queue active)\n");
            log.Append($"{at} mta1 postfix/smtp[3001]: {queueId}: to=<{recipient}>, {result}\n");
        }

        return log.ToString();
    }

    private Task<HealthCheckResult> RunCheckAsync(Guid tenantId) =>
        factory.WithServiceAsync<HealthCheckResult, HealthCheckService>(s => s.RunAsync(tenantId, CancellationToken.None));

    private Task<int> RunSchedulerAsync() =>
        factory.WithServiceAsync<int, HealthCheckSchedulerJob>(s => s.RunAsync(CancellationToken.None));

    private Task<IReadOnlyList<HealthAlert>> ListAlertsAsync(Guid tenantId, bool includeClosed) =>
        factory.WithServiceAsync<IReadOnlyList<HealthAlert>, AlertService>(s => s.ListAsync(tenantId, includeClosed, CancellationToken.None));

    private Task<IReadOnlyList<StopTheBleedWorkflow>> ListWorkflowsAsync(Guid tenantId, Guid mailboxId) =>
        factory.WithServiceAsync<IReadOnlyList<StopTheBleedWorkflow>, StopTheBleedService>(s => s.ListForMailboxAsync(tenantId, mailboxId, CancellationToken.None));

    private async Task<SendingMailbox> GetMailboxAsync(Guid tenantId, Guid mailboxId) =>
        (await factory.WithServiceAsync<SendingMailbox?, MailboxInventoryService>(s => s.GetAsync(tenantId, mailboxId, CancellationToken.None)))!;

    private async Task<DateTimeOffset?> LastCheckAsync(Guid tenantId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        return await db.Agencies.Where(a => a.Id == tenantId).Select(a => a.LastHealthCheckAt).SingleAsync();
    }
}

/// <summary>The health check tests on SQLite.</summary>
public sealed class HealthCheckSqliteTests(AlertsPortalFactory factory) : HealthCheckTests<AlertsPortalFactory>(factory);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class HealthCheckPostgreSqlTests(PostgreSqlAlertsPortalFactory factory) : HealthCheckTests<PostgreSqlAlertsPortalFactory>(factory);
