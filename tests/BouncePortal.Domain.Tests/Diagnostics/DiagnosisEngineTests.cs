using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Tests.Diagnostics;

public sealed class DiagnosisEngineTests
{
    [Fact]
    public void Add_NullAttempt_Throws()
    {
        var engine = new DiagnosisEngine();

        Assert.Throws<ArgumentNullException>(() => engine.Add(null!));
    }

    [Fact]
    public void Diagnose_NullOutcomes_Throws()
    {
        var engine = new DiagnosisEngine();

        Assert.Throws<ArgumentNullException>(() => engine.Diagnose(null!));
    }

    [Fact]
    public void Diagnose_NoAttempts_ReturnsNothing()
    {
        var engine = new DiagnosisEngine();

        Assert.Empty(engine.Diagnose(Array.Empty<RecipientOutcome>()));
    }

    [Fact]
    public void Diagnose_HealthyTraffic_ReturnsNothing()
    {
        var scenario = new DiagnosisScenario();
        scenario.SendMany("anna@outreach.example.com", "gmail.com", 35, DiagnosisScenario.Start, TimeSpan.FromSeconds(90));
        scenario.SendMany("ben@outreach.example.com", "example.com", 35, DiagnosisScenario.Start, TimeSpan.FromSeconds(90));

        Assert.Empty(scenario.Diagnose());
    }

    [Fact]
    public void Diagnose_OrdersMostSevereFirst()
    {
        var scenario = new DiagnosisScenario();
        SendSevereAndMild(scenario);

        var severities = scenario.Diagnose().Select(d => d.Severity).ToList();

        Assert.True(severities.Count >= 2);
        Assert.Equal(severities.OrderByDescending(s => s), severities);
    }

    [Fact]
    public void Diagnose_TwiceGivesSameResult()
    {
        var scenario = new DiagnosisScenario();
        SendSevereAndMild(scenario);

        var first = scenario.Diagnose();
        var second = scenario.Diagnose();

        Assert.Equal(first.Select(d => d.Evidence), second.Select(d => d.Evidence));
    }

    [Fact]
    public void Diagnose_AttemptsWithoutRecipient_AreIgnored()
    {
        var withRecipient = new DiagnosisEngine();
        var withoutRecipient = new DiagnosisEngine();
        foreach (var hour in new[] { 0, 24, 48, 73 })
        {
            withRecipient.Add(MailboxFullReply("full@example.org", hour));
            withoutRecipient.Add(MailboxFullReply(string.Empty, hour));
        }

        Assert.Contains(withRecipient.Diagnose(Array.Empty<RecipientOutcome>()), d => d.Kind == DiagnosisKind.MailboxFullTooLong);
        Assert.Empty(withoutRecipient.Diagnose(Array.Empty<RecipientOutcome>()));
    }

    [Fact]
    public void Diagnose_OutcomesWithoutRecipient_AreIgnored()
    {
        var tracker = new RecipientOutcomeTracker();
        for (var day = 0; day < 3; day++)
        {
            tracker.Add(ClassifiedAttempt.From(new DeliveryAttempt(
                "replies.txt", day + 1, DiagnosisScenario.Start.AddDays(day), null, null, "gone@example.org",
                DeliveryOutcome.Bounced, Replies.UserUnknown, null, null, null, SmtpStage.RcptTo)));
        }

        var outcomes = tracker.Outcomes;
        var blanked = outcomes.Select(outcome => outcome with { Recipient = string.Empty }).ToList();

        Assert.Contains(new DiagnosisEngine().Diagnose(outcomes), d => d.Kind == DiagnosisKind.RepeatedlyBouncingAddresses);
        Assert.Empty(new DiagnosisEngine().Diagnose(blanked));
    }

    private static ClassifiedAttempt MailboxFullReply(string recipient, int hour) =>
        ClassifiedAttempt.From(new DeliveryAttempt(
            "replies.txt", hour + 1, DiagnosisScenario.Start.AddHours(hour), "Q1", null, recipient,
            DeliveryOutcome.Deferred, Replies.MailboxFull, null, null, null, SmtpStage.RcptTo));

    private static void SendSevereAndMild(DiagnosisScenario scenario)
    {
        foreach (var mailbox in new[] { "a@outreach.example.com", "b@outreach.example.com" })
        {
            scenario.SendMany(mailbox, "outlook.com", 3, DiagnosisScenario.Start, TimeSpan.FromMinutes(1), Replies.MicrosoftReputation);
            scenario.SendMany(mailbox, "outlook.com", 17, DiagnosisScenario.Start.AddHours(1), TimeSpan.FromMinutes(1));
        }

        var id = scenario.Send("a@outreach.example.com", "grey@example.org", DiagnosisScenario.Start, Replies.Greylisted);
        scenario.Attempt(id, "a@outreach.example.com", "grey@example.org", DeliveryOutcome.Delivered, Replies.Delivered, DiagnosisScenario.Start.AddMinutes(15));
    }
}
