using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Components.Pages.Dashboard;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

public sealed class DiagnosisPanelTests(PortalFactory factory) : PortalComponentContext(factory)
{
    [Theory]
    [InlineData(new[] { "day1.log" }, "Found in day1.log")]
    [InlineData(new[] { "day3.log", "day2.log", "day1.log" }, "Found in 3 uploads: day3.log, day2.log, day1.log")]
    [InlineData(new[] { "maillog", "maillog", "maillog" }, "Found in 3 uploads: maillog")]
    [InlineData(new[] { "e.log", "d.log", "c.log", "b.log", "a.log" }, "Found in 5 uploads, the latest e.log")]
    public void MergedEntry_NamesItsUploads(string[] fileNames, string expected)
    {
        var panel = RenderPanel([Merged(fileNames)]);

        Assert.Equal(expected, panel.Find("[data-testid=diagnosis-uploads]").TextContent.Trim());
    }

    [Fact]
    public void MergedEntry_ShowsMergedFields()
    {
        var merged = Merged(["day2.log", "day1.log"]) with
        {
            Severity = DiagnosisSeverity.High,
            Evidence = "Evidence of day 2.",
            Affected = ["b@example.com", "a@example.com"],
        };

        var panel = RenderPanel([merged]);

        var entry = panel.Find("[data-testid=diagnosis]");
        Assert.Contains("High", entry.TextContent);
        Assert.DoesNotContain("Low", entry.TextContent);
        Assert.Contains("Evidence of day 2.", entry.TextContent);
        Assert.Contains("Affected: b@example.com, a@example.com", entry.TextContent);
        Assert.NotEmpty(entry.QuerySelectorAll("[data-testid=diagnosis-checklist] li"));
        Assert.Empty(entry.QuerySelectorAll(".mud-list-item"));
    }

    [Fact]
    public void MicrosoftThrottling_ShowsMicrosoftChecklist()
    {
        var throttling = new StoredDiagnosis
        {
            Id = 14,
            Kind = DiagnosisKind.ProviderThrottling,
            Severity = DiagnosisSeverity.Medium,
            Subject = "Microsoft",
            Evidence = "Microsoft replied 2 times with 451 4.7.500 to 1 mailbox.",
            Family = CauseFamily.SendingTooFast,
        };
        var merged = new MergedDiagnosis(throttling, DiagnosisSeverity.Medium, throttling.Evidence, [], ["day1.log"], DateTimeOffset.UtcNow);

        var panel = RenderPanel([merged]);

        var steps = panel.Find("[data-testid=diagnosis-checklist]").TextContent;
        Assert.Contains("Microsoft 365 (Exchange Online) accepts roughly 5-10 messages a minute", steps);
        Assert.DoesNotContain("Gmail", steps);
        Assert.DoesNotContain("Google", steps);
    }

    [Fact]
    public void ProviderSubject_IsShownInWords()
    {
        var throttling = new StoredDiagnosis
        {
            Id = 15,
            Kind = DiagnosisKind.ProviderThrottling,
            Severity = DiagnosisSeverity.Medium,
            Subject = "YahooAol",
            Evidence = "Yahoo and AOL replied 3 times with 421 4.7.0 to 1 mailbox.",
            Family = CauseFamily.SendingTooFast,
        };
        var merged = new MergedDiagnosis(throttling, DiagnosisSeverity.Medium, throttling.Evidence, [], ["day1.log"], DateTimeOffset.UtcNow);

        var panel = RenderPanel([merged]);

        var entry = panel.Find("[data-testid=diagnosis]").TextContent;
        Assert.Contains("· Yahoo and AOL", entry);
        Assert.DoesNotContain("YahooAol", entry);
    }

    [Fact]
    public void MergedEntry_OlderChecklist_ShowsGoTo()
    {
        var merged = Merged(["day2.log", "day1.log"]);
        var checklist = new ChecklistSummary(Guid.NewGuid(), ChecklistSubjectKind.Diagnosis, merged.ChecklistKey, "Greylisting", null, null, ChecklistStatus.Open, DateTimeOffset.UtcNow, 1, 4);

        var panel = RenderPanel([merged], opened: new Dictionary<string, ChecklistSummary> { [merged.ChecklistKey] = checklist });

        Assert.Equal($"checklists/{checklist.Id}", panel.Find("[data-testid=go-to-checklist]").GetAttribute("href"));
        Assert.Empty(panel.FindAll("[data-testid=open-checklist]"));
    }

