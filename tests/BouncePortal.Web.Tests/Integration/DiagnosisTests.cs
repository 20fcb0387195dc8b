using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Dashboard;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class DiagnosisTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Ingest_GeneratedLog_StoresDiagnosesWithEvidence()
    {
        var agency = await AgencySession.CreateAsync(factory, "Diagnosed Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 3000, mailboxes: 6));

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var diagnoses = await List(agency.TenantId);
        Assert.NotEmpty(diagnoses);
        Assert.All(diagnoses, d => Assert.False(string.IsNullOrWhiteSpace(d.Evidence)));
        Assert.All(diagnoses, d => Assert.Equal(["sample.log"], d.FileNames));
        Assert.Contains(diagnoses, d => d.Latest.Kind == DiagnosisKind.ProviderThrottling);
        Assert.True(diagnoses.Zip(diagnoses.Skip(1)).All(pair => pair.First.Severity >= pair.Second.Severity));
    }

    [Fact]
    public async Task Ingest_Greylisting_IsDiagnosedAsResolved()
    {
        var agency = await AgencySession.CreateAsync(factory, "Greylisted Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var diagnoses = await List(agency.TenantId);
        var greylisting = Assert.Single(diagnoses, d => d.Latest.Kind == DiagnosisKind.GreylistingResolved);
        Assert.Equal(DiagnosisSeverity.Low, greylisting.Severity);
    }

    [Fact]
    public async Task Ingest_TwoMailboxes_StoresEvidenceSpans()
    {
        var agency = await AgencySession.CreateAsync(factory, "Span Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "maillog", SampleLogs.TwoMailboxes);

        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        await using var db = factory.OpenDatabase(agency.TenantId);
        var stored = await db.Diagnoses.AsNoTracking().ToListAsync();

        // The upload's attempts run from 2024-06-11 09:00:02 to 2024-06-16 09:05:30, but each
        // diagnosis covers only the attempts behind its own evidence.
        var greylisting = Assert.Single(stored, d => d.Kind == DiagnosisKind.GreylistingResolved);
        Assert.Equal(Utc(2024, 6, 11, 9, 2, 2), greylisting.FirstAttemptAt);
        Assert.Equal(Utc(2024, 6, 11, 9, 17, 2), greylisting.LastAttemptAt);
        var throttling = Assert.Single(stored, d => d.Kind == DiagnosisKind.ProviderThrottling);
        Assert.Equal(Utc(2024, 6, 11, 9, 3, 2), throttling.FirstAttemptAt);
        Assert.Equal(Utc(2024, 6, 11, 9, 3, 2), throttling.LastAttemptAt);
    }

    [Fact]
    public async Task List_Window_KeepsOverlappingEvidence()
    {
        var agency = await AgencySession.CreateAsync(factory, "Window Agency");
        var windowStart = Utc(2026, 3, 3, 0, 0, 0);
        var windowEnd = Utc(2026, 3, 10, 0, 0, 0);
        await AddUploadAsync(agency.TenantId, "old.log", windowStart, Cause(DiagnosisKind.ProviderThrottling, "Google", windowStart.AddDays(-2), windowStart.AddTicks(-1)));
        await AddUploadAsync(agency.TenantId, "edge.log", windowStart, Cause(DiagnosisKind.ReceiverRateExceeded, "anna@example.com", windowStart.AddDays(-2), windowStart));
        await AddUploadAsync(agency.TenantId, "inside.log", windowEnd, Cause(DiagnosisKind.GreylistingResolved, "agency", windowStart.AddDays(3), windowStart.AddDays(4)));
        await AddUploadAsync(agency.TenantId, "across.log", windowEnd, Cause(DiagnosisKind.MailboxFullTooLong, "agency", windowStart.AddDays(-5), windowEnd.AddDays(5)));
        await AddUploadAsync(agency.TenantId, "before-spans.log", windowEnd, Cause(DiagnosisKind.ContentWarnings, "agency", null, null));
        await AddUploadAsync(agency.TenantId, "future.log", windowEnd, Cause(DiagnosisKind.SharedIpContamination, "Microsoft", windowEnd, windowEnd.AddDays(1)));

        var inWindow = await List(agency.TenantId, new DashboardWindow(windowStart, windowEnd));
        var all = await List(agency.TenantId, DashboardWindow.All);

        Assert.Equal(
            [DiagnosisKind.ReceiverRateExceeded, DiagnosisKind.GreylistingResolved, DiagnosisKind.ContentWarnings, DiagnosisKind.MailboxFullTooLong],
            inWindow.Diagnoses.Select(d => d.Latest.Kind).Order());
        Assert.Equal(1, inWindow.Older);
        Assert.Equal(1, inWindow.Newer);
        Assert.Equal(6, all.Diagnoses.Count);
        Assert.Equal(0, all.Older);
        Assert.Equal(0, all.Newer);
    }

    [Fact]
    public async Task List_CauseInThreeUploads_MergesOne()
    {
        var agency = await AgencySession.CreateAsync(factory, "Merge Agency");
        var day = Utc(2026, 3, 1, 0, 0, 0);
        await AddUploadAsync(agency.TenantId, "day1.log", day,
            Cause(DiagnosisKind.GreylistingResolved, "agency", day, day.AddHours(8), DiagnosisSeverity.Low, "Evidence of day 1.", "a@example.com\nb@example.com"));
        await AddUploadAsync(agency.TenantId, "day2.log", day.AddDays(1),
            Cause(DiagnosisKind.GreylistingResolved, "agency", day.AddDays(1), day.AddDays(1).AddHours(8), DiagnosisSeverity.Medium, "Evidence of day 2.", "b@example.com\nc@example.com"),
            Cause(DiagnosisKind.ProviderThrottling, "Google", day.AddDays(1), day.AddDays(1).AddHours(1)));
        var third = await AddUploadAsync(agency.TenantId, "day3.log", day.AddDays(2),
            Cause(DiagnosisKind.GreylistingResolved, "agency", day.AddDays(2), day.AddDays(2).AddHours(8), DiagnosisSeverity.Low, "Evidence of day 3.", "d@example.com"));

        var list = await List(agency.TenantId, DashboardWindow.All);

        Assert.Equal(2, list.Diagnoses.Count);
        var merged = Assert.Single(list.Diagnoses, d => d.Latest.Kind == DiagnosisKind.GreylistingResolved);
        Assert.Equal(DiagnosisSeverity.Medium, merged.Severity);
        Assert.Equal("Evidence of day 3. These counts are from day3.log (uploaded 2026-03-03 00:00 UTC) only, while the affected items are from all 3 uploads.", merged.Evidence);
        Assert.Equal(["d@example.com", "b@example.com", "c@example.com", "a@example.com"], merged.Affected);
        Assert.Equal(["day3.log", "day2.log", "day1.log"], merged.FileNames);
        Assert.Equal(third[0], merged.Latest.Id);
    }

    [Fact]
    public async Task List_OldFileUploadedLast_KeepsRecentEvidence()
    {
        var agency = await AgencySession.CreateAsync(factory, "Evidence Choice Agency");
        var day = Utc(2026, 3, 1, 0, 0, 0);
        var full = await AddUploadAsync(agency.TenantId, "full.log", day,
            Cause(DiagnosisKind.ProviderThrottling, "Microsoft", day, day.AddDays(6), evidence: "Microsoft replied 606 times."));
        await AddUploadAsync(agency.TenantId, "small.log", day.AddDays(7),
            Cause(DiagnosisKind.ProviderThrottling, "Microsoft", day.AddDays(6), day.AddDays(6).AddMinutes(1), evidence: "Microsoft replied 2 times."));
        await AddUploadAsync(agency.TenantId, "archive.zip", day.AddDays(8),
            Cause(DiagnosisKind.ProviderThrottling, "Microsoft", day.AddYears(-2), day.AddYears(-2), evidence: "Microsoft replied 1 time."));

        var merged = Assert.Single((await List(agency.TenantId, DashboardWindow.All)).Diagnoses);

        Assert.Equal("Microsoft replied 606 times. These counts are from full.log (uploaded 2026-03-01 00:00 UTC) only.", merged.Evidence);
        Assert.Equal(full[0], merged.Latest.Id);
        Assert.Equal(["archive.zip", "small.log", "full.log"], merged.FileNames);
    }

    [Fact]
    public async Task List_CauseInOneUpload_KeepsEvidence()
    {
        var agency = await AgencySession.CreateAsync(factory, "Single Evidence Agency");
        var day = Utc(2026, 3, 1, 0, 0, 0);
        await AddUploadAsync(agency.TenantId, "day1.log", day,
            Cause(DiagnosisKind.ProviderThrottling, "Microsoft", day, day, evidence: "Microsoft replied 2 times.", affected: "anna@example.com"));

        var merged = Assert.Single((await List(agency.TenantId, DashboardWindow.All)).Diagnoses);

        Assert.Equal("Microsoft replied 2 times.", merged.Evidence);
        Assert.Equal(["anna@example.com"], merged.Affected);
    }

    [Fact]
    public async Task List_SameCauseTwoUploads_NamesCountedUpload()
    {
        var agency = await AgencySession.CreateAsync(factory, "Two Upload Evidence Agency");
        var day = Utc(2026, 3, 1, 0, 0, 0);
        await AddUploadAsync(agency.TenantId, "monday.log", day.AddHours(18),
            Cause(DiagnosisKind.ProviderThrottling, "Microsoft", day.AddHours(9), day.AddHours(10),
                evidence: "Microsoft replied 3 times with 451 4.7.500 to 1 mailbox.", affected: "anna@example.com"));
        await AddUploadAsync(agency.TenantId, "tuesday.log", day.AddDays(1).AddHours(18),
            Cause(DiagnosisKind.ProviderThrottling, "Microsoft", day.AddDays(1).AddHours(9), day.AddDays(1).AddHours(9),
                evidence: "Microsoft replied 1 time with 451 4.7.28 to 1 mailbox.", affected: "ben@example.com"));

        var merged = Assert.Single((await List(agency.TenantId, DashboardWindow.All)).Diagnoses);

        Assert.Equal(
            "Microsoft replied 1 time with 451 4.7.28 to 1 mailbox. These counts are from tuesday.log (uploaded 2026-03-02 18:00 UTC) only, while the affected items are from both uploads.",
            merged.Evidence);
        Assert.Equal(["ben@example.com", "anna@example.com"], merged.Affected);
        Assert.Equal(["tuesday.log", "monday.log"], merged.FileNames);
    }

    [Fact]
    public async Task Ingest_SameCauseTwoMailboxes_NamesCountedUpload()
    {
        var agency = await AgencySession.CreateAsync(factory, "Two Log Evidence Agency");
        var other = await AgencySession.CreateAsync(factory, "Two Log Evidence Other Agency");
        var first = await factory.UploadAsync(agency.TenantId, "anna.log", ThrottledLog("anna@outreach-example.com", "1A0000000D", "2024-06-11"));
        await factory.RunUploadJobAsync(agency.TenantId, first.Id);
        var second = await factory.UploadAsync(agency.TenantId, "ben.log", ThrottledLog("ben@outreach-example.net", "2B0000000D", "2024-06-12"));
        await factory.RunUploadJobAsync(agency.TenantId, second.Id);
        var foreign = await factory.UploadAsync(other.TenantId, "carl.log", ThrottledLog("carl@outreach-example.org", "3C0000000D", "2024-06-13"));
        await factory.RunUploadJobAsync(other.TenantId, foreign.Id);

        var merged = Assert.Single(await List(agency.TenantId), d => d.Latest.Kind == DiagnosisKind.ProviderThrottling);

        var uploadedAt = second.UploadedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("Google replied 1 time with 421 4.7.28 to 1 mailbox at 2024-06-12 09:03 UTC.", merged.Evidence);
        Assert.EndsWith($" These counts are from ben.log (uploaded {uploadedAt} UTC) only, while the affected items are from both uploads.", merged.Evidence);
        Assert.Equal(["ben@outreach-example.net", "anna@outreach-example.com"], merged.Affected);
        Assert.Equal(["ben.log", "anna.log"], merged.FileNames);
        Assert.DoesNotContain("carl", merged.Evidence);
        Assert.DoesNotContain("carl@outreach-example.org", merged.Affected);
    }

    [Fact]
    public async Task List_MergedAffected_KeepsMaxAffected()
    {
        var agency = await AgencySession.CreateAsync(factory, "Affected Cap Agency");
        var day = Utc(2026, 3, 1, 0, 0, 0);
        var older = string.Join('\n', Enumerable.Range(0, 40).Select(i => $"old{i}@example.com"));
        var newer = string.Join('\n', Enumerable.Range(0, 40).Select(i => $"new{i}@example.com"));
        await AddUploadAsync(agency.TenantId, "day1.log", day, Cause(DiagnosisKind.RepeatedlyBouncingAddresses, "agency", day, day, affected: older));
        await AddUploadAsync(agency.TenantId, "day2.log", day.AddDays(1), Cause(DiagnosisKind.RepeatedlyBouncingAddresses, "agency", day, day, affected: newer));

        var merged = Assert.Single((await List(agency.TenantId, DashboardWindow.All)).Diagnoses);

        Assert.Equal(StoredDiagnosis.MaxAffected, merged.Affected.Count);
        Assert.Equal(40, merged.Affected.Count(a => a.StartsWith("new", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task List_ChecklistOfOlderDiagnosis_IsFound()
    {
        var agency = await AgencySession.CreateAsync(factory, "Merged Checklist Agency");
        var day = Utc(2026, 3, 1, 0, 0, 0);
        var older = await AddUploadAsync(agency.TenantId, "day1.log", day, Cause(DiagnosisKind.ProviderThrottling, "Google", day, day));
        await AddUploadAsync(agency.TenantId, "day2.log", day.AddDays(1), Cause(DiagnosisKind.ProviderThrottling, "Google", day.AddDays(1), day.AddDays(1)));
        await using var scope = factory.Services.CreateAsyncScope();
        var checklistId = await scope.ServiceProvider.GetRequiredService<ChecklistService>().OpenForDiagnosisAsync(agency.TenantId, older[0], CancellationToken.None);
        var opened = await scope.ServiceProvider.GetRequiredService<ChecklistQueryService>().ListByCauseAsync(agency.TenantId, CancellationToken.None);

        var merged = Assert.Single((await List(agency.TenantId, DashboardWindow.All)).Diagnoses);

        Assert.NotNull(checklistId);
        Assert.NotEqual(older[0], merged.Latest.Id);
        Assert.Equal(checklistId, merged.FindChecklist(opened)?.Id);
    }

    [Fact]
    public async Task List_OtherAgencysDiagnoses_NeverAppear()
    {
        var owner = await AgencySession.CreateAsync(factory, "Isolated Owner Agency");
        var other = await AgencySession.CreateAsync(factory, "Isolated Other Agency");
        var windowStart = Utc(2026, 3, 3, 0, 0, 0);
        var windowEnd = Utc(2026, 3, 10, 0, 0, 0);
        var owned = await AddUploadAsync(owner.TenantId, "owner.log", windowStart, Cause(DiagnosisKind.GreylistingResolved, "agency", windowStart, windowStart.AddDays(1)));
        await AddUploadAsync(other.TenantId, "other.log", windowEnd, Cause(DiagnosisKind.GreylistingResolved, "agency", windowStart, windowStart.AddDays(2)));
        await AddUploadAsync(other.TenantId, "other-old.log", windowStart, Cause(DiagnosisKind.ProviderThrottling, "Google", windowStart.AddDays(-9), windowStart.AddDays(-8)));

        var list = await List(owner.TenantId, new DashboardWindow(windowStart, windowEnd));

        var merged = Assert.Single(list.Diagnoses);
        Assert.Equal(["owner.log"], merged.FileNames);
        Assert.Equal(owned[0], merged.Latest.Id);
        Assert.Equal(0, list.Older);
        Assert.Equal(0, list.Newer);
        Assert.Equal(1, (await List(other.TenantId, new DashboardWindow(windowStart, windowEnd))).Older);
    }

    [Fact]
    public async Task Diagnoses_OtherAgencyAndDeletedUpload_SeeNone()
    {
        var owner = await AgencySession.CreateAsync(factory, "Owner Diagnosis Agency");
        var other = await AgencySession.CreateAsync(factory, "Other Diagnosis Agency");
        var upload = await factory.UploadAsync(owner.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 1500, mailboxes: 3));
        await factory.RunUploadJobAsync(owner.TenantId, upload.Id);

        Assert.Empty(await List(other.TenantId));
        Assert.Contains("dashboard-empty", await other.GetPageAsync("/dashboard"));
        await using (var db = factory.OpenDatabase(other.TenantId))
        {
            Assert.False(await db.Diagnoses.AnyAsync());
        }

        Assert.NotEmpty(await List(owner.TenantId));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<UploadService>().DeleteAsync(owner.TenantId, upload.Id, CancellationToken.None));
        }

        Assert.Empty(await List(owner.TenantId));
    }

    [Fact]
    public async Task Dashboard_ShowsDiagnosisPanel()
    {
        var agency = await AgencySession.CreateAsync(factory, "Panel Agency");
        var upload = await factory.UploadAsync(agency.TenantId, "sample.log", UploadIngestTests.GenerateSampleLog(messages: 3000, mailboxes: 6));
        await factory.RunUploadJobAsync(agency.TenantId, upload.Id);

        var page = await agency.GetPageAsync("/dashboard");

        Assert.Contains("Why mail is bouncing", page);
        Assert.Contains("data-kind=\"ProviderThrottling\"", page);
        Assert.DoesNotContain("diagnosis-empty", page);
    }

    private async Task<IReadOnlyList<MergedDiagnosis>> List(Guid tenantId) =>
        (await List(tenantId, DashboardWindow.All)).Diagnoses;

    private async Task<DiagnosisList> List(Guid tenantId, DashboardWindow window)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DiagnosisListService>().ListAsync(tenantId, window, CancellationToken.None);
    }

    /// <summary>Stores a completed upload with <paramref name="diagnoses"/> and returns their ids in order.</summary>
    private async Task<long[]> AddUploadAsync(Guid tenantId, string fileName, DateTime uploadedAt, params StoredDiagnosis[] diagnoses)
    {
        await using var db = factory.OpenDatabase(tenantId);
        var upload = new Upload
        {
            Id = Guid.NewGuid(),
            FileName = fileName,
            Status = UploadStatus.Completed,
            UploadedAt = new DateTimeOffset(uploadedAt, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(uploadedAt, TimeSpan.Zero),
        };
        db.Uploads.Add(upload);
        foreach (var diagnosis in diagnoses)
        {
            diagnosis.UploadId = upload.Id;
            db.Diagnoses.Add(diagnosis);
        }

        await db.SaveChangesAsync();
        return [.. diagnoses.Select(d => d.Id)];
    }

    private static StoredDiagnosis Cause(
        DiagnosisKind kind,
        string subject,
        DateTime? firstAttemptAt,
        DateTime? lastAttemptAt,
        DiagnosisSeverity severity = DiagnosisSeverity.Medium,
        string evidence = "Evidence.",
        string? affected = null) => new()
    {
        Kind = kind,
        Severity = severity,
        Subject = subject,
        Evidence = evidence,
        Affected = affected,
        Family = CauseFamily.Reputation,
        FirstAttemptAt = firstAttemptAt,
        LastAttemptAt = lastAttemptAt,
    };

    /// <summary>Returns a Postfix log in which Gmail throttles one message of <paramref name="sender"/> on <paramref name="day"/>, which the retry then delivers.</summary>
    private static string ThrottledLog(string sender, string queueId, string day) => $"""
        {day}T09:03:00+00:00 mta1 postfix/qmgr[2210]: {queueId}: from=<{sender}>, size=4812, nrcpt=1 (queue active)
        {day}T09:03:02+00:00 mta1 postfix/smtp[30123]: {queueId}: to=<ops@gmail.com>, relay=alt1.gmail-smtp-in.l.google.com[192.0.2.30]:25, delay=2, delays=0.1/0/0.9/0.6, dsn=4.7.28, status=deferred (host alt1.gmail-smtp-in.l.google.com[192.0.2.30] said: 421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. 421 4.7.28 Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError - gsmtp (in reply to end of DATA command))
        {day}T10:03:02+00:00 mta1 postfix/smtp[30140]: {queueId}: to=<ops@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=3600, delays=3599/0/0.6/0.4, dsn=2.0.0, status=sent (250 2.0.0 OK  1718097247 zz00si01 - gsmtp)
        {day}T10:03:03+00:00 mta1 postfix/qmgr[2210]: {queueId}: removed

        """;

    private static DateTime Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);
}
