using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Tests.Diagnostics;

public sealed class GreylistingRulesTests
{
    private const string Anna = "anna@outreach.example.com";
    private const string Recipient = "cfo@example.org";
    private static readonly DateTimeOffset Start = DiagnosisScenario.Start;

    [Fact]
    public void Resolved_DeliveredAfterFifteenMinutes_FiresLow()
    {
        var scenario = new DiagnosisScenario();
        var id = scenario.Send(Anna, Recipient, Start, Replies.Greylisted);
        scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Delivered, Replies.Delivered, Start.AddMinutes(15));

        var diagnosis = scenario.Single(DiagnosisKind.GreylistingResolved);

        Assert.Equal(DiagnosisSeverity.Low, diagnosis.Severity);
        Assert.Equal(DiagnosisEngine.AgencySubject, diagnosis.Subject);
        Assert.Contains("1 of 1 greylisted messages were delivered on a retry within 30 minutes", diagnosis.Evidence);
        Assert.Equal(CauseFamily.Greylisting, diagnosis.Checklist.Family);
    }

    [Fact]
    public void Resolved_Span_IsGreylistedMessage()
    {
        var scenario = new DiagnosisScenario();
        scenario.Send(Anna, "lead@example.com", Start);
        var id = scenario.Send(Anna, Recipient, Start.AddHours(3), Replies.Greylisted);
        scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Delivered, Replies.Delivered, Start.AddHours(3).AddMinutes(15));
        scenario.Send(Anna, "ops@example.com", Start.AddHours(6));

        var diagnosis = scenario.Single(DiagnosisKind.GreylistingResolved);

        Assert.Equal(Start.AddHours(3), diagnosis.FirstAttemptAt);
        Assert.Equal(Start.AddHours(3).AddMinutes(15), diagnosis.LastAttemptAt);
    }

    [Fact]
    public void Resolved_DeliveredAfterFortyFiveMinutes_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        var id = scenario.Send(Anna, Recipient, Start, Replies.Greylisted);
        scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Delivered, Replies.Delivered, Start.AddMinutes(45));

        scenario.AssertNone(DiagnosisKind.GreylistingResolved);
    }

    [Fact]
    public void ShortRetries_ThreeAttemptsTwoMinutesApart_Fires()
    {
        var scenario = new DiagnosisScenario();
        var id = scenario.Send(Anna, Recipient, Start, Replies.Greylisted);
        scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Deferred, Replies.Greylisted, Start.AddMinutes(2));
        scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Deferred, Replies.Greylisted, Start.AddMinutes(4));

        var diagnosis = scenario.Single(DiagnosisKind.GreylistingRetriesTooShort);

        Assert.Equal(DiagnosisSeverity.Medium, diagnosis.Severity);
        Assert.Equal([Anna], diagnosis.Affected);
        Assert.Contains("1 greylisted message was retried after as little as 2.0 minutes, under 5", diagnosis.Evidence);
        Assert.Contains("at most 3 attempts", diagnosis.Evidence);
    }

    [Fact]
    public void ShortRetries_FifteenMinutesApart_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        var id = scenario.Send(Anna, Recipient, Start, Replies.Greylisted);
        scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Deferred, Replies.Greylisted, Start.AddMinutes(15));
        scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Deferred, Replies.Greylisted, Start.AddMinutes(45));

        scenario.AssertNone(DiagnosisKind.GreylistingRetriesTooShort);
    }

    [Fact]
    public void ShortRetries_ThenDelivered_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        var id = scenario.Send(Anna, Recipient, Start, Replies.Greylisted);
        scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Delivered, Replies.Delivered, Start.AddMinutes(2));

        scenario.AssertNone(DiagnosisKind.GreylistingRetriesTooShort);
    }

    [Fact]
    public void ShortRetries_FourAttempts_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        var id = scenario.Send(Anna, Recipient, Start, Replies.Greylisted);
        for (var i = 1; i <= 3; i++)
        {
            scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Deferred, Replies.Greylisted, Start.AddMinutes(2 * i));
        }

        scenario.AssertNone(DiagnosisKind.GreylistingRetriesTooShort);
    }

    [Fact]
    public void EverySend_ThreeMessagesAllGreylisted_Fires()
    {
        var scenario = new DiagnosisScenario();
        SendGreylistedThenDelivered(scenario, 3);
        scenario.Send(Anna, "ops@example.org", Start);

        var diagnosis = scenario.Single(DiagnosisKind.RecipientGreylistsEverySend);

        Assert.Equal(DiagnosisSeverity.Low, diagnosis.Severity);
        Assert.Equal([Recipient], diagnosis.Affected);
        Assert.Contains("1 recipient greylisted the first attempt of every message they were sent (3 messages", diagnosis.Evidence);
    }

    [Fact]
    public void EverySend_OneMessageNotGreylisted_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        SendGreylistedThenDelivered(scenario, 2);
        scenario.Send(Anna, Recipient, Start.AddDays(3));

        scenario.AssertNone(DiagnosisKind.RecipientGreylistsEverySend);
    }

    [Fact]
    public void EverySend_TwoMessages_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        SendGreylistedThenDelivered(scenario, 2);

        scenario.AssertNone(DiagnosisKind.RecipientGreylistsEverySend);
    }

    private static void SendGreylistedThenDelivered(DiagnosisScenario scenario, int messages)
    {
        for (var day = 0; day < messages; day++)
        {
            var at = Start.AddDays(day);
            var id = scenario.Send(Anna, Recipient, at, Replies.Greylisted);
            scenario.Attempt(id, Anna, Recipient, DeliveryOutcome.Delivered, Replies.Delivered, at.AddMinutes(20));
        }
    }
}
