using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Tests.Diagnostics;

public sealed class SendingRateRulesTests
{
    private const string Anna = "anna@outreach.example.com";
    private static readonly DateTimeOffset Start = DiagnosisScenario.Start;
    private static readonly TimeSpan FiveSeconds = TimeSpan.FromSeconds(5);

    [Fact]
    public void GmailRate_ElevenInOneMinute_Fires()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany("Anna@Outreach.example.com", "gmail.com", 11, Start, FiveSeconds);

        var diagnosis = scenario.Single(DiagnosisKind.ReceiverRateExceeded);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal(Anna, diagnosis.Subject);
        Assert.Equal([Anna], diagnosis.Affected);
        Assert.Contains("up to 11 messages a minute to gmail.com", diagnosis.Evidence);
        Assert.Contains("limit of 10", diagnosis.Evidence);
        Assert.Contains("2024-06-11 09:00 UTC", diagnosis.Evidence);
        Assert.Equal(CauseFamily.SendingTooFast, diagnosis.Checklist.Family);
    }

    [Fact]
    public void GmailRate_Span_CoversBusyMinutes()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "gmail.com", 11, Start.AddSeconds(3), FiveSeconds);
        scenario.SendMany(Anna, "gmail.com", 12, Start.AddMinutes(30), FiveSeconds);

        var diagnosis = scenario.Single(DiagnosisKind.ReceiverRateExceeded);

        Assert.Equal(Start, diagnosis.FirstAttemptAt);
        Assert.Equal(Start.AddMinutes(31).AddTicks(-1), diagnosis.LastAttemptAt);
    }

    [Fact]
    public void GmailRate_TenInOneMinute_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "gmail.com", 10, Start, FiveSeconds);

        scenario.AssertNone(DiagnosisKind.ReceiverRateExceeded);
    }

    [Fact]
    public void GmailRate_ElevenAcrossTwoMinutes_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "gmail.com", 11, Start.AddSeconds(30), FiveSeconds);

        scenario.AssertNone(DiagnosisKind.ReceiverRateExceeded);
    }

    [Fact]
    public void YahooRate_TwentyOneInOneMinute_Fires()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "yahoo.com", 21, Start, TimeSpan.FromSeconds(2));

        var diagnosis = scenario.Single(DiagnosisKind.ReceiverRateExceeded);

        Assert.Contains("up to 21 messages a minute to yahoo.com", diagnosis.Evidence);
        Assert.Contains("limit of 20", diagnosis.Evidence);
    }

    [Fact]
    public void YahooRate_TwentyInOneMinute_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "yahoo.com", 20, Start, TimeSpan.FromSeconds(2));

        scenario.AssertNone(DiagnosisKind.ReceiverRateExceeded);
    }

    [Fact]
    public void MicrosoftConsumerRate_CountsHotmailAndOutlookTogether()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "hotmail.com", 11, Start, TimeSpan.FromSeconds(2));
        scenario.SendMany(Anna, "outlook.com", 10, Start.AddSeconds(30), TimeSpan.FromSeconds(2));

        var diagnosis = scenario.Single(DiagnosisKind.ReceiverRateExceeded);

        Assert.Contains("up to 21 messages a minute to hotmail.com/outlook.com", diagnosis.Evidence);
    }

    [Fact]
    public void IpRate_Over100PerHour_Fires()
    {
        var scenario = new DiagnosisScenario();
        string[] mailboxes = ["c@outreach.example.com", "a@outreach.example.com", "b@outreach.example.com"];
        for (var i = 0; i < 101; i++)
        {
            scenario.Send(mailboxes[i % 3], $"r{i}@example.com", Start.AddSeconds(30 * i), sendingIp: "203.0.113.5");
        }

        var diagnosis = scenario.Single(DiagnosisKind.SendingIpRateExceeded);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal("203.0.113.5", diagnosis.Subject);
        Assert.Equal(["a@outreach.example.com", "b@outreach.example.com", "c@outreach.example.com"], diagnosis.Affected);
        Assert.Contains("up to 101 messages an hour", diagnosis.Evidence);
        Assert.Contains("limit of 100", diagnosis.Evidence);
        Assert.Contains("from 3 mailboxes", diagnosis.Evidence);
    }

    [Fact]
    public void IpRate_HundredInOneHour_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 100, Start, TimeSpan.FromSeconds(30), sendingIp: "203.0.113.5");

        scenario.AssertNone(DiagnosisKind.SendingIpRateExceeded);
    }

    [Fact]
    public void IpRate_WithoutSendingIp_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 150, Start, TimeSpan.FromSeconds(10));

        scenario.AssertNone(DiagnosisKind.SendingIpRateExceeded);
    }

    [Fact]
    public void GmailThrottling_421Of4728_Fires()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "gmail.com", 3, Start, TimeSpan.FromMinutes(5), Replies.GmailThrottled);
        scenario.SendMany(Anna, "gmail.com", 3, Start.AddHours(1), TimeSpan.FromMinutes(5));

        var diagnosis = scenario.Single(DiagnosisKind.ProviderThrottling);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal("Google", diagnosis.Subject);
        Assert.Equal([Anna], diagnosis.Affected);
        Assert.Contains("replied 3 times with 421 4.7.28", diagnosis.Evidence);
        Assert.Contains("between 2024-06-11 09:00 UTC and 2024-06-11 09:10 UTC", diagnosis.Evidence);
    }

    [Fact]
    public void GmailThrottling_OneMinute_SaysAt()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "gmail.com", 1, Start, TimeSpan.FromMinutes(5), Replies.GmailThrottled);

        var diagnosis = scenario.Single(DiagnosisKind.ProviderThrottling);

        Assert.Contains("replied 1 time with 421 4.7.28 to 1 mailbox at 2024-06-11 09:00 UTC.", diagnosis.Evidence);
        Assert.DoesNotContain("between", diagnosis.Evidence);
    }

    [Fact]
    public void GmailThrottling_Span_IsFirstToLastReply()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "gmail.com", 3, Start.AddHours(1), TimeSpan.FromMinutes(5));
        scenario.SendMany(Anna, "gmail.com", 3, Start.AddHours(2), TimeSpan.FromMinutes(5), Replies.GmailThrottled);

        var diagnosis = scenario.Single(DiagnosisKind.ProviderThrottling);

        Assert.Equal(Start.AddHours(2), diagnosis.FirstAttemptAt);
        Assert.Equal(Start.AddHours(2).AddMinutes(10), diagnosis.LastAttemptAt);
    }

    [Fact]
    public void MicrosoftThrottling_4500Range_Fires()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "outlook.com", 2, Start, TimeSpan.FromMinutes(5), Replies.MicrosoftReputation);

        var diagnosis = scenario.Single(DiagnosisKind.ProviderThrottling);

        Assert.Equal("Microsoft", diagnosis.Subject);
        Assert.Contains("replied 2 times with 451 4.7.500", diagnosis.Evidence);
    }

    [Fact]
    public void MicrosoftThrottling_ChecklistNamesMicrosoftOnly()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "outlook.com", 2, Start, TimeSpan.FromMinutes(5), Replies.MicrosoftReputation);

        var diagnosis = scenario.Single(DiagnosisKind.ProviderThrottling);

        Assert.Contains(diagnosis.Checklist.Steps, step => step.Why.Contains("Microsoft 365", StringComparison.Ordinal));
        Assert.DoesNotContain(diagnosis.Checklist.Steps, step => step.Why.Contains("Gmail", StringComparison.Ordinal));
    }

    [Fact]
    public void Throttling_OtherGmailDeferrals_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "gmail.com", 3, Start, TimeSpan.FromMinutes(5), Replies.GmailTooManyConnections);
        scenario.SendMany(Anna, "gmail.com", 3, Start.AddHours(1), TimeSpan.FromMinutes(5), Replies.UserUnknown);

        scenario.AssertNone(DiagnosisKind.ProviderThrottling);
    }

    [Fact]
    public void YoungMailbox_FiftyOneOnDayTen_Fires()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 51, Start, TimeSpan.FromMinutes(10));
        var created = new Dictionary<string, DateOnly> { ["ANNA@outreach.example.com"] = new(2024, 6, 1) };

        var diagnosis = scenario.Single(DiagnosisKind.YoungMailboxOverVolume, created);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal(Anna, diagnosis.Subject);
        Assert.Contains("created 2024-06-01, sent 51 messages on 2024-06-11", diagnosis.Evidence);
        Assert.Contains("day 10 of its 21-day ramp", diagnosis.Evidence);
        Assert.Contains("above the 50 a day", diagnosis.Evidence);
    }

    [Fact]
    public void YoungMailbox_FiftyOnDayTen_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 50, Start, TimeSpan.FromMinutes(10));
        var created = new Dictionary<string, DateOnly> { [Anna] = new(2024, 6, 1) };

        scenario.AssertNone(DiagnosisKind.YoungMailboxOverVolume, created);
    }

    [Fact]
    public void YoungMailbox_PastRampAge_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 51, Start, TimeSpan.FromMinutes(10));
        var created = new Dictionary<string, DateOnly> { [Anna] = new(2024, 5, 21) };

        scenario.AssertNone(DiagnosisKind.YoungMailboxOverVolume, created);
    }

    [Fact]
    public void YoungMailbox_WithoutCreationDates_IsSkipped()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "example.com", 80, Start, TimeSpan.FromMinutes(5));

        scenario.AssertNone(DiagnosisKind.YoungMailboxOverVolume);
    }
}
