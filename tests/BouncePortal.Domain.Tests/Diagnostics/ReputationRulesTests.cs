using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Tests.Diagnostics;

public sealed class ReputationRulesTests
{
    private const string Anna = "anna@outreach.example.com";
    private static readonly DateTimeOffset Start = DiagnosisScenario.Start;
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Contamination_AllMailboxesAtTenPercent_FiresHigh()
    {
        var scenario = new DiagnosisScenario();
        foreach (var mailbox in new[] { "a@outreach.example.com", "b@outreach.example.com", "c@outreach.example.com" })
        {
            scenario.SendMany(mailbox, "outlook.com", 2, Start, OneMinute, Replies.MicrosoftReputation);
            scenario.SendMany(mailbox, "outlook.com", 18, Start.AddHours(1), OneMinute);
        }

        var diagnosis = scenario.Single(DiagnosisKind.SharedIpContamination);

        Assert.Equal(DiagnosisSeverity.High, diagnosis.Severity);
        Assert.Equal("Microsoft", diagnosis.Subject);
        Assert.Equal(3, diagnosis.Affected.Count);
        Assert.Contains("6 of 60 messages to Microsoft (10.0%)", diagnosis.Evidence);
        Assert.Contains("3 of 3 mailboxes are above 5%", diagnosis.Evidence);
        Assert.Equal(CauseFamily.Reputation, diagnosis.Checklist.Family);
    }

    [Fact]
    public void Contamination_SixPercent_FiresMedium()
    {
        var scenario = new DiagnosisScenario();
        foreach (var mailbox in new[] { "a@outreach.example.com", "b@outreach.example.com" })
        {
            scenario.SendMany(mailbox, "outlook.com", 3, Start, OneMinute, Replies.MicrosoftReputation);
            scenario.SendMany(mailbox, "outlook.com", 47, Start.AddHours(1), OneMinute);
        }

        var diagnosis = scenario.Single(DiagnosisKind.SharedIpContamination);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Contains("6 of 100 messages to Microsoft (6.0%)", diagnosis.Evidence);
    }

    [Fact]
    public void Contamination_OneMailboxOnly_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany("a@outreach.example.com", "outlook.com", 4, Start, OneMinute, Replies.MicrosoftReputation);
        scenario.SendMany("a@outreach.example.com", "outlook.com", 16, Start.AddHours(1), OneMinute);
        scenario.SendMany("b@outreach.example.com", "outlook.com", 20, Start.AddHours(2), OneMinute);
        scenario.SendMany("c@outreach.example.com", "outlook.com", 20, Start.AddHours(3), OneMinute);

