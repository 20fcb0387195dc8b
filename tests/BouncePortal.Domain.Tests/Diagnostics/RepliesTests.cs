using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Tests.Diagnostics;

/// <summary>Checks that the generated logs' replies classify as the diagnosis tests assume.</summary>
public sealed class DiagnosisRepliesTests
{
    [Theory]
    [InlineData(Replies.GmailThrottled, "x@gmail.com", BounceCategory.RateLimited)]
    [InlineData(Replies.MicrosoftReputation, "x@outlook.com", BounceCategory.SenderReputation)]
    [InlineData(Replies.Greylisted, "x@example.org", BounceCategory.Greylisted)]
    [InlineData(Replies.MailboxFull, "x@example.org", BounceCategory.MailboxFull)]
    [InlineData(Replies.MailboxBusy, "x@example.org", BounceCategory.MailboxBusy)]
    [InlineData(Replies.LocalError, "x@example.org", BounceCategory.ReceiverError)]
    [InlineData(Replies.ContentWarning, "x@example.org", BounceCategory.ContentRejected)]
    [InlineData(Replies.UserUnknown, "x@example.org", BounceCategory.UserUnknown)]
    public void DiagnosisReplies_ClassifyAsAssumed(string reply, string recipient, BounceCategory expected)
    {
        var outcome = reply[0] == '4' ? DeliveryOutcome.Deferred : DeliveryOutcome.Bounced;

        var classified = ClassifiedAttempt.From(new DeliveryAttempt(
            "generated.log", 1, DiagnosisScenario.Start, "Q1", "anna@outreach.example.com", recipient,
            outcome, reply, null, null, null, SmtpStage.RcptTo));

        Assert.Equal(expected, classified.Classification.Category);
    }
}
