using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Remediation;

namespace BouncePortal.Domain.Tests.Remediation;

public sealed class FailureExplainerTests
{
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
    public void Decode_MailboxFull_RetriesFor72Hours()
    {
        var explanation = FailureExplainer.Decode("452 4.2.2 Mailbox full");

        Assert.Equal(BounceCategory.MailboxFull, explanation.Classification.Category);
        Assert.Contains("72 hours", explanation.RetryAdvice, StringComparison.Ordinal);
    }
}