        scenario.AssertNone(DiagnosisKind.SharedIpContamination);
    }

    [Fact]
    public void Clustering_ThreeDomainsHoldMostSoftBounces_Fires()
    {
        var scenario = new DiagnosisScenario();
        foreach (var domain in new[] { "bad1.example", "bad2.example", "bad3.example" })
        {
            scenario.SendMany(Anna, domain, 5, Start, TimeSpan.FromMinutes(3), Replies.MailboxBusy);
        }

        for (var i = 0; i < 85; i++)
        {
            scenario.Send(Anna, $"r@good{i}.example", Start.AddMinutes(i), i < 5 ? Replies.MailboxBusy : Replies.Delivered);
        }

        var diagnosis = scenario.Single(DiagnosisKind.SoftBouncesClusterOnDomains);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal(["bad1.example", "bad2.example", "bad3.example"], diagnosis.Affected);
        Assert.Equal("bad1.example, bad2.example, bad3.example", diagnosis.Subject);
        Assert.Contains("hold 15 of 20 soft bounces (75.0%)", diagnosis.Evidence);
        Assert.Contains("only 15 of 100 messages (15.0%)", diagnosis.Evidence);
    }

    [Fact]
    public void Clustering_SpreadSoftBounces_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        for (var i = 0; i < 100; i++)
        {
            scenario.Send(Anna, $"r@d{i}.example", Start.AddMinutes(i), i < 20 ? Replies.MailboxBusy : Replies.Delivered);
        }

        scenario.AssertNone(DiagnosisKind.SoftBouncesClusterOnDomains);
    }

    [Fact]
    public void Clustering_DomainsHoldMostMessagesToo_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "big.example", 15, Start, OneMinute, Replies.MailboxBusy);
        scenario.SendMany(Anna, "big.example", 80, Start.AddHours(1), OneMinute);
        scenario.SendMany(Anna, "example.com", 5, Start.AddHours(3), OneMinute);

        scenario.AssertNone(DiagnosisKind.SoftBouncesClusterOnDomains);
    }

    [Fact]
    public void RepeatedBounces_ThreeBounces_ListsAddress()
    {
        var scenario = new DiagnosisScenario();
        for (var day = 0; day < 3; day++)
        {
            scenario.Send(Anna, "Gone@Example.org", Start.AddDays(day), Replies.UserUnknown);
            scenario.Send(Anna, "twice@example.org", Start.AddDays(day), day < 2 ? Replies.MailboxBusy : Replies.Delivered);
        }

        var diagnosis = scenario.Single(DiagnosisKind.RepeatedlyBouncingAddresses);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal(["gone@example.org"], diagnosis.Affected);
        Assert.Contains("1 address bounced more than 2 times, up to 3 times: gone@example.org.", diagnosis.Evidence);
        Assert.Equal(CauseFamily.ListQuality, diagnosis.Checklist.Family);
    }

    [Fact]
    public void RepeatedBounces_TwoBounces_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.Send(Anna, "gone@example.org", Start, Replies.UserUnknown);
        scenario.Send(Anna, "gone@example.org", Start.AddDays(1), Replies.UserUnknown);
        scenario.Send(Anna, "gone@example.org", Start.AddDays(2));

        scenario.AssertNone(DiagnosisKind.RepeatedlyBouncingAddresses);
    }

    [Fact]
    public void OffHours_NightSpike_Fires()
    {
        var scenario = new DiagnosisScenario();
        var night = new DateTimeOffset(2024, 6, 12, 2, 0, 0, TimeSpan.Zero);
        scenario.SendMany(Anna, "example.com", 4, night, TimeSpan.FromMinutes(5), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 16, night.AddMinutes(30), TimeSpan.FromMinutes(5));
        scenario.SendMany(Anna, "example.com", 2, Start, TimeSpan.FromMinutes(5), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 98, Start.AddMinutes(15), TimeSpan.FromMinutes(4));

        var diagnosis = scenario.Single(DiagnosisKind.OffHoursSoftBounceSpike);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Contains("4 of 20 attempts between 02:00 and 04:00 UTC (20.0%) failed soft, against 2.0% in the other hours", diagnosis.Evidence);
        Assert.Contains("UTC is used as recipient local time", diagnosis.Evidence);
    }

    [Fact]
    public void OffHours_Span_IsNightSoftFailures()
    {
        var scenario = new DiagnosisScenario();
        var night = new DateTimeOffset(2024, 6, 12, 2, 0, 0, TimeSpan.Zero);
        scenario.SendMany(Anna, "example.com", 4, night, TimeSpan.FromMinutes(5), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 16, night.AddMinutes(30), TimeSpan.FromMinutes(5));
        scenario.SendMany(Anna, "example.com", 2, Start, TimeSpan.FromMinutes(5), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 98, Start.AddMinutes(15), TimeSpan.FromMinutes(4));

        var diagnosis = scenario.Single(DiagnosisKind.OffHoursSoftBounceSpike);

        Assert.Equal(night, diagnosis.FirstAttemptAt);
        Assert.Equal(night.AddMinutes(15), diagnosis.LastAttemptAt);
    }

    [Fact]
    public void OffHours_FivePercent_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        var night = new DateTimeOffset(2024, 6, 12, 2, 0, 0, TimeSpan.Zero);
        scenario.SendMany(Anna, "example.com", 1, night, TimeSpan.FromMinutes(5), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 19, night.AddMinutes(10), TimeSpan.FromMinutes(5));
        scenario.SendMany(Anna, "example.com", 100, Start, TimeSpan.FromMinutes(4));

        scenario.AssertNone(DiagnosisKind.OffHoursSoftBounceSpike);
    }

    [Fact]
    public void OffHours_SameRateAllDay_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        var night = new DateTimeOffset(2024, 6, 12, 2, 0, 0, TimeSpan.Zero);
        scenario.SendMany(Anna, "example.com", 4, night, TimeSpan.FromMinutes(5), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 16, night.AddMinutes(30), TimeSpan.FromMinutes(5));
        scenario.SendMany(Anna, "example.com", 20, Start, TimeSpan.FromMinutes(5), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 80, Start.AddHours(2), TimeSpan.FromMinutes(4));

        scenario.AssertNone(DiagnosisKind.OffHoursSoftBounceSpike);
    }

    [Fact]
    public void Content_TwoPercent_Fires()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 2, Start, OneMinute, Replies.ContentWarning);
        scenario.SendMany(Anna, "example.com", 98, Start.AddMinutes(5), OneMinute);

        var diagnosis = scenario.Single(DiagnosisKind.ContentWarnings);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal([Anna], diagnosis.Affected);
        Assert.Contains("2 of 100 messages (2.0%) soft-bounced with content warnings, above 1%", diagnosis.Evidence);
    }

    [Fact]
    public void Content_OnePercent_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 1, Start, OneMinute, Replies.ContentWarning);
        scenario.SendMany(Anna, "example.com", 99, Start.AddMinutes(5), OneMinute);

        scenario.AssertNone(DiagnosisKind.ContentWarnings);
    }

    [Fact]
    public void VolumeIncrease_SoftBouncesNextDay_Fires()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 20, Start, TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 30, Start.AddDays(1), TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 2, Start.AddDays(2), TimeSpan.FromMinutes(10), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 28, Start.AddDays(2).AddHours(1), TimeSpan.FromMinutes(10));

        var diagnosis = scenario.Single(DiagnosisKind.SoftBouncesAfterVolumeIncrease);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal(Anna, diagnosis.Subject);
        Assert.Contains("went from 20 messages on 2024-06-11 to 30 on 2024-06-12", diagnosis.Evidence);
        Assert.Contains("reached 6.7% on 2024-06-13, above 3%", diagnosis.Evidence);
    }

    [Fact]
    public void VolumeIncrease_Span_StartsDayBeforeIncrease()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 10, Start.AddDays(-1), TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 20, Start, TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 30, Start.AddDays(1), TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 2, Start.AddDays(2), TimeSpan.FromMinutes(10), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 28, Start.AddDays(2).AddHours(1), TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 5, Start.AddDays(4), TimeSpan.FromMinutes(10));

        var diagnosis = scenario.Single(DiagnosisKind.SoftBouncesAfterVolumeIncrease);

        Assert.Contains("went from 20 messages on 2024-06-11 to 30 on 2024-06-12", diagnosis.Evidence);
        Assert.Equal(Start, diagnosis.FirstAttemptAt);
        Assert.Equal(Start.AddDays(2).AddHours(1).AddMinutes(270), diagnosis.LastAttemptAt);
    }

    [Fact]
    public void VolumeIncrease_SmallIncrease_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 20, Start, TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 25, Start.AddDays(1), TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 2, Start.AddDays(2), TimeSpan.FromMinutes(10), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 23, Start.AddDays(2).AddHours(1), TimeSpan.FromMinutes(10));

        scenario.AssertNone(DiagnosisKind.SoftBouncesAfterVolumeIncrease);
    }

    [Fact]
    public void VolumeIncrease_BouncesAfter48Hours_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 20, Start, TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 30, Start.AddDays(1), TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 30, Start.AddDays(2), TimeSpan.FromMinutes(10));
        scenario.SendMany(Anna, "example.com", 2, Start.AddDays(3), TimeSpan.FromMinutes(10), Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", 28, Start.AddDays(3).AddHours(1), TimeSpan.FromMinutes(10));

        scenario.AssertNone(DiagnosisKind.SoftBouncesAfterVolumeIncrease);
    }
}
