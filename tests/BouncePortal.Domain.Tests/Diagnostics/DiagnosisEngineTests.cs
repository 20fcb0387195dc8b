using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;

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
