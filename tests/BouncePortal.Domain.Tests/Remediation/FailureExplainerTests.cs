using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Tests.Remediation;

public sealed class FailureExplainerTests
{
    [Fact]
    public void Decode_RetryTimeoutExceeded_DoesNotAdviseRetrying()
    {
        var explanation = FailureExplainer.Decode("retry timeout exceeded");

        Assert.Equal(BounceCategory.Expired, explanation.Classification.Category);
        Assert.StartsWith("Do not retry at once", explanation.RetryAdvice, StringComparison.Ordinal);
        Assert.DoesNotContain("Retry with backoff", explanation.RetryAdvice, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SenderBlamedSoftFailure_KeepsRecipient()
    {
        var explanation = FailureExplainer.Decode("450 4.7.1 <host.example[192.0.2.1]>: Client host rejected: Access denied");

        Assert.Equal(Blame.Sender, explanation.Classification.Blame);
        Assert.False(explanation.Classification.Suppress);
        Assert.Contains("keep it", explanation.RetryAdvice, StringComparison.Ordinal);
        Assert.DoesNotContain("hard bounce", explanation.RetryAdvice, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OutlookBlock_PointsAtMicrosoftTools()
    {
        var explanation = FailureExplainer.Decode(
            "550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).");

        Assert.Equal(ReceivingProvider.Microsoft, explanation.Classification.Provider);
        Assert.Contains(explanation.Checklist.Steps, step => step.Action.Contains("Microsoft SNDS", StringComparison.Ordinal));
        Assert.DoesNotContain(explanation.Checklist.Steps, step => step.Action.Contains("Google Postmaster Tools", StringComparison.Ordinal));
    }

    [Fact]
    public void Decode_PolicyServiceUnavailable_IsNoBusyServer()
    {
        var explanation = FailureExplainer.Decode("554 5.7.1 Service unavailable");

        Assert.Equal(BounceCategory.PolicyRejected, explanation.Classification.Category);
        Assert.Equal(Blame.ReceiverInfrastructure, explanation.Classification.Blame);
        Assert.Equal(BounceClass.Hard, explanation.Classification.Class);
        Assert.Equal(DeliveryOutcome.Bounced, explanation.Classification.Outcome);
        Assert.Equal("Do not retry: the failure is permanent.", explanation.RetryAdvice);
        Assert.DoesNotContain("overloaded", explanation.Meaning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Greylisted, please try again later", BounceCategory.Greylisted, "Retry after 15-30 minutes")]
    [InlineData("Mailbox full", BounceCategory.MailboxFull, "Retry for at most 5 attempts or 72 hours")]
    [InlineData("Connection timed out", BounceCategory.NetworkError, "Retry with backoff")]
    public void Decode_SoftWordsWithoutCode_AreSoft(string reply, BounceCategory category, string advice)
    {
        var explanation = FailureExplainer.Decode(reply);

        Assert.Equal(category, explanation.Classification.Category);
        Assert.Equal(BounceClass.Soft, explanation.Classification.Class);
        Assert.Equal(DeliveryOutcome.Deferred, explanation.Classification.Outcome);
        Assert.StartsWith(advice, explanation.RetryAdvice, StringComparison.Ordinal);
        Assert.True(explanation.Determined);
    }

    [Fact]
    public void Decode_PermanentServiceUnavailable_AdvisesNoQuickRetry()
    {
        var explanation = FailureExplainer.Decode("554 Service unavailable");

        Assert.Equal(BounceClass.Hard, explanation.Classification.Class);
        Assert.Equal(BounceCategory.ReceiverError, explanation.Classification.Category);
        Assert.False(explanation.Classification.Suppress);
        Assert.StartsWith("Do not retry at once", explanation.RetryAdvice);
        Assert.Contains("Keep the recipient", explanation.RetryAdvice);
    }

    [Fact]
    public void Decode_MailboxFull_RetriesFor72Hours()
    {
        var explanation = FailureExplainer.Decode("452 4.2.2 Mailbox full");

        Assert.Equal(BounceCategory.MailboxFull, explanation.Classification.Category);
        Assert.Contains("72 hours", explanation.RetryAdvice, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MailboxFull_QuotesAgencyHours()
    {
        var explanation = FailureExplainer.Decode("452 4.2.2 Mailbox full", new PersistentSoftBounceRule(5, TimeSpan.FromHours(120)));

        Assert.Equal("Retry for at most 5 attempts or 120 hours, whichever comes first, then remove the address.", explanation.RetryAdvice);
        Assert.Contains(explanation.Checklist.Steps, step => step.Action.Contains("at most 5 attempts or 120 hours", StringComparison.Ordinal));
        Assert.DoesNotContain(explanation.Checklist.Steps, step => step.Action.Contains("72 hours", StringComparison.Ordinal));
    }

    [Fact]
    public void Decode_NetworkError_QuotesAgencyLimits()
    {
        var explanation = FailureExplainer.Decode("Connection timed out", new PersistentSoftBounceRule(2, TimeSpan.FromHours(1)));

        Assert.Equal(BounceCategory.NetworkError, explanation.Classification.Category);
        Assert.Contains("for at most 2 attempts or 1 hour, whichever comes first", explanation.RetryAdvice, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_UnnamedSoftCause_NamesPersistence()
    {
        var classification = new BounceClassification(
            DeliveryOutcome.Bounced, BounceClass.Soft, 450, "4.0.0", BounceCategory.Unknown, Blame.Unknown,
            ReceivingProvider.Other, Suppress: false, Evidence: "4.0.0");

        var explanation = FailureExplainer.Explain(classification, new PersistentSoftBounceRule(4, TimeSpan.FromHours(96)));

        Assert.StartsWith("Retry with backoff, for at most 4 attempts or 96 hours", explanation.RetryAdvice, StringComparison.Ordinal);
        Assert.Contains("persistent soft bounce", explanation.RetryAdvice, StringComparison.Ordinal);
    }
}
