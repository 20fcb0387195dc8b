using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Tests.Diagnostics;

public sealed class SoftToHardRuleTests
{
    private const string Anna = "anna@outreach.example.com";
    private static readonly DateTimeOffset Start = DiagnosisScenario.Start;

    [Fact]
    public void HardRiseTwoDaysLater_FiresHigh()
    {
        var scenario = new DiagnosisScenario();
        SendDay(scenario, 0, soft: 1, hard: 0);
        SendDay(scenario, 1, soft: 1, hard: 0);
        SendDay(scenario, 2, soft: 5, hard: 0);
        SendDay(scenario, 3, soft: 1, hard: 0);
        SendDay(scenario, 4, soft: 1, hard: 4);

        var diagnosis = scenario.Single(DiagnosisKind.SoftToHardConversion);

        Assert.Equal(DiagnosisSeverity.High, diagnosis.Severity);
        Assert.Equal(DiagnosisEngine.AgencySubject, diagnosis.Subject);
        Assert.Contains("soft bounce rate rose to 10.0% on 2024-06-13 (earlier days averaged 2.0%)", diagnosis.Evidence);
        Assert.Contains("hard bounce rate rose to 8.0% on 2024-06-15 (earlier days averaged 0.0%), 2 days later", diagnosis.Evidence);
        Assert.Equal(CauseFamily.Reputation, diagnosis.Checklist.Family);
        Assert.Equal(["2024-06-13", "2024-06-15"], diagnosis.Affected);
    }

    [Fact]
    public void Span_RunsFromSoftRiseToHardRise()
    {
        var scenario = new DiagnosisScenario();
        SendDay(scenario, 0, soft: 1, hard: 0);
        SendDay(scenario, 1, soft: 1, hard: 0);
        SendDay(scenario, 2, soft: 5, hard: 0);
        SendDay(scenario, 3, soft: 1, hard: 0);
        SendDay(scenario, 4, soft: 1, hard: 4);
        SendDay(scenario, 5, soft: 1, hard: 0);

        var diagnosis = scenario.Single(DiagnosisKind.SoftToHardConversion);

        Assert.Equal(Start.AddDays(2), diagnosis.FirstAttemptAt);
        Assert.Equal(Start.AddDays(4).AddHours(2).AddMinutes(10 * 44), diagnosis.LastAttemptAt);
    }

    [Fact]
    public void HardRiseFourDaysLater_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        SendDay(scenario, 0, soft: 1, hard: 0);
        SendDay(scenario, 1, soft: 5, hard: 0);
        SendDay(scenario, 2, soft: 1, hard: 0);
        SendDay(scenario, 3, soft: 1, hard: 0);
        SendDay(scenario, 4, soft: 1, hard: 0);
        SendDay(scenario, 5, soft: 1, hard: 4);

        scenario.AssertNone(DiagnosisKind.SoftToHardConversion);
    }

    [Fact]
    public void SoftRiseWithoutHardRise_IsSilent()
    {
        var scenario = new DiagnosisScenario();
        SendDay(scenario, 0, soft: 1, hard: 1);
        SendDay(scenario, 1, soft: 5, hard: 1);
        SendDay(scenario, 2, soft: 5, hard: 1);
        SendDay(scenario, 3, soft: 1, hard: 1);

        scenario.AssertNone(DiagnosisKind.SoftToHardConversion);
    }

    /// <summary>Sends 50 messages on one day to distinct recipients: <paramref name="soft"/> deferred, <paramref name="hard"/> rejected, the rest delivered.</summary>
    private static void SendDay(DiagnosisScenario scenario, int day, int soft, int hard)
    {
        var from = Start.AddDays(day);
        var interval = TimeSpan.FromMinutes(10);
        scenario.SendMany(Anna, "example.com", soft, from, interval, Replies.MailboxBusy);
        scenario.SendMany(Anna, "example.com", hard, from.AddHours(1), interval, Replies.UserUnknown);
        scenario.SendMany(Anna, "example.com", 50 - soft - hard, from.AddHours(2), interval);
    }
}
