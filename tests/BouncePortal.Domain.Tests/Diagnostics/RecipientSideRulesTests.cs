using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Tests.Diagnostics;

public sealed class RecipientSideRulesTests
{
    private const string Anna = "anna@outreach.example.com";
    private const string Recipient = "full@example.org";
    private static readonly DateTimeOffset Start = DiagnosisScenario.Start;

    [Fact]
    public void MailboxFull_SeventyThreeHours_Fires()
    {
        var scenario = new DiagnosisScenario();
        SendMailboxFull(scenario, 0, 24, 48, 73);

        var diagnosis = scenario.Single(DiagnosisKind.MailboxFullTooLong);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal(DiagnosisEngine.AgencySubject, diagnosis.Subject);
        Assert.Equal([Recipient], diagnosis.Affected);
        Assert.Contains("1 recipient mailbox reported full for more than 72 hours, the longest for 73 hours", diagnosis.Evidence);
        Assert.Equal(CauseFamily.RecipientSide, diagnosis.Checklist.Family);
    }

    [Fact]
    public void MailboxFull_Span_CoversFullReplies()
    {
        var scenario = new DiagnosisScenario();
        scenario.Send(Anna, "lead@example.com", Start.AddHours(-5));
        SendMailboxFull(scenario, 0, 24, 48, 73);

        var diagnosis = scenario.Single(DiagnosisKind.MailboxFullTooLong);

        Assert.Equal(Start, diagnosis.FirstAttemptAt);
        Assert.Equal(Start.AddHours(73), diagnosis.LastAttemptAt);
    }

    [Fact]
    public void MailboxFull_SeventyTwoHours_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        SendMailboxFull(scenario, 0, 24, 48, 72);

        scenario.AssertNone(DiagnosisKind.MailboxFullTooLong);
    }

    [Fact]
    public void LocalError_ThreeOfThreeMessages_Fires()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "flaky.example", 3, Start, TimeSpan.FromHours(1), Replies.LocalError);
        scenario.SendMany(Anna, "example.com", 5, Start, TimeSpan.FromHours(1));

        var diagnosis = scenario.Single(DiagnosisKind.RecipientDomainFailing);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal("flaky.example", diagnosis.Subject);
        Assert.Equal(["flaky.example"], diagnosis.Affected);
        Assert.Contains("3 of 3 messages to flaky.example (100.0%) failed with 4.3.0", diagnosis.Evidence);
    }

    [Fact]
    public void LocalError_ThreeOfFiveMessages_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "flaky.example", 3, Start, TimeSpan.FromHours(1), Replies.LocalError);
        scenario.SendMany(Anna, "flaky.example", 2, Start.AddHours(5), TimeSpan.FromHours(1));

        scenario.AssertNone(DiagnosisKind.RecipientDomainFailing);
    }

    [Fact]
    public void LocalError_ResolvedOnRetry_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        for (var i = 0; i < 3; i++)
        {
            var recipient = $"r{i}@flaky.example";
            var id = scenario.Send(Anna, recipient, Start.AddHours(i), Replies.LocalError);
            scenario.Attempt(id, Anna, recipient, DeliveryOutcome.Delivered, Replies.Delivered, Start.AddHours(i).AddMinutes(30));
        }

        scenario.AssertNone(DiagnosisKind.RecipientDomainFailing);
    }

    [Fact]
    public void LocalError_TwoMessages_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany(Anna, "flaky.example", 2, Start, TimeSpan.FromHours(1), Replies.LocalError);

        scenario.AssertNone(DiagnosisKind.RecipientDomainFailing);
    }

    private static void SendMailboxFull(DiagnosisScenario scenario, params int[] hours)
    {
        var id = scenario.NewQueueId();
        foreach (var hour in hours)
        {
            scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Deferred, Replies.MailboxFull, Start.AddHours(hour));
        }
    }
}
