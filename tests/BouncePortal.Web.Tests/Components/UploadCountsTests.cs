using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Components.Pages.Uploads;
using BouncePortal.Web.Tests.Support;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>
/// The Uploads page words each upload's counts by what its format is made of, in singular or
/// plural, and its empty state names the kinds of file it accepts.
/// </summary>
public sealed class UploadCountsTests(PortalFactory factory) : PortalComponentContext(factory)
{
    public static TheoryData<string, string, string> CountedUploads => new()
    {
        { "bounce.eml", SampleBounces.BounceEmail, "1 email read · 1 attempt stored · 0 skipped" },
        { "bounces.mbox", SampleBounces.Mbox(2), "2 emails read · 2 attempts stored · 0 skipped" },
        { "maillog", SampleBounces.PostfixBouncedLine + "\n", "1 line read · 1 attempt stored · 0 skipped" },
    };

    [Theory]
    [MemberData(nameof(CountedUploads))]
    public async Task Upload_CountsNameItsItems(string fileName, string content, string expected)
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts " + fileName);
        var upload = await Factory.UploadAsync(agency.TenantId, fileName, content);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = page.WaitForElement("[data-testid=upload-counts]");

        Assert.Equal(expected, Normalize(counts.TextContent));
    }

    [Fact]
    public async Task Upload_SenderLines_AreNotSkips()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Routine Lines Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = Normalize(page.WaitForElement("[data-testid=upload-counts]").TextContent);

        Assert.StartsWith("21 lines read · 9 attempts stored · 0 skipped", counts);
        Assert.EndsWith("· other 12 lines without a delivery result", counts);
        Assert.Empty(page.FindAll("[data-testid=skipped-reasons]"));
        Assert.StartsWith("Without a delivery result: ", page.Find("[data-testid=routine-reasons]").TextContent);
    }

    [Fact]
    public async Task FailedJob_CountsLinesBeforeTheError()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Failed Job Agency");
        // Past the head that the upload inspects, so the job itself stops at the invalid UTF-8.
        var good = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(SampleLogs.TwoMailboxes, 200)));
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", [.. good, 0xC3, 0x28, (byte)'\n']);
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = Normalize(page.WaitForElement("[data-testid=upload-counts]").TextContent);

        Assert.Equal(UploadStatus.Failed, (await Factory.ReloadAsync(agency.TenantId, upload.Id)).Status);
        Assert.Equal("4,200 lines read before the error · nothing stored", counts);
    }

    [Fact]
    public async Task RejectedFile_SaysNothingIsStored()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Rejected Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "notes.txt", "call the client on Monday\nsend the report\n");
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var counts = Normalize(page.WaitForElement("[data-testid=upload-counts]").TextContent);

        Assert.Equal(UploadStatus.Failed, (await Factory.ReloadAsync(agency.TenantId, upload.Id)).Status);
        Assert.Equal("Nothing stored", counts);
    }

    [Fact]
    public void SplitRoutine_SeparatesRoutineReasons()
    {
        const string text = "sender line (qmgr from=): 290609\nnot a Postfix line: 12 (first at lines 3, 9, 11)\nmessage removed from the queue: 200000";

        var (skipped, routine) = SkippedReasonsText.SplitRoutine(text);

        Assert.Equal("not a Postfix line: 12 (first at lines 3, 9, 11)", skipped);
        Assert.Equal("sender line (qmgr from=): 290609\nmessage removed from the queue: 200000", routine);
        Assert.Equal((null, null), SkippedReasonsText.SplitRoutine(null));
    }

    [Fact]
    public void CountRoutine_AddsOnlyRoutineReasons()
    {
        const string text = "sender line (qmgr from=): 290609\nmessage removed from the queue: 200000\nnot a Postfix line: 12 (first at lines 3, 9, 11)";

        Assert.Equal(490_609, SkippedReasonsText.CountRoutine(text));
        Assert.Equal(0, SkippedReasonsText.CountRoutine(null));
    }

    [Fact]
    public async Task Upload_ShowsProcessingTime()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Duration Agency");
        var upload = await Factory.UploadAsync(agency.TenantId, "maillog", SampleBounces.PostfixBouncedLine + "\n");
        await Factory.RunUploadJobAsync(agency.TenantId, upload.Id);
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var duration = Normalize(page.WaitForElement("[data-testid=upload-duration]").TextContent);

        Assert.StartsWith("Processed in ", duration);
        Assert.EndsWith(" attempts/s", duration);
    }

    [Fact]
    public void ProcessingTime_NamesDurationAndRate()
    {
        var started = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var quick = new Upload { FileName = "a.log", Status = UploadStatus.Completed, StartedAt = started, FinishedAt = started.AddSeconds(4.2), AttemptsStored = 210_000 };
        var slow = new Upload { FileName = "b.log", Status = UploadStatus.Completed, StartedAt = started, FinishedAt = started.AddSeconds(125), AttemptsStored = 0 };
        var running = new Upload { FileName = "c.log", Status = UploadStatus.Processing, StartedAt = started };

        Assert.Equal("4.2 s, 50,000 attempts/s", Uploads.ProcessingTime(quick));
        Assert.Equal("0:02:05", Uploads.ProcessingTime(slow));
        Assert.Null(Uploads.ProcessingTime(running));
    }

    [Fact]
    public async Task Empty_NamesAcceptedFiles()
    {
        var agency = await AgencySession.CreateAsync(Factory, "Counts Empty Agency");
        SignIn(agency, AgencyRole.Staff);

        var page = Render<Uploads>();
        var empty = Normalize(page.WaitForElement("[data-testid=uploads-empty]").TextContent);

        Assert.DoesNotContain("Postfix maillog", empty);
        Assert.Contains("an MTA log, bounce emails, a sequencer CSV export or an ESP event export", empty);
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
