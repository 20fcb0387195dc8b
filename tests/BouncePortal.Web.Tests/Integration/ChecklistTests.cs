using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Alerts;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class ChecklistTests(ClockedPortalFactory factory) : IClassFixture<ClockedPortalFactory>
{
    private static readonly RemediationChecklist Reputation = Checklists.For(CauseFamily.Reputation);

    [Fact]
    public async Task Open_SameSubjectTwice_ReturnsSameChecklist()
    {
        var agency = await AgencySession.CreateAsync(factory, "Idempotent Checklist Agency");
        var request = new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "alert-17", Reputation, null);

        var first = await Opener().OpenAsync(request);
        var second = await Opener().OpenAsync(request);

        Assert.Equal(first, second);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(1, await db.Checklists.CountAsync());
        Assert.Equal(Reputation.Steps.Count, await db.ChecklistSteps.CountAsync(s => s.ChecklistId == first));
    }

    [Fact]
    public async Task Open_OtherSubjectKindSameId_OpensAnother()
    {
        var agency = await AgencySession.CreateAsync(factory, "Two Kinds Agency");

        var alert = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "7", Reputation, null));
        var workflow = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Workflow, "7", Reputation, null));

        Assert.NotEqual(alert, workflow);
    }

    [Fact]
    public async Task Open_EmptySubjectOrNoSteps_Throws()
    {
        var agency = await AgencySession.CreateAsync(factory, "Bad Request Agency");
        var empty = new RemediationChecklist(CauseFamily.Unknown, "Empty", []);

        await Assert.ThrowsAsync<ArgumentException>(() => Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, " ", Reputation, null)));
        await Assert.ThrowsAsync<ArgumentException>(() => Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "a", empty, null)));
    }

    [Fact]
    public async Task OpenForDiagnosis_MailboxSubject_LinksMailboxAndSteps()
    {
        var agency = await AgencySession.CreateAsync(factory, "Diagnosis Checklist Agency");
        var mailboxId = await AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        var diagnosisId = await AddDiagnosisAsync(agency.TenantId, "Anna@Outreach-Example.com", CauseFamily.SendingTooFast);

        var first = await Service().OpenForDiagnosisAsync(agency.TenantId, diagnosisId, CancellationToken.None);
        var again = await Service().OpenForDiagnosisAsync(agency.TenantId, diagnosisId, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(first, again);
        var detail = await Queries().GetAsync(agency.TenantId, first.Value, CancellationToken.None);
        Assert.NotNull(detail);
        Assert.Equal(mailboxId, detail.Checklist.MailboxId);
        Assert.Equal("anna@outreach-example.com", detail.MailboxAddress);
        Assert.Equal(Checklists.For(CauseFamily.SendingTooFast).Steps.Select(s => s.Why), detail.Checklist.Steps.Select(s => s.Why));
        Assert.StartsWith("Provider throttling on Anna@Outreach-Example.com: 38 of 200", detail.SubjectDescription);
    }

    [Fact]
    public async Task OpenForDiagnosis_MicrosoftThrottling_StoresMicrosoftSteps()
    {
        var agency = await AgencySession.CreateAsync(factory, "Microsoft Checklist Agency");
        var diagnosisId = await AddDiagnosisAsync(agency.TenantId, "Microsoft", CauseFamily.SendingTooFast);

        var opened = await Service().OpenForDiagnosisAsync(agency.TenantId, diagnosisId, CancellationToken.None);

        Assert.NotNull(opened);
        var steps = await StepsAsync(agency.TenantId, opened.Value);
        var microsoft = Checklists.For(CauseFamily.SendingTooFast, ReceivingProvider.Microsoft);
        Assert.Equal(microsoft.Steps.Select(s => s.Why), steps.Select(s => s.Why));
        Assert.DoesNotContain(steps, step => step.Why.Contains("Gmail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenForDiagnosis_OtherAgencysDiagnosis_ReturnsNull()
    {
        var owner = await AgencySession.CreateAsync(factory, "Diagnosis Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Diagnosis Other Agency");
        var diagnosisId = await AddDiagnosisAsync(owner.TenantId, "agency", CauseFamily.Greylisting);

        var opened = await Service().OpenForDiagnosisAsync(other.TenantId, diagnosisId, CancellationToken.None);

        Assert.Null(opened);
    }

    [Fact]
    public async Task Tick_RecordsWhoAndWhen_UntickClears()
    {
        var agency = await AgencySession.CreateAsync(factory, "Tick Agency");
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "tick", Checklists.For(CauseFamily.SenderSetup), null));
        var steps = await StepsAsync(agency.TenantId, checklistId);
        var actor = new ChecklistActor("user-1", "anna@agency.test");
        var tickedAt = factory.Clock.GetUtcNow();

        var ticked = await Service().SetStepDoneAsync(agency.TenantId, checklistId, steps[0].Id, true, actor, CancellationToken.None);

        Assert.True(ticked.IsSuccess);
        var afterTick = (await StepsAsync(agency.TenantId, checklistId))[0];
        Assert.Equal(tickedAt, afterTick.DoneAt);
        Assert.Equal("user-1", afterTick.DoneByUserId);
        Assert.Equal("anna@agency.test", afterTick.DoneByName);

        factory.Clock.Advance(TimeSpan.FromHours(2));
        await Service().SetStepDoneAsync(agency.TenantId, checklistId, steps[0].Id, true, new ChecklistActor("user-2", "ben"), CancellationToken.None);
        Assert.Equal("user-1", (await StepsAsync(agency.TenantId, checklistId))[0].DoneByUserId);

        await Service().SetStepDoneAsync(agency.TenantId, checklistId, steps[0].Id, false, actor, CancellationToken.None);
        var afterUntick = (await StepsAsync(agency.TenantId, checklistId))[0];
        Assert.Null(afterUntick.DoneAt);
        Assert.Null(afterUntick.DoneByUserId);
        Assert.Null(afterUntick.DoneByName);
    }

    [Fact]
    public async Task Tick_AgencyUser_RecordsDisplayName()
    {
        var agency = await AgencySession.CreateAsync(factory, "Display Name Agency");
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "named", Reputation, null));
        var step = (await StepsAsync(agency.TenantId, checklistId))[0];
        var owner = await UserAsync(agency.Email);

        await Service().SetStepDoneAsync(agency.TenantId, checklistId, step.Id, true, new ChecklistActor(owner.Id, agency.Email), CancellationToken.None);

        Assert.Equal("Test Owner", (await StepsAsync(agency.TenantId, checklistId))[0].DoneByName);
    }

    [Fact]
    public async Task TickAll_CompletesAndUntickReopens()
    {
        var agency = await AgencySession.CreateAsync(factory, "Complete Agency");
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Workflow, "wf-1", Checklists.For(CauseFamily.SenderSetup), null));
        var steps = await StepsAsync(agency.TenantId, checklistId);
        var actor = new ChecklistActor("user-1", "anna");

        foreach (var step in steps)
        {
            await Service().SetStepDoneAsync(agency.TenantId, checklistId, step.Id, true, actor, CancellationToken.None);
        }

        var completed = await Queries().GetAsync(agency.TenantId, checklistId, CancellationToken.None);
        Assert.Equal(ChecklistStatus.Completed, completed!.Checklist.Status);
        Assert.Equal(factory.Clock.GetUtcNow(), completed.Checklist.CompletedAt);

        await Service().SetStepDoneAsync(agency.TenantId, checklistId, steps[^1].Id, false, actor, CancellationToken.None);

        var reopened = await Queries().GetAsync(agency.TenantId, checklistId, CancellationToken.None);
        Assert.Equal(ChecklistStatus.Open, reopened!.Checklist.Status);
        Assert.Null(reopened.Checklist.CompletedAt);
    }

    [Fact]
    public async Task Progress_CountsDoneStepsPerChecklistMailboxAndAgency()
    {
        var agency = await AgencySession.CreateAsync(factory, "Progress Agency");
        var mailboxId = await AddMailboxAsync(agency.TenantId, "progress@outreach-example.com");
        var actor = new ChecklistActor("user-1", "anna");
        var reputation = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "p-1", Reputation, mailboxId));
        var setup = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "p-2", Checklists.For(CauseFamily.SenderSetup), null));
        var reputationSteps = await StepsAsync(agency.TenantId, reputation);
        foreach (var step in reputationSteps.Take(2))
        {
            await Service().SetStepDoneAsync(agency.TenantId, reputation, step.Id, true, actor, CancellationToken.None);
        }

        foreach (var step in await StepsAsync(agency.TenantId, setup))
        {
            await Service().SetStepDoneAsync(agency.TenantId, setup, step.Id, true, actor, CancellationToken.None);
        }

        var list = await Queries().ListAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal([reputation, setup], list.Select(s => s.Id));
        Assert.Equal(2, list[0].StepsDone);
        Assert.Equal(6, list[0].StepsTotal);
        Assert.Equal(100.0 * 2 / 6, list[0].PercentDone, precision: 6);

        var overview = await Queries().GetOverviewAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(new ChecklistOverview(1, 1, 2, 6), overview);

        var byMailbox = await Queries().ListOpenByMailboxAsync(agency.TenantId, CancellationToken.None);
        var mailboxChecklist = Assert.Single(Assert.Contains(mailboxId, byMailbox));
        Assert.Equal(reputation, mailboxChecklist.Id);
        Assert.Equal(2, mailboxChecklist.StepsDone);
    }

    [Fact]
    public async Task Assign_OwnUser_SetsNameAndNobodyClears()
    {
        var agency = await AgencySession.CreateAsync(factory, "Assign Agency");
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "assign", Reputation, null));
        var owner = await UserAsync(agency.Email);

        var assigned = await Service().AssignAsync(agency.TenantId, checklistId, owner.Id, CancellationToken.None);

        Assert.True(assigned.IsSuccess);
        var detail = await Queries().GetAsync(agency.TenantId, checklistId, CancellationToken.None);
        Assert.Equal(owner.Id, detail!.Checklist.AssigneeUserId);
        Assert.Equal("Test Owner", detail.Checklist.AssigneeName);
        Assert.Contains(await Queries().ListAssigneesAsync(agency.TenantId, CancellationToken.None), a => a.UserId == owner.Id);

        await Service().AssignAsync(agency.TenantId, checklistId, null, CancellationToken.None);
        Assert.Null((await Queries().GetAsync(agency.TenantId, checklistId, CancellationToken.None))!.Checklist.AssigneeUserId);
    }

    [Fact]
    public async Task Assign_UserOfOtherAgency_IsRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Assign Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Assign Other Agency");
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "assign-other", Reputation, null));
        var stranger = await UserAsync(other.Email);

        var result = await Service().AssignAsync(agency.TenantId, checklistId, stranger.Id, CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Contains("not a member of this agency", result.Problem);
        Assert.Null((await Queries().GetAsync(agency.TenantId, checklistId, CancellationToken.None))!.Checklist.AssigneeUserId);
        Assert.DoesNotContain(await Queries().ListAssigneesAsync(agency.TenantId, CancellationToken.None), a => a.UserId == stranger.Id);
    }

    [Fact]
    public async Task Notes_SavedTrimmedAndTooLongRejected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Notes Agency");
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "notes", Reputation, null));
        var step = (await StepsAsync(agency.TenantId, checklistId))[1];

        await Service().SetNotesAsync(agency.TenantId, checklistId, "  Paused both mailboxes.  ", CancellationToken.None);
        await Service().SetStepNotesAsync(agency.TenantId, checklistId, step.Id, "Warmup still on.", CancellationToken.None);
        var tooLong = await Service().SetNotesAsync(agency.TenantId, checklistId, new string('x', StoredChecklist.MaxNotesLength + 1), CancellationToken.None);

        var detail = await Queries().GetAsync(agency.TenantId, checklistId, CancellationToken.None);
        Assert.Equal("Paused both mailboxes.", detail!.Checklist.Notes);
        Assert.Equal("Warmup still on.", detail.Checklist.Steps.Single(s => s.Id == step.Id).Notes);
        Assert.Contains("at most 4000", tooLong.Problem);
    }

    [Fact]
    public async Task OtherAgency_CannotReadOrChangeChecklist()
    {
        var owner = await AgencySession.CreateAsync(factory, "Checklist Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Checklist Intruder Agency");
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(owner.TenantId, ChecklistSubjectKind.Alert, "private", Reputation, null));
        var step = (await StepsAsync(owner.TenantId, checklistId))[0];
        var intruder = await UserAsync(other.Email);
        var actor = new ChecklistActor(intruder.Id, other.Email);

        Assert.Null(await Queries().GetAsync(other.TenantId, checklistId, CancellationToken.None));
        Assert.Empty(await Queries().ListAsync(other.TenantId, CancellationToken.None));
        Assert.False((await Service().SetStepDoneAsync(other.TenantId, checklistId, step.Id, true, actor, CancellationToken.None)).Found);
        Assert.False((await Service().SetStepNotesAsync(other.TenantId, checklistId, step.Id, "mine", CancellationToken.None)).Found);
        Assert.False((await Service().SetNotesAsync(other.TenantId, checklistId, "mine", CancellationToken.None)).Found);
        Assert.False((await Service().AssignAsync(other.TenantId, checklistId, intruder.Id, CancellationToken.None)).Found);

        var stored = await Queries().GetAsync(owner.TenantId, checklistId, CancellationToken.None);
        Assert.Null(stored!.Checklist.Steps[0].DoneAt);
        Assert.Null(stored.Checklist.Notes);
        Assert.Null(stored.Checklist.AssigneeUserId);
    }

    [Fact]
    public async Task Pages_OwnerSeesChecklistOtherAgencyGetsNotFound()
    {
        var owner = await AgencySession.CreateAsync(factory, "Page Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Page Other Agency");
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(owner.TenantId, ChecklistSubjectKind.Workflow, "wf-page", Reputation, null));

        var page = await owner.GetPageAsync($"/checklists/{checklistId}");
        var list = await owner.GetPageAsync("/checklists");
        var otherResponse = await other.Client.GetAsync($"/checklists/{checklistId}");
        var otherList = await other.GetPageAsync("/checklists");

        Assert.Contains(Reputation.Title, page);
        Assert.Contains(Reputation.Steps[0].Why, page);
        Assert.Contains("A stop-the-bleed workflow no longer stored", page);
        Assert.DoesNotContain("wf-page", page);
        Assert.Contains($"checklists/{checklistId}", list);
        Assert.Equal(HttpStatusCode.NotFound, otherResponse.StatusCode);
        Assert.DoesNotContain(Reputation.Title, await otherResponse.Content.ReadAsStringAsync());
        Assert.Contains("checklists-empty", otherList);
    }

    [Fact]
    public async Task Page_ForeignOrUnknownId_ShowsNotFound()
    {
        var owner = await AgencySession.CreateAsync(factory, "Not Found Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Not Found Other Agency");
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(owner.TenantId, ChecklistSubjectKind.Alert, "not-found", Reputation, null));

        var otherAgencys = await other.Client.GetAsync($"/checklists/{checklistId}");
        var unknown = await other.Client.GetAsync($"/checklists/{Guid.NewGuid()}");

        var panels = new List<string>();
        foreach (var response in new[] { otherAgencys, unknown })
        {
            var body = await response.Content.ReadAsStringAsync();
            panels.Add(new HtmlParser().ParseDocument(body).QuerySelector("[data-testid=checklist-not-found]")?.OuterHtml ?? string.Empty);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("This checklist does not exist, or it belongs to another agency.", body);
            Assert.Contains("data-testid=\"checklist-not-found-back\"", body);
            Assert.Contains("<title>Checklist not found · BouncePortal</title>", body);
            Assert.Contains("Not Found Other Agency", body);
            Assert.DoesNotContain("Sorry, the content you are looking for does not exist.", body);
            Assert.DoesNotContain(Reputation.Title, body);
            Assert.DoesNotContain(Reputation.Steps[0].Action, body);
            Assert.DoesNotContain("Not Found Owner Agency", body);
            Assert.DoesNotContain(checklistId.ToString(), body);
        }

        Assert.Equal(panels[0], panels[1]);
    }

    [Fact]
    public async Task Dashboard_ShowsChecklistSummaryAndMailboxProgress()
    {
        var agency = await AgencySession.CreateAsync(factory, "Summary Agency");
        var mailboxId = await AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "sum", Reputation, mailboxId));
        var step = (await StepsAsync(agency.TenantId, checklistId))[0];
        await Service().SetStepDoneAsync(agency.TenantId, checklistId, step.Id, true, new ChecklistActor("u", "anna"), CancellationToken.None);

        var dashboard = await agency.GetPageAsync("/dashboard");
        var mailboxes = await agency.GetPageAsync("/mailboxes");

        Assert.Contains("1 open, 0 completed; 1 of 6 steps done", dashboard);
        Assert.Contains("data-testid=\"open-checklist\"", dashboard);
        Assert.Contains($"checklists/{checklistId}", mailboxes);
        Assert.Contains("data-done=\"1\" data-total=\"6\"", mailboxes);
    }

    [Fact]
    public async Task AlertRaisedAgain_AfterDismiss_ReusesOpenChecklist()
    {
        var agency = await AgencySession.CreateAsync(factory, "Raised Again Agency");
        var mailboxId = await AddMailboxAsync(agency.TenantId, "anna@raised-again.example");
        await factory.AddSendsAsync(agency.TenantId, "anna@raised-again.example", factory.Clock.GetUtcNow().AddHours(-1), sent: 200, soft: 12);
        var first = Assert.Single((await RunHealthCheckAsync(agency.TenantId)).Raised);
        var checklistId = first.ChecklistId!.Value;
        var step = (await StepsAsync(agency.TenantId, checklistId))[0];
        await Service().SetStepDoneAsync(agency.TenantId, checklistId, step.Id, true, new ChecklistActor("user-1", "anna"), CancellationToken.None);
        await Service().SetNotesAsync(agency.TenantId, checklistId, "Spamhaus lists the IP", CancellationToken.None);

        await DismissAsync(agency.TenantId, first.Id);
        var second = Assert.Single((await RunHealthCheckAsync(agency.TenantId)).Raised);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(checklistId, second.ChecklistId);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var stored = Assert.Single(await db.Checklists.AsNoTracking().Where(c => c.MailboxId == mailboxId).ToListAsync());
        Assert.Equal(first.Id.ToString(), stored.SubjectId);
        Assert.Equal("Spamhaus lists the IP", stored.Notes);
        Assert.NotNull((await StepsAsync(agency.TenantId, checklistId))[0].DoneAt);
        var storedAlert = await db.HealthAlerts.AsNoTracking().SingleAsync(a => a.Id == second.Id);
        Assert.Equal(checklistId, storedAlert.ChecklistId);
    }

    [Fact]
    public async Task AlertRaisedAgain_ChecklistCompleted_OpensNewOne()
    {
        var agency = await AgencySession.CreateAsync(factory, "Completed Again Agency");
        await AddMailboxAsync(agency.TenantId, "anna@completed-again.example");
        await factory.AddSendsAsync(agency.TenantId, "anna@completed-again.example", factory.Clock.GetUtcNow().AddHours(-1), sent: 200, soft: 12);
        var first = Assert.Single((await RunHealthCheckAsync(agency.TenantId)).Raised);
        foreach (var step in await StepsAsync(agency.TenantId, first.ChecklistId!.Value))
        {
            await Service().SetStepDoneAsync(agency.TenantId, first.ChecklistId.Value, step.Id, true, new ChecklistActor("user-1", "anna"), CancellationToken.None);
        }

        await DismissAsync(agency.TenantId, first.Id);
        var second = Assert.Single((await RunHealthCheckAsync(agency.TenantId)).Raised);

        Assert.NotNull(second.ChecklistId);
        Assert.NotEqual(first.ChecklistId, second.ChecklistId);
        var opened = await Queries().GetAsync(agency.TenantId, second.ChecklistId.Value, CancellationToken.None);
        Assert.Equal(second.Id.ToString(), opened!.Checklist.SubjectId);
        Assert.Equal(ChecklistStatus.Open, opened.Checklist.Status);
    }

    [Fact]
    public async Task Open_ReuseOtherMailboxOrFamily_OpensNewOne()
    {
        var agency = await AgencySession.CreateAsync(factory, "Reuse Scope Agency");
        var other = await AgencySession.CreateAsync(factory, "Reuse Scope Other Agency");
        var anna = await AddMailboxAsync(agency.TenantId, "anna@reuse-scope.example");
        var ben = await AddMailboxAsync(agency.TenantId, "ben@reuse-scope.example");
        var first = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "first", Reputation, anna) { ReuseOpenOfMailbox = true });

        var sameMailbox = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "again", Reputation, anna) { ReuseOpenOfMailbox = true });
        var otherFamily = await Opener().OpenAsync(
            new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "setup", Checklists.For(CauseFamily.SenderSetup), anna) { ReuseOpenOfMailbox = true });
        var otherMailbox = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "ben", Reputation, ben) { ReuseOpenOfMailbox = true });
        var withoutReuse = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "plain", Reputation, anna));
        var otherAgency = await Opener().OpenAsync(new ChecklistRequest(other.TenantId, ChecklistSubjectKind.Alert, "first", Reputation, anna) { ReuseOpenOfMailbox = true });

        Assert.Equal(first, sameMailbox);
        Assert.NotEqual(first, otherFamily);
        Assert.NotEqual(first, otherMailbox);
        Assert.NotEqual(first, withoutReuse);
        Assert.NotEqual(first, otherAgency);
    }

    [Fact]
    public async Task OpenForDiagnosis_AlertChecklist_IsShared()
    {
        var agency = await AgencySession.CreateAsync(factory, "Shared Alert Checklist Agency");
        var anna = await AddMailboxAsync(agency.TenantId, "anna@shared-alert.example");
        var fromAlert = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, Guid.NewGuid().ToString(), Reputation, anna) { ReuseOpenOfMailbox = true });
        var setupAlert = await Opener().OpenAsync(
            new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, Guid.NewGuid().ToString(), Checklists.For(CauseFamily.SenderSetup), anna) { ReuseOpenOfMailbox = true });
        var diagnosisId = await AddDiagnosisAsync(agency.TenantId, "anna@shared-alert.example", CauseFamily.Reputation);

        var fromDiagnosis = await Service().OpenForDiagnosisAsync(agency.TenantId, diagnosisId, CancellationToken.None);

        Assert.Equal(fromAlert, fromDiagnosis);
        Assert.NotEqual(setupAlert, fromDiagnosis);
    }

    [Fact]
    public async Task OpenForAlert_DiagnosisChecklist_IsShared()
    {
        var agency = await AgencySession.CreateAsync(factory, "Shared Diagnosis Checklist Agency");
        var other = await AgencySession.CreateAsync(factory, "Shared Diagnosis Other Agency");
        var anna = await AddMailboxAsync(agency.TenantId, "anna@shared-diagnosis.example");
        var diagnosisId = await AddDiagnosisAsync(agency.TenantId, "anna@shared-diagnosis.example", CauseFamily.Reputation);
        var fromDiagnosis = await Service().OpenForDiagnosisAsync(agency.TenantId, diagnosisId, CancellationToken.None);

        var fromAlert = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, Guid.NewGuid().ToString(), Reputation, anna) { ReuseOpenOfMailbox = true });
        var otherAgency = await Opener().OpenAsync(new ChecklistRequest(other.TenantId, ChecklistSubjectKind.Alert, Guid.NewGuid().ToString(), Reputation, anna) { ReuseOpenOfMailbox = true });

        Assert.Equal(fromDiagnosis, fromAlert);
        Assert.NotEqual(fromDiagnosis, otherAgency);
    }

    [Fact]
    public async Task GroupPause_Checklist_ShowsForEveryMailbox()
    {
        var agency = await AgencySession.CreateAsync(factory, "Group Checklist Agency");
        var other = await AgencySession.CreateAsync(factory, "Group Checklist Other Agency");
        var anna = await AddMailboxAsync(agency.TenantId, "anna@group-checklist.example");
        var ben = await AddMailboxAsync(agency.TenantId, "ben@group-checklist.example");
        var workflow = await PauseAsync(agency.TenantId, [anna, ben]);
        var checklistId = workflow.ChecklistId!.Value;

        var byMailbox = await Queries().ListOpenByMailboxAsync(agency.TenantId, CancellationToken.None);
        var forAnna = await Queries().ListOpenForMailboxAsync(agency.TenantId, anna, CancellationToken.None);
        var forBen = await Queries().ListOpenForMailboxAsync(agency.TenantId, ben, CancellationToken.None);
        var fromOtherAgency = await Queries().ListOpenForMailboxAsync(other.TenantId, anna, CancellationToken.None);
        var mailboxesPage = await agency.GetPageAsync("/mailboxes");

        Assert.Equal(checklistId, Assert.Single(Assert.Contains(anna, byMailbox)).Id);
        Assert.Equal(checklistId, Assert.Single(Assert.Contains(ben, byMailbox)).Id);
        Assert.Equal(checklistId, Assert.Single(forAnna).Id);
        Assert.Equal("Pause of anna@group-checklist.example, ben@group-checklist.example", forAnna[0].SubjectName);
        Assert.Equal(checklistId, Assert.Single(forBen).Id);
        Assert.Empty(fromOtherAgency);
        Assert.Empty(await Queries().ListOpenByMailboxAsync(other.TenantId, CancellationToken.None));
        Assert.Equal(2, CountOf(mailboxesPage, $"checklists/{checklistId}"));
    }

    [Fact]
    public async Task MailboxPage_LinksOpenChecklists()
    {
        var agency = await AgencySession.CreateAsync(factory, "Mailbox Checklist Links Agency");
        var anna = await AddMailboxAsync(agency.TenantId, "anna@checklist-links.example");
        var alertChecklist = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "links", Reputation, anna));
        var completed = await Opener().OpenAsync(new ChecklistRequest(agency.TenantId, ChecklistSubjectKind.Alert, "done", Checklists.For(CauseFamily.SenderSetup), anna));
        foreach (var step in await StepsAsync(agency.TenantId, completed))
        {
            await Service().SetStepDoneAsync(agency.TenantId, completed, step.Id, true, new ChecklistActor("user-1", "anna"), CancellationToken.None);
        }

        var workflow = await PauseAsync(agency.TenantId, [anna]);

        var page = await agency.GetPageAsync($"/mailboxes/{anna}");

        Assert.Contains($"href=\"checklists/{alertChecklist}\" data-testid=\"mailbox-checklist-link\"", page);
        Assert.Contains($"href=\"checklists/{workflow.ChecklistId}\" data-testid=\"mailbox-checklist-link\"", page);
        Assert.Contains($"href=\"checklists/{workflow.ChecklistId}\" data-testid=\"timeline-checklist\"", page);
        Assert.DoesNotContain($"checklists/{completed}", page);
    }

    [Fact]
    public async Task DiagnosisChecklist_ShowsAffectedWithMailboxLinks()
    {
        var agency = await AgencySession.CreateAsync(factory, "Affected List Agency");
        var anna = await AddMailboxAsync(agency.TenantId, "anna@outreach-example.com");
        var diagnosisId = await AddDiagnosisAsync(
            agency.TenantId, "agency", CauseFamily.SendingTooFast, "Anna@Outreach-Example.com\nben@outreach-example.net\ngmail.com");
        var checklistId = await Service().OpenForDiagnosisAsync(agency.TenantId, diagnosisId, CancellationToken.None);

        var detail = await Queries().GetAsync(agency.TenantId, checklistId!.Value, CancellationToken.None);
        var page = await agency.GetPageAsync($"/checklists/{checklistId}");

        Assert.Equal(
            [
                new AffectedItem("Anna@Outreach-Example.com", anna),
                new AffectedItem("ben@outreach-example.net", null),
                new AffectedItem("gmail.com", null),
            ],
            detail!.Affected);
        Assert.Contains($"href=\"mailboxes/{anna}\" data-testid=\"checklist-affected-mailbox\"", page);
        Assert.Equal(2, CountOf(page, "data-testid=\"checklist-affected-item\""));
        Assert.Contains("Affected:", page);
    }

    [Fact]
    public async Task DiagnosisChecklist_CauseInTwoUploads_ListsBoth()
    {
        var agency = await AgencySession.CreateAsync(factory, "Affected Union Agency");
        var other = await AgencySession.CreateAsync(factory, "Affected Union Other Agency");
        var older = await AddCompletedDiagnosisAsync(agency.TenantId, DateTimeOffset.UtcNow.AddDays(-2), "anna@outreach-example.com\nben@outreach-example.com");
        await AddCompletedDiagnosisAsync(agency.TenantId, DateTimeOffset.UtcNow.AddDays(-1), "carl@outreach-example.com\nanna@outreach-example.com");
        await AddCompletedDiagnosisAsync(other.TenantId, DateTimeOffset.UtcNow, "dora@outreach-example.com");
        var checklistId = await Service().OpenForDiagnosisAsync(agency.TenantId, older, CancellationToken.None);

        var detail = await Queries().GetAsync(agency.TenantId, checklistId!.Value, CancellationToken.None);

        Assert.Equal(
            ["carl@outreach-example.com", "anna@outreach-example.com", "ben@outreach-example.com"],
            detail!.Affected.Select(item => item.Value));
    }

    [Fact]
    public async Task DiagnosisChecklist_OtherAgencysMailbox_NotLinked()
    {
        var agency = await AgencySession.CreateAsync(factory, "Affected Own Agency");
        var other = await AgencySession.CreateAsync(factory, "Affected Other Agency");
        var othersBen = await AddMailboxAsync(other.TenantId, "ben@outreach-example.net");
        var diagnosisId = await AddDiagnosisAsync(agency.TenantId, "ben@outreach-example.net", CauseFamily.Reputation, "ben@outreach-example.net");
        var checklistId = await Service().OpenForDiagnosisAsync(agency.TenantId, diagnosisId, CancellationToken.None);

        var detail = await Queries().GetAsync(agency.TenantId, checklistId!.Value, CancellationToken.None);
        var page = await agency.GetPageAsync($"/checklists/{checklistId}");

        Assert.Equal([new AffectedItem("ben@outreach-example.net", null)], detail!.Affected);
        Assert.DoesNotContain(othersBen.ToString(), page);
        Assert.Empty(await Queries().ListAsync(other.TenantId, CancellationToken.None));
    }

    [Fact]
    public async Task DiagnosisChecklist_NoUploadFindsCause_ShowsEmptyState()
    {
        var agency = await AgencySession.CreateAsync(factory, "Affected Deleted Agency");
        var finding = await AddFindingAsync(agency.TenantId, "agency", CauseFamily.Reputation, "gmail.com", DateTimeOffset.UtcNow);
        var checklistId = await Service().OpenForDiagnosisAsync(agency.TenantId, finding.DiagnosisId, CancellationToken.None);
        await DeleteUploadAsync(agency.TenantId, finding.UploadId);

        var detail = await Queries().GetAsync(agency.TenantId, checklistId!.Value, CancellationToken.None);
        var page = await agency.GetPageAsync($"/checklists/{checklistId}");

        Assert.Empty(detail!.Affected);
        Assert.Empty(detail.CauseFileNames);
        Assert.Null(detail.SubjectDescription);
        Assert.Equal("Provider throttling on agency", detail.SubjectName);
        Assert.Contains("Provider throttling on agency", page);
        Assert.Contains("data-testid=\"checklist-cause-gone\"", page);
        Assert.Contains("No completed upload finds this cause now", page);
        Assert.DoesNotContain("checklist-affected", page);
        Assert.DoesNotContain("checklist-cause-uploads", page);
    }

    [Fact]
    public async Task DiagnosisChecklist_CauseFound_NamesUploads()
    {
        var agency = await AgencySession.CreateAsync(factory, "Cause Uploads Agency");
        var older = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, "anna@outreach-example.com", DateTimeOffset.UtcNow.AddDays(-1), "monday.log");
        await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, "ben@outreach-example.com", DateTimeOffset.UtcNow, "tuesday.log");
        var checklistId = await Service().OpenForDiagnosisAsync(agency.TenantId, older.DiagnosisId, CancellationToken.None);

        var detail = await Queries().GetAsync(agency.TenantId, checklistId!.Value, CancellationToken.None);
        var page = await agency.GetPageAsync($"/checklists/{checklistId}");

        Assert.Equal(["tuesday.log", "monday.log"], detail!.CauseFileNames);
        Assert.Contains("Found in 2 uploads: tuesday.log, monday.log", page);
        Assert.DoesNotContain("checklist-cause-gone", page);
    }

    [Fact]
    public async Task DiagnosisChecklist_UploadDeleted_KeptAndReused()
    {
        var agency = await AgencySession.CreateAsync(factory, "Cause Survives Agency");
        var monday = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, "anna@outreach-example.com", DateTimeOffset.UtcNow.AddDays(-1), "monday.log");
        var tuesday = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, "ben@outreach-example.com", DateTimeOffset.UtcNow, "tuesday.log");
        var checklistId = (await Service().OpenForDiagnosisAsync(agency.TenantId, monday.DiagnosisId, CancellationToken.None))!.Value;
        var step = (await StepsAsync(agency.TenantId, checklistId))[0];
        await Service().SetStepDoneAsync(agency.TenantId, checklistId, step.Id, true, new ChecklistActor("user-1", "anna"), CancellationToken.None);

        await DeleteUploadAsync(agency.TenantId, monday.UploadId);

        var detail = await Queries().GetAsync(agency.TenantId, checklistId, CancellationToken.None);
        Assert.Equal("Provider throttling on gmail.com", detail!.SubjectName);
        Assert.Equal([new AffectedItem("ben@outreach-example.com", null)], detail.Affected);
        Assert.Equal(["tuesday.log"], detail.CauseFileNames);
        Assert.StartsWith("Provider throttling on gmail.com: 38 of 200", detail.SubjectDescription);

        var merged = Assert.Single((await Scope().GetRequiredService<DiagnosisListService>().ListAsync(agency.TenantId, CancellationToken.None)).Diagnoses);
        var opened = await Queries().ListByCauseAsync(agency.TenantId, CancellationToken.None);
        Assert.Equal(checklistId, merged.FindChecklist(opened)?.Id);

        var reopened = await Service().OpenForDiagnosisAsync(agency.TenantId, tuesday.DiagnosisId, CancellationToken.None);
        Assert.Equal(checklistId, reopened);
        await using var db = factory.OpenDatabase(agency.TenantId);
        Assert.Equal(1, await db.Checklists.CountAsync());
        Assert.NotNull((await StepsAsync(agency.TenantId, checklistId))[0].DoneAt);
    }

    [Fact]
    public async Task DiagnosisChecklist_CauseInEveryUpload_OpensOne()
    {
        var agency = await AgencySession.CreateAsync(factory, "One Cause Agency");
        var monday = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, null, DateTimeOffset.UtcNow.AddDays(-1));
        var tuesday = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, null, DateTimeOffset.UtcNow);
        var otherSubject = await AddFindingAsync(agency.TenantId, "yahoo.com", CauseFamily.SendingTooFast, null, DateTimeOffset.UtcNow);

        var fromMonday = await Service().OpenForDiagnosisAsync(agency.TenantId, monday.DiagnosisId, CancellationToken.None);
        var fromTuesday = await Service().OpenForDiagnosisAsync(agency.TenantId, tuesday.DiagnosisId, CancellationToken.None);
        var forYahoo = await Service().OpenForDiagnosisAsync(agency.TenantId, otherSubject.DiagnosisId, CancellationToken.None);

        Assert.Equal(fromMonday, fromTuesday);
        Assert.NotEqual(fromMonday, forYahoo);
        await using var db = factory.OpenDatabase(agency.TenantId);
        var stored = await db.Checklists.AsNoTracking().SingleAsync(c => c.Id == fromMonday);
        Assert.Equal(CauseChecklistKey.For(DiagnosisKind.ProviderThrottling, "gmail.com"), stored.SubjectId);
    }

    [Fact]
    public async Task DiagnosisChecklist_RowIdKey_StillResolves()
    {
        var agency = await AgencySession.CreateAsync(factory, "Row Id Key Agency");
        var monday = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, "anna@outreach-example.com", DateTimeOffset.UtcNow.AddDays(-1));
        var tuesday = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, null, DateTimeOffset.UtcNow);
        var checklistId = await Opener().OpenAsync(new ChecklistRequest(
            agency.TenantId, ChecklistSubjectKind.Diagnosis, monday.DiagnosisId.ToString(CultureInfo.InvariantCulture), Checklists.For(CauseFamily.SendingTooFast), null));

        var reopened = await Service().OpenForDiagnosisAsync(agency.TenantId, tuesday.DiagnosisId, CancellationToken.None);
        var opened = await Queries().ListByCauseAsync(agency.TenantId, CancellationToken.None);
        var detail = await Queries().GetAsync(agency.TenantId, checklistId, CancellationToken.None);

        Assert.Equal(checklistId, reopened);
        Assert.Equal(checklistId, opened[CauseChecklistKey.For(DiagnosisKind.ProviderThrottling, "gmail.com")].Id);
        Assert.Equal("Provider throttling on gmail.com", detail!.SubjectName);
        Assert.Equal(["anna@outreach-example.com"], detail.Affected.Select(item => item.Value));
    }

    [Fact]
    public async Task DiagnosisChecklist_SameCauseOtherAgency_NeverShared()
    {
        var agency = await AgencySession.CreateAsync(factory, "Cause Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Cause Neighbour Agency");
        var anna = await AddMailboxAsync(agency.TenantId, "anna@shared-cause.example");
        var othersAnna = await AddMailboxAsync(other.TenantId, "anna@shared-cause.example");
        var owned = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, "anna@shared-cause.example\nkept-private@shared-cause.example", DateTimeOffset.UtcNow);
        var neighbours = await AddFindingAsync(other.TenantId, "gmail.com", CauseFamily.SendingTooFast, "anna@shared-cause.example\nneighbour-only@shared-cause.example", DateTimeOffset.UtcNow);
        var checklistId = (await Service().OpenForDiagnosisAsync(agency.TenantId, owned.DiagnosisId, CancellationToken.None))!.Value;

        Assert.Empty(await Queries().ListByCauseAsync(other.TenantId, CancellationToken.None));
        Assert.Empty(await Queries().ListOpenForMailboxAsync(other.TenantId, othersAnna, CancellationToken.None));
        Assert.Null(await Queries().GetAsync(other.TenantId, checklistId, CancellationToken.None));
        Assert.DoesNotContain(checklistId.ToString(), await other.GetPageAsync($"/mailboxes/{othersAnna}"));
        Assert.Equal(checklistId, Assert.Single(await Queries().ListOpenForMailboxAsync(agency.TenantId, anna, CancellationToken.None)).Id);

        var neighboursChecklist = await Service().OpenForDiagnosisAsync(other.TenantId, neighbours.DiagnosisId, CancellationToken.None);

        Assert.NotNull(neighboursChecklist);
        Assert.NotEqual(checklistId, neighboursChecklist);
        var detail = await Queries().GetAsync(agency.TenantId, checklistId, CancellationToken.None);
        Assert.Equal(["anna@shared-cause.example", "kept-private@shared-cause.example"], detail!.Affected.Select(item => item.Value));
        Assert.Equal(anna, detail.Affected[0].MailboxId);
        var neighboursDetail = await Queries().GetAsync(other.TenantId, neighboursChecklist.Value, CancellationToken.None);
        Assert.Equal(["anna@shared-cause.example", "neighbour-only@shared-cause.example"], neighboursDetail!.Affected.Select(item => item.Value));
        Assert.Equal(othersAnna, neighboursDetail.Affected[0].MailboxId);
    }

    [Fact]
    public async Task MailboxPage_ListsChecklistsOfAffectingCauses()
    {
        var agency = await AgencySession.CreateAsync(factory, "Cause Mailbox Agency");
        var anna = await AddMailboxAsync(agency.TenantId, "anna@cause-mailbox.example");
        var ben = await AddMailboxAsync(agency.TenantId, "ben@cause-mailbox.example");
        var carl = await AddMailboxAsync(agency.TenantId, "carl@cause-mailbox.example");
        var affecting = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, "Anna@Cause-Mailbox.example\nyahoo.com", DateTimeOffset.UtcNow);
        var aboutBen = await AddFindingAsync(agency.TenantId, "ben@cause-mailbox.example", CauseFamily.Reputation, null, DateTimeOffset.UtcNow);
        var completedCause = await AddFindingAsync(agency.TenantId, "hotmail.com", CauseFamily.SendingTooFast, "anna@cause-mailbox.example", DateTimeOffset.UtcNow);
        var affectingChecklist = (await Service().OpenForDiagnosisAsync(agency.TenantId, affecting.DiagnosisId, CancellationToken.None))!.Value;
        var benChecklist = (await Service().OpenForDiagnosisAsync(agency.TenantId, aboutBen.DiagnosisId, CancellationToken.None))!.Value;
        var completed = (await Service().OpenForDiagnosisAsync(agency.TenantId, completedCause.DiagnosisId, CancellationToken.None))!.Value;
        foreach (var step in await StepsAsync(agency.TenantId, completed))
        {
            await Service().SetStepDoneAsync(agency.TenantId, completed, step.Id, true, new ChecklistActor("user-1", "anna"), CancellationToken.None);
        }

        var forAnna = await Queries().ListOpenForMailboxAsync(agency.TenantId, anna, CancellationToken.None);
        var byMailbox = await Queries().ListOpenByMailboxAsync(agency.TenantId, CancellationToken.None);
        var annaPage = await agency.GetPageAsync($"/mailboxes/{anna}");
        var benPage = await agency.GetPageAsync($"/mailboxes/{ben}");
        var carlPage = await agency.GetPageAsync($"/mailboxes/{carl}");

        var listed = Assert.Single(forAnna);
        Assert.Equal(affectingChecklist, listed.Id);
        Assert.Equal("Provider throttling on gmail.com", listed.SubjectName);
        Assert.Contains($"href=\"checklists/{affectingChecklist}\" data-testid=\"mailbox-checklist-link\"", annaPage);
        Assert.Contains("Provider throttling on gmail.com", annaPage);
        Assert.DoesNotContain($"checklists/{completed}", annaPage);
        Assert.DoesNotContain($"checklists/{benChecklist}", annaPage);
        Assert.Contains($"href=\"checklists/{benChecklist}\" data-testid=\"mailbox-checklist-link\"", benPage);
        Assert.DoesNotContain($"checklists/{affectingChecklist}", benPage);
        Assert.DoesNotContain("mailbox-checklist-link", carlPage);
        Assert.Equal(affectingChecklist, Assert.Single(Assert.Contains(anna, byMailbox)).Id);
        Assert.Equal(benChecklist, Assert.Single(Assert.Contains(ben, byMailbox)).Id);
        Assert.DoesNotContain(carl, byMailbox.Keys);
    }

    [Fact]
    public async Task MailboxPage_CauseGone_KeepsSubjectMailbox()
    {
        var agency = await AgencySession.CreateAsync(factory, "Cause Gone Mailbox Agency");
        var anna = await AddMailboxAsync(agency.TenantId, "anna@cause-gone.example");
        var ben = await AddMailboxAsync(agency.TenantId, "ben@cause-gone.example");
        var affecting = await AddFindingAsync(agency.TenantId, "gmail.com", CauseFamily.SendingTooFast, "anna@cause-gone.example", DateTimeOffset.UtcNow);
        var aboutBen = await AddFindingAsync(agency.TenantId, "ben@cause-gone.example", CauseFamily.Reputation, null, DateTimeOffset.UtcNow);
        var affectingChecklist = await Service().OpenForDiagnosisAsync(agency.TenantId, affecting.DiagnosisId, CancellationToken.None);
        var benChecklist = await Service().OpenForDiagnosisAsync(agency.TenantId, aboutBen.DiagnosisId, CancellationToken.None);

        await DeleteUploadAsync(agency.TenantId, affecting.UploadId);
        await DeleteUploadAsync(agency.TenantId, aboutBen.UploadId);

        Assert.Empty(await Queries().ListOpenForMailboxAsync(agency.TenantId, anna, CancellationToken.None));
        Assert.Equal(benChecklist, Assert.Single(await Queries().ListOpenForMailboxAsync(agency.TenantId, ben, CancellationToken.None)).Id);
        Assert.NotNull(affectingChecklist);
    }

    private async Task<StopTheBleedWorkflow> PauseAsync(Guid tenantId, IReadOnlyList<Guid> mailboxIds)
    {
        var paused = await Scope().GetRequiredService<StopTheBleedService>().PauseAsync(
            tenantId, new PauseRequest(mailboxIds, 48, 0.4, "Soft rate 8%"), new WorkflowActor("owner@example.com", null), CancellationToken.None);
        Assert.True(paused.Succeeded, paused.Problem);
        return paused.Workflow!;
    }

    private static int CountOf(string text, string value) =>
        (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    private Task<HealthCheckResult> RunHealthCheckAsync(Guid tenantId) =>
        Scope().GetRequiredService<HealthCheckService>().RunAsync(tenantId, CancellationToken.None);

    private async Task DismissAsync(Guid tenantId, Guid alertId) =>
        Assert.True(await Scope().GetRequiredService<AlertService>().DismissAsync(tenantId, alertId, "staff", CancellationToken.None));

    private IChecklistOpener Opener() => Scope().GetRequiredService<IChecklistOpener>();

    private ChecklistService Service() => Scope().GetRequiredService<ChecklistService>();

    private ChecklistQueryService Queries() => Scope().GetRequiredService<ChecklistQueryService>();

    private IServiceProvider Scope() => factory.Services.CreateScope().ServiceProvider;

    private async Task<List<StoredChecklistStep>> StepsAsync(Guid tenantId, Guid checklistId)
    {
        await using var db = factory.OpenDatabase(tenantId);
        return await db.ChecklistSteps.AsNoTracking().Where(s => s.ChecklistId == checklistId).OrderBy(s => s.Position).ToListAsync();
    }

    private async Task<ApplicationUser> UserAsync(string email) =>
        await Scope().GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No user {email}.");

    private async Task<Guid> AddMailboxAsync(Guid tenantId, string address)
    {
        var result = await Scope().GetRequiredService<MailboxInventoryService>()
            .AddAsync(tenantId, new MailboxDraft { Address = address }, CancellationToken.None);
        Assert.True(result.Succeeded, result.Problem);
        return result.Mailbox!.Id;
    }

    private async Task<long> AddCompletedDiagnosisAsync(Guid tenantId, DateTimeOffset uploadedAt, string affected) =>
        (await AddFindingAsync(tenantId, "gmail.com", CauseFamily.SendingTooFast, affected, uploadedAt)).DiagnosisId;

    private async Task<long> AddDiagnosisAsync(Guid tenantId, string subject, CauseFamily family, string? affected = null) =>
        (await AddFindingAsync(tenantId, subject, family, affected, DateTimeOffset.UtcNow)).DiagnosisId;

    /// <summary>Stores a completed upload with one provider throttling diagnosis on <paramref name="subject"/>.</summary>
    private async Task<(Guid UploadId, long DiagnosisId)> AddFindingAsync(
        Guid tenantId, string subject, CauseFamily family, string? affected, DateTimeOffset uploadedAt, string fileName = "maillog")
    {
        await using var db = factory.OpenDatabase(tenantId);
        var upload = new Upload { Id = Guid.NewGuid(), TenantId = tenantId, FileName = fileName, Status = UploadStatus.Completed, UploadedAt = uploadedAt, ContentSha256 = Guid.NewGuid().ToString("N") };
        var diagnosis = new StoredDiagnosis
        {
            TenantId = tenantId,
            UploadId = upload.Id,
            Kind = DiagnosisKind.ProviderThrottling,
            Severity = DiagnosisSeverity.High,
            Subject = subject,
            Evidence = "38 of 200 sends got 421 4.7.28 from Gmail within one hour.",
            Affected = affected,
            Family = family,
        };
        db.Uploads.Add(upload);
        db.Diagnoses.Add(diagnosis);
        await db.SaveChangesAsync();
        return (upload.Id, diagnosis.Id);
    }

    private async Task DeleteUploadAsync(Guid tenantId, Guid uploadId) =>
        Assert.True(await Scope().GetRequiredService<UploadService>().DeleteAsync(tenantId, uploadId, CancellationToken.None));
}
