using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Tests.Diagnostics;

public sealed class SenderBlockRuleTests
{
    private const string Sam = "sam@acmeout.example.com";
    private const string Spamhaus = "554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org";
    private const string MicrosoftBlock = "550 5.7.1 Unfortunately, messages from [203.0.113.25] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).";
    private const string DmarcFailed = "550 5.7.26 This message does not pass authentication checks (SPF and DKIM both do not pass).";
    private static readonly DateTimeOffset Start = DiagnosisScenario.Start;
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    [Fact]
    public void BlocklistWave_FiresHighWithCodesAndSpan()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Sam, "example.com", 10, Start, OneMinute, Spamhaus);
        scenario.SendMany(Sam, "contoso-corp.example", 10, Start.AddMinutes(10), OneMinute, MicrosoftBlock);
        scenario.SendMany(Sam, "example.com", 10, Start.AddMinutes(20), OneMinute);

        var diagnosis = scenario.Single(DiagnosisKind.SenderBlocked);

        Assert.Equal(DiagnosisSeverity.High, diagnosis.Severity);
        Assert.Equal(Sam, diagnosis.Subject);
        Assert.Equal([Sam], diagnosis.Affected);
        Assert.Contains("rejected 20 of 30 messages from sam@acmeout.example.com (66.7%)", diagnosis.Evidence);
        Assert.Contains("10 blocklisted, 10 sender reputation", diagnosis.Evidence);
        Assert.Contains("between 2024-06-11 09:00 UTC and 2024-06-11 09:19 UTC", diagnosis.Evidence);
        Assert.Contains("named Microsoft S3150 and Spamhaus", diagnosis.Evidence);
        Assert.Equal(Start, diagnosis.FirstAttemptAt);
        Assert.Equal(Start.AddMinutes(19), diagnosis.LastAttemptAt);
        Assert.Equal(CauseFamily.Reputation, diagnosis.Checklist.Family);
        Assert.Equal("Stop the bleed and rebuild reputation", diagnosis.Checklist.Title);
    }

    [Fact]
    public void AuthenticationFailures_FiveOfHundred_FireMedium()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Sam, "example.org", 5, Start, OneMinute, DmarcFailed);
        scenario.SendMany(Sam, "example.org", 95, Start.AddHours(1), OneMinute);

        var diagnosis = scenario.Single(DiagnosisKind.SenderBlocked);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Contains("rejected 5 of 100 messages", diagnosis.Evidence);
        Assert.Contains("(5 failed authentication)", diagnosis.Evidence);
        Assert.Contains("named 550 5.7.26", diagnosis.Evidence);
    }

    [Fact]
    public void ShareAtThreshold_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Sam, "example.org", 3, Start, OneMinute, MicrosoftBlock);
        scenario.SendMany(Sam, "example.org", 147, Start.AddHours(1), OneMinute);

        scenario.AssertNone(DiagnosisKind.SenderBlocked);
    }

    [Fact]
    public void TwoRefusals_AreSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Sam, "example.org", 2, Start, OneMinute, Spamhaus);
        scenario.SendMany(Sam, "example.org", 8, Start.AddHours(1), OneMinute);

        scenario.AssertNone(DiagnosisKind.SenderBlocked);
    }

    [Fact]
    public void RecipientFailures_AreSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Sam, "example.org", 20, Start, OneMinute, Replies.UserUnknown);
        scenario.SendMany(Sam, "example.org", 10, Start.AddHours(1), OneMinute);

        scenario.AssertNone(DiagnosisKind.SenderBlocked);
    }

    [Fact]
    public void ResolvedReputationDeferrals_AreSilent()
    {
        var scenario = new DiagnosisScenario();
        for (var i = 0; i < 10; i++)
        {
            var queueId = scenario.NewQueueId();
            var recipient = $"d{i}@outlook.com";
            scenario.Attempt(queueId, Sam, recipient, DeliveryOutcome.Deferred, Replies.MicrosoftReputation, Start.AddMinutes(i));
            scenario.Attempt(queueId, Sam, recipient, DeliveryOutcome.Delivered, Replies.Delivered, Start.AddMinutes(i + 30));
        }

        scenario.AssertNone(DiagnosisKind.SenderBlocked);
    }

    [Fact]
    public void EachMailbox_IsJudgedOnItsOwn()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany("a@one.example", "example.org", 5, Start, OneMinute, Spamhaus);
        scenario.SendMany("a@one.example", "example.org", 5, Start.AddHours(1), OneMinute);
        scenario.SendMany("b@two.example", "example.org", 1, Start, OneMinute, Spamhaus);
        scenario.SendMany("b@two.example", "example.org", 99, Start.AddHours(1), OneMinute);

        var diagnosis = scenario.Single(DiagnosisKind.SenderBlocked);

        Assert.Equal("a@one.example", diagnosis.Subject);
        Assert.Equal(["a@one.example"], diagnosis.Affected);
    }

    [Fact]
    public void SameLogUnderOtherNames_GivesSameFinding()
    {
        // The rule reads only counts and replies, so two agencies' identical logs give identical findings.
        static Diagnosis Run(string mailbox, string domain)
        {
            var scenario = new DiagnosisScenario();
            scenario.SendMany(mailbox, domain, 4, Start, OneMinute, Spamhaus);
            scenario.SendMany(mailbox, domain, 16, Start.AddHours(1), OneMinute);
            return scenario.Single(DiagnosisKind.SenderBlocked);
        }

        var first = Run("anna@first-agency.example", "example.org");
        var second = Run("bob@second-agency.example", "example.net");

        Assert.Equal(first.Severity, second.Severity);
        Assert.Equal("anna@first-agency.example", first.Subject);
        Assert.Equal("bob@second-agency.example", second.Subject);
        Assert.Equal(first.Evidence.Replace("anna@first-agency.example", "bob@second-agency.example", StringComparison.Ordinal), second.Evidence);
    }

    [Fact]
    public void LogWithoutMailbox_CountsSendingIp()
    {
        var scenario = new DiagnosisScenario();
        for (var i = 0; i < 10; i++)
        {
            scenario.Send(null, $"r{i}@example.org", Start.AddMinutes(i), i < 4 ? Spamhaus : Replies.Delivered, sendingIp: "198.51.100.7");
        }

        var diagnosis = scenario.Single(DiagnosisKind.SenderBlocked);

        Assert.Equal("198.51.100.7", diagnosis.Subject);
        Assert.Contains("from sending IP 198.51.100.7", diagnosis.Evidence);
    }
}