    [Fact]
    public void MergedEntry_OpenChecklist_PassesMergedCause()
    {
        var merged = Merged(["day2.log", "day1.log"]);
        MergedDiagnosis? requested = null;

        var panel = Render<DiagnosisPanel>(parameters => parameters
            .Add(p => p.Diagnoses, new[] { merged })
            .Add(p => p.CanOperate, true)
            .Add(p => p.OnOpenChecklist, (MergedDiagnosis cause) => { requested = cause; }));
        panel.Find("[data-testid=open-checklist]").Click();

        Assert.Same(merged, requested);
    }

    [Theory]
    [InlineData(3, 0, "No cause stands out in the last 7 days, but 3 findings are older.")]
    [InlineData(1, 0, "No cause stands out in the last 7 days, but 1 finding is older.")]
    [InlineData(0, 1, "No cause stands out in the last 7 days, but 1 finding is newer.")]
    [InlineData(3, 1, "No cause stands out in the last 7 days, but 3 findings are older and 1 is newer.")]
    public void NoCauseInWindow_CountsFindingsOutside(int older, int newer, string expected)
    {
        var panel = Render<DiagnosisPanel>(parameters => parameters
            .Add(p => p.Diagnoses, Array.Empty<MergedDiagnosis>())
            .Add(p => p.Older, older)
            .Add(p => p.Newer, newer)
            .Add(p => p.WindowName, "the last 7 days"));

        var text = panel.Find("[data-testid=diagnosis-outside-window]").TextContent;
        Assert.Contains(expected, text);
        Assert.Contains("Widen the window", text);
        Assert.Empty(panel.FindAll("[data-testid=diagnosis-empty]"));
    }

    [Fact]
    public void NoCauseAnywhere_ShowsGenericText()
    {
        var panel = Render<DiagnosisPanel>(parameters => parameters
            .Add(p => p.Diagnoses, Array.Empty<MergedDiagnosis>())
            .Add(p => p.WindowName, "the last 7 days"));

        Assert.Contains("No cause stands out in the uploaded data", panel.Find("[data-testid=diagnosis-empty]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=diagnosis-outside-window]"));
    }

    [Fact]
    public async Task Dashboard_SevenDays_ListsOnlyRecentCauses()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Diagnosis Window Agency");
        var old = await Factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await Factory.RunUploadJobAsync(agency.TenantId, old.Id);
        var recentLine = SampleBounces.PostfixBouncedLine.Replace(
            "2024-06-11T14:00:02+00:00",
            DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ss+00:00", System.Globalization.CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
        var recent = await Factory.UploadAsync(agency.TenantId, "recent.log", recentLine + "\n");
        await Factory.RunUploadJobAsync(agency.TenantId, recent.Id);
        SignIn(agency, AgencyRole.Staff);
        var page = Render<Dashboard>();
        page.WaitForElement("[data-testid=diagnosis]");

        page.FindAll("[data-testid=window-choice] .mud-toggle-item").Single(item => item.TextContent.Contains("7 days", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Contains("No cause stands out in the last 7 days, but", page.Find("[data-testid=diagnosis-outside-window]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=diagnosis]"));
        Assert.Contains("findings are older", page.Find("[data-testid=diagnosis-outside-window]").TextContent);
    }

    private IRenderedComponent<DiagnosisPanel> RenderPanel(
        IReadOnlyList<MergedDiagnosis> diagnoses, IReadOnlyDictionary<string, ChecklistSummary>? opened = null) =>
        Render<DiagnosisPanel>(parameters => parameters
            .Add(p => p.Diagnoses, diagnoses)
            .Add(p => p.OpenedChecklists, opened ?? new Dictionary<string, ChecklistSummary>())
            .Add(p => p.CanOperate, true));

    /// <summary>Returns greylisting found in one upload per file name, the latest diagnosis with id 12 and the one before with 11.</summary>
    private static MergedDiagnosis Merged(string[] fileNames)
    {
        var latest = new StoredDiagnosis
        {
            Id = 12,
            Kind = DiagnosisKind.GreylistingResolved,
            Severity = DiagnosisSeverity.Low,
            Subject = DiagnosisEngine.AgencySubject,
            Evidence = "Evidence of the latest upload.",
            Family = CauseFamily.Greylisting,
        };
        return new MergedDiagnosis(latest, DiagnosisSeverity.Low, latest.Evidence, [], fileNames, DateTimeOffset.UtcNow);
    }
}
