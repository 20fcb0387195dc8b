using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Tests.Remediation;

public sealed class ChecklistsTests
{
    public static TheoryData<CauseFamily> Families => [.. Enum.GetValues<CauseFamily>()];

    [Theory]
    [MemberData(nameof(Families))]
    public void MicrosoftChecklist_NamesNoOtherProvider(CauseFamily family)
    {
        var checklists = new[]
        {
            Checklists.For(family, ReceivingProvider.Microsoft),
            Checklists.For(family, new PersistentSoftBounceRule(3, TimeSpan.FromHours(48)), ReceivingProvider.Microsoft),
        };

        foreach (var step in checklists.SelectMany(checklist => checklist.Steps))
        {
            foreach (var other in new[] { "Gmail", "Google", "Yahoo", "AOL" })
            {
                Assert.DoesNotContain(other, step.Action, StringComparison.Ordinal);
                Assert.DoesNotContain(other, step.Why, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void MicrosoftChecklist_KeepsGeneralShape(CauseFamily family)
    {
        var general = Checklists.For(family);
        var microsoft = Checklists.For(family, ReceivingProvider.Microsoft);

        Assert.Equal(general.Family, microsoft.Family);
        Assert.Equal(general.Title, microsoft.Title);
        Assert.Equal(general.Steps.Count, microsoft.Steps.Count);
    }

    [Fact]
    public void MicrosoftThrottling_NamesMicrosoftLimit()
    {
        var checklist = Checklists.For(CauseFamily.SendingTooFast, ReceivingProvider.Microsoft);

        var spacing = Assert.Single(checklist.Steps, step => step.Action.StartsWith("Space sends", StringComparison.Ordinal));
        Assert.Contains("Microsoft 365 (Exchange Online)", spacing.Why, StringComparison.Ordinal);
        Assert.Contains("roughly 5-10 messages a minute", spacing.Why, StringComparison.Ordinal);
        Assert.Contains("451 4.7.28", spacing.Why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ReceivingProvider.Google)]
    [InlineData(ReceivingProvider.YahooAol)]
    public void OtherProviders_GetGeneralChecklist(ReceivingProvider? provider)
    {
        foreach (var family in Enum.GetValues<CauseFamily>())
        {
            Assert.Same(Checklists.For(family), Checklists.For(family, provider));
        }
    }

    [Fact]
    public void MicrosoftRecipientSide_QuotesAgencyLimits()
    {
        var checklist = Checklists.For(CauseFamily.RecipientSide, new PersistentSoftBounceRule(3, TimeSpan.FromHours(48)), ReceivingProvider.Microsoft);

        Assert.Contains(checklist.Steps, step => step.Action.Contains("at most 3 attempts or 48 hours", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DiagnosisKind.ProviderThrottling, "Microsoft", CauseFamily.SendingTooFast)]
    [InlineData(DiagnosisKind.SharedIpContamination, "Microsoft", CauseFamily.Reputation)]
    public void ForDiagnosis_MicrosoftSubject_GetsMicrosoftVersion(DiagnosisKind kind, string subject, CauseFamily family)
    {
        var checklist = Checklists.ForDiagnosis(kind, subject, family);

        Assert.Same(Checklists.For(family, ReceivingProvider.Microsoft), checklist);
        Assert.NotSame(Checklists.For(family), checklist);
    }

    [Theory]
    [InlineData(DiagnosisKind.ProviderThrottling, "Google", CauseFamily.SendingTooFast)]
    [InlineData(DiagnosisKind.ProviderThrottling, "microsoft", CauseFamily.SendingTooFast)]
    [InlineData(DiagnosisKind.ProviderThrottling, "1", CauseFamily.SendingTooFast)]
    [InlineData(DiagnosisKind.ReceiverRateExceeded, "Microsoft", CauseFamily.SendingTooFast)]
    [InlineData(DiagnosisKind.SoftToHardConversion, "agency", CauseFamily.Reputation)]
    public void ForDiagnosis_OtherSubject_GetsGeneralChecklist(DiagnosisKind kind, string subject, CauseFamily family)
    {
        Assert.Same(Checklists.For(family), Checklists.ForDiagnosis(kind, subject, family));
    }

    [Fact]
    public void Decode_MicrosoftRateLimit_ChecklistNamesMicrosoft()
    {
        var explanation = FailureExplainer.Decode(
            "451 4.7.28 Service unavailable, please try again later [AM0PR01MB1234.eurprd01.prod.outlook.com]");

        Assert.Equal(ReceivingProvider.Microsoft, explanation.Classification.Provider);
        Assert.Equal(BounceCategory.RateLimited, explanation.Classification.Category);
        Assert.Contains(explanation.Checklist.Steps, step => step.Why.Contains("Microsoft 365", StringComparison.Ordinal));
        Assert.DoesNotContain(explanation.Checklist.Steps, step => step.Why.Contains("Gmail", StringComparison.Ordinal));
    }

    [Fact]
    public void Decode_GmailRateLimit_ChecklistNamesGmail()
    {
        var explanation = FailureExplainer.Decode(
            "421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. gsmtp");

        Assert.Contains(explanation.Checklist.Steps, step => step.Why.Contains("Gmail", StringComparison.Ordinal));
    }

    [Fact]
    public void GeneralSpacingStep_NamesConsumerMailLimit()
    {
        var spacing = Checklists.For(CauseFamily.SendingTooFast).Steps[2];

        Assert.Contains("Yahoo and Hotmail", spacing.Why, StringComparison.Ordinal);
        Assert.Contains("about 20 a minute", spacing.Why, StringComparison.Ordinal);
    }
}
