using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Mailboxes;
using BouncePortal.Web.Tests.Alerts;
using BouncePortal.Web.Tests.Support;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The mailbox pages' forms and panels. Out-of-range numbers are rejected with a message instead
/// of being changed, and the pause reason starts from an open alert only. Closing a workflow
/// before its ramp ends needs a confirmation, and ramp plans carry distinct labels.
/// </summary>
public sealed class MailboxPanelTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Fact]
    public async Task PauseForm_HoursAboveRange_IsRejected()
    {
        var (member, mailboxId) = await MailboxAsync("Pause Range", AgencyRole.Staff);
        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        form.Find("input[data-testid=pause-hours]").Change("100");
        form.Find("[data-testid=confirm-pause]").Click();

        var error = form.WaitForElement("[data-testid=pause-error]").TextContent;
        Assert.Contains("100", error);
        Assert.Contains("24 to 48 hours", error);
        Assert.Empty(await Workflows.ListForMailboxAsync(member.TenantId, mailboxId, CancellationToken.None));
    }

    [Fact]
    public async Task PauseForm_PercentAboveRange_IsRejected()
    {
        var (member, mailboxId) = await MailboxAsync("Percent Range", AgencyRole.Staff);
        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        form.Find("input[data-testid=pause-percent]").Change("90");
        form.Find("[data-testid=confirm-pause]").Click();

        var error = form.WaitForElement("[data-testid=pause-error]").TextContent;
        Assert.Contains("90%", error);
        Assert.Contains("30% to 50%", error);
        Assert.Empty(await Workflows.ListForMailboxAsync(member.TenantId, mailboxId, CancellationToken.None));
    }

    [Fact]
    public async Task PauseForm_DecimalHoursAndPercentAbove_ShowsBoth()
    {
        var (member, mailboxId) = await MailboxAsync("Decimal Hours", AgencyRole.Staff);
        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        form.Find("input[data-testid=pause-hours]").Change("36.5");
        form.Find("input[data-testid=pause-percent]").Change("90");
        form.Find("textarea[data-testid=pause-reason]").Change("Soft rate 8%");
        form.Find("[data-testid=confirm-pause]").Click();

        form.WaitForElement("[data-testid=pause-error]");
        var problems = form.FindAll("[data-testid=pause-problem]").Select(p => p.TextContent).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains("pause length 36.5 is not a whole number", problems[0]);
        Assert.Contains("24 to 48", problems[0]);
        Assert.Contains("Resuming at 90% is outside 30% to 50%", problems[1]);
        Assert.DoesNotContain(problems, p => p.Contains("0 hours", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("valid number", StringComparison.Ordinal));
        Assert.Equal("36.5", form.Find("input[data-testid=pause-hours]").GetAttribute("value"));
        Assert.Empty(await Workflows.ListForMailboxAsync(member.TenantId, mailboxId, CancellationToken.None));
    }

    [Fact]
    public async Task PauseForm_EmptyHours_IsRejected()
    {
        var (member, mailboxId) = await MailboxAsync("Empty Hours", AgencyRole.Staff);
        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        form.Find("input[data-testid=pause-hours]").Change(string.Empty);
        form.Find("textarea[data-testid=pause-reason]").Change("Soft rate 8%");
        form.Find("[data-testid=confirm-pause]").Click();

        var problem = Assert.Single(form.WaitForElements("[data-testid=pause-problem]")).TextContent;
        Assert.Contains("pause length is missing", problem);
        Assert.Empty(await Workflows.ListForMailboxAsync(member.TenantId, mailboxId, CancellationToken.None));
    }

    [Fact]
    public async Task PauseForm_WholeValues_Pause()
    {
        var (member, mailboxId) = await MailboxAsync("Whole Hours", AgencyRole.Staff);
        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        form.Find("input[data-testid=pause-hours]").Change("36");
        form.Find("input[data-testid=pause-percent]").Change("35");
        form.Find("textarea[data-testid=pause-reason]").Change("Soft rate 8%");
        form.Find("[data-testid=confirm-pause]").Click();

        var workflows = await WaitUntilAsync(
            () => Workflows.ListForMailboxAsync(member.TenantId, mailboxId, CancellationToken.None), listed => listed.Count > 0);
        var workflow = Assert.Single(workflows);
        Assert.Equal(36, workflow.PauseHours);
        Assert.Equal(0.35, workflow.ResumeFraction, precision: 6);
    }

    [Fact]
    public async Task PauseForm_Inputs_KeepTheirRange()
    {
        var (member, mailboxId) = await MailboxAsync("Pause Bounds", AgencyRole.Staff);
        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        var hours = form.Find("input[data-testid=pause-hours]");

        Assert.Equal("24", hours.GetAttribute("min"));
        Assert.Equal("48", hours.GetAttribute("max"));
    }

    [Fact]
    public async Task PauseForm_OpenAlert_PrefillsItsTitle()
    {
        var (member, mailboxId) = await MailboxAsync("Reason From Alert", AgencyRole.Staff);
        var mailbox = await Inventory.GetAsync(member.TenantId, mailboxId, CancellationToken.None);
        await Factory.AddOpenAlertAsync(member.TenantId, mailbox!, "Soft bounce rate 6.5% on anna@outreach-example.com");

        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));

        form.WaitForAssertion(() => Assert.Equal(
            "Soft bounce rate 6.5% on anna@outreach-example.com",
            form.Find("textarea[data-testid=pause-reason]").GetAttribute("value")));
    }

    [Fact]
    public async Task PauseForm_NoOpenAlert_LeavesReasonEmpty()
    {
        var (member, mailboxId) = await MailboxAsync("Reason Empty", AgencyRole.Staff);
        var mailbox = await Inventory.GetAsync(member.TenantId, mailboxId, CancellationToken.None);
        var dismissed = await Factory.AddOpenAlertAsync(member.TenantId, mailbox!, "Soft bounce rate 7% on anna@outreach-example.com");
        await PortalService<AlertService>().DismissAsync(member.TenantId, dismissed, "staff", CancellationToken.None);

        var form = Render<PauseForm>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxIds, [mailboxId]));
        form.Find("[data-testid=confirm-pause]").Click();

        var error = form.WaitForElement("[data-testid=pause-error]").TextContent;
        Assert.True(string.IsNullOrEmpty(form.Find("textarea[data-testid=pause-reason]").GetAttribute("value")));
        Assert.Contains("Give a reason for the pause", error);
        Assert.Empty(await Workflows.ListForMailboxAsync(member.TenantId, mailboxId, CancellationToken.None));
    }

    [Fact]
    public async Task RampPanel_TargetZero_NamesTheValue()
    {
        var (member, mailboxId) = await MailboxAsync("Ramp Target", AgencyRole.Staff);
        var panel = Render<RampPlanPanel>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxId, mailboxId)
            .Add(p => p.CurrentDailyVolume, 40)
            .Add(p => p.TargetDailyVolume, 35));

        panel.Find("input[data-testid=ramp-target]").Change("0");
        panel.Find("[data-testid=create-ramp]").Click();

        var error = panel.WaitForElement("[data-testid=ramp-error]").TextContent;
        Assert.Contains("target daily volume 0 ", error);
    }

    [Fact]
    public async Task RampPanel_PlansSameSecond_HaveDistinctLabels()
    {
        var (member, mailboxId) = await MailboxAsync("Ramp Labels", AgencyRole.Staff);
        var plans = PortalService<RampPlanService>();
        var request = new RampPlanRequest { Start = new DateOnly(2026, 3, 2), PreviousDailyVolume = 40, TargetDailyVolume = 35 };
        await plans.CreateAsync(member.TenantId, mailboxId, request, member.Email, CancellationToken.None);
        await plans.CreateAsync(member.TenantId, mailboxId, request, member.Email, CancellationToken.None);
        var plannedAt = new DateTimeOffset(2026, 3, 2, 9, 15, 30, TimeSpan.Zero);
        await using (var db = Factory.OpenDatabase(member.TenantId))
        {
            foreach (var stored in await db.RampPlans.Where(p => p.MailboxId == mailboxId).ToListAsync())
            {
                stored.CreatedAt = plannedAt;
            }

            await db.SaveChangesAsync();
        }

        var panel = Render<RampPlanPanel>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxId, mailboxId));

        var labels = panel.WaitForElements("[data-testid=ramp-plan-chip]", 2).Select(chip => chip.TextContent.Trim()).ToList();
        Assert.Equal(2, labels.Distinct(StringComparer.Ordinal).Count());
        Assert.StartsWith("#2 Recovery from 2026-03-02 to 35 a day (planned 2026-03-02 09:15:30 UTC by ", labels[0]);
        Assert.StartsWith("#1 Recovery from 2026-03-02 to 35 a day (planned 2026-03-02 09:15:30 UTC by ", labels[1]);
    }

    [Fact]
    public async Task AddMailbox_NegativeVolume_IsRejected()
    {
        var (member, _) = await MailboxAsync("Negative Volume", AgencyRole.Staff);
        var page = Render<Mailboxes>();
        page.WaitForElement("[data-testid=add-mailbox]").Click();

        page.Find("input[data-testid=mailbox-address]").Change("bob@outreach-example.com");
        page.Find("input[data-testid=mailbox-current-volume]").Change("-5");
        page.Find("[data-testid=save-mailbox]").Click();

        var error = page.WaitForElement("[data-testid=mailbox-error]").TextContent;
        Assert.Contains("current daily volume -5 is negative", error);
        var inventory = PortalService<MailboxInventoryService>();
        Assert.DoesNotContain(
            await inventory.ListAsync(member.TenantId, includeArchived: true, CancellationToken.None),
            mailbox => mailbox.Address == "bob@outreach-example.com");
    }

    [Fact]
    public async Task CloseWorkflow_RampDaysLeft_AsksFirst()
    {
        var (member, mailboxId, workflowId) = await RampingAsync("Close Confirm");
        var dialogs = Render<MudDialogProvider>();
        var panel = Render<WorkflowPanel>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxId, mailboxId));

        panel.WaitForElement("[data-testid=close-workflow]").Click();
        var message = dialogs.WaitForElement(".mud-dialog").TextContent;
        DialogButton(dialogs, "Keep ramping").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        var afterCancel = await Workflows.GetAsync(member.TenantId, workflowId, CancellationToken.None);

        panel.Find("[data-testid=close-workflow]").Click();
        dialogs.WaitForElement(".mud-dialog");
        DialogButton(dialogs, "Close now").Click();

        Assert.Contains("anna@outreach-example.com has ", message);
        Assert.Contains("ramp days left (until ", message);
        Assert.Contains("goes from 16 to 35 sends a day", message);
        Assert.Equal(WorkflowState.Ramping, afterCancel!.State);
        await WaitForStateAsync(member.TenantId, workflowId, WorkflowState.Closed);
        panel.WaitForAssertion(() => Assert.Contains(panel.FindAll("[data-testid=timeline-entry]"), entry => entry.TextContent.Contains("Closed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CloseWorkflow_RampFinished_ClosesWithoutAsking()
    {
        var (member, mailboxId, workflowId) = await RampingAsync("Close Finished");
        await using (var db = Factory.OpenDatabase(member.TenantId))
        {
            var plan = await db.RampPlans.SingleAsync(p => p.WorkflowId == workflowId);
            plan.Start = plan.Start.AddDays(-400);
            await db.SaveChangesAsync();
        }

        var dialogs = Render<MudDialogProvider>();
        var panel = Render<WorkflowPanel>(parameters => parameters
            .Add(p => p.TenantId, member.TenantId)
            .Add(p => p.MailboxId, mailboxId));
        panel.WaitForElement("[data-testid=close-workflow]").Click();

        await WaitForStateAsync(member.TenantId, workflowId, WorkflowState.Closed);
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
    }

    private MailboxInventoryService Inventory => PortalService<MailboxInventoryService>();

    private StopTheBleedService Workflows => PortalService<StopTheBleedService>();

    private async Task<(AgencySession Member, Guid MailboxId)> MailboxAsync(string agency, AgencyRole role)
    {
        var member = await AgencySession.CreateAsync(Factory, $"{agency} {Guid.NewGuid():N}");
        var inventory = PortalService<MailboxInventoryService>();
        var saved = await inventory.AddAsync(member.TenantId, new MailboxDraft { Address = "anna@outreach-example.com" }, CancellationToken.None);
        SignIn(member, role);
        return (member, saved.Mailbox!.Id);
    }

    // A mailbox sending 40 a day with a target of 35, paused and resumed at 40%, so it ramps from 16 a day.
    private async Task<(AgencySession Member, Guid MailboxId, Guid WorkflowId)> RampingAsync(string agency)
    {
        var member = await AgencySession.CreateAsync(Factory, $"{agency} {Guid.NewGuid():N}");
        var inventory = PortalService<MailboxInventoryService>();
        var saved = await inventory.AddAsync(
            member.TenantId,
            new MailboxDraft { Address = "anna@outreach-example.com", CurrentDailyVolume = 40, TargetDailyVolume = 35 },
            CancellationToken.None);
        SignIn(member, AgencyRole.Staff);
        var actor = new WorkflowActor(member.Email, null);
        var paused = await Workflows.PauseAsync(member.TenantId, new PauseRequest([saved.Mailbox!.Id], 24, 0.4, "Soft rate 8%"), actor, CancellationToken.None);
        var resumed = await Workflows.ResumeAsync(member.TenantId, paused.Workflow!.Id, null, actor, null, CancellationToken.None);
        Assert.True(resumed.Succeeded, resumed.Problem);
        return (member, saved.Mailbox.Id, paused.Workflow.Id);
    }

    private async Task WaitForStateAsync(Guid tenantId, Guid workflowId, WorkflowState expected)
    {
        var workflow = await WaitUntilAsync(() => Workflows.GetAsync(tenantId, workflowId, CancellationToken.None), stored => stored?.State == expected);
        Assert.Equal(expected, workflow?.State);
    }

    // A click's handler runs on past the click when it awaits the database, so the test reads the stored result until it shows up or 10 seconds pass.
    private static async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await read();
        }

        return value;
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == text);
}
