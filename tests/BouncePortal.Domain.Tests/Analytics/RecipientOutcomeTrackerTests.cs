using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Tests.Analytics;

public sealed class RecipientOutcomeTrackerTests
{
    private const string Greylisted = "451 4.7.1 <cfo@example.org>: Recipient address rejected: Greylisted for 5 minutes";
    private const string MailboxFull = "452 4.2.2 The email account that you tried to reach is over quota";
    private const string UserUnknown = "550 5.1.1 The email account that you tried to reach does not exist";
    private const string ConnectionTimedOut = "connect to gmail-smtp-in.l.google.com[192.0.2.27]:25: Connection timed out";
    private const string GmailRateLimit = "421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address";
    private static readonly DateTimeOffset Start = new(2024, 6, 11, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Greylisting_ThenDelivered_IsResolved()
    {
        var tracker = new RecipientOutcomeTracker();

        tracker.Add(Attempt(DeliveryOutcome.Deferred, Greylisted, Start));
        tracker.Add(Attempt(DeliveryOutcome.Delivered, "250 2.0.0 Ok", Start.AddMinutes(15)));

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.True(outcome.SoftBounced);
        Assert.False(outcome.HardBounced);
        Assert.True(outcome.ResolvedDeferral);
        Assert.True(outcome.GreylistingResolved);
        Assert.False(outcome.Suppress);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(DeliveryOutcome.Delivered, outcome.FinalOutcome);
        Assert.Equal(BounceCategory.Greylisted, outcome.FinalCategory);
    }

    [Fact]
    public void MailboxFull_FiveAttempts_IsPersistentAndSuppressed()
    {
        var tracker = new RecipientOutcomeTracker();

        for (var i = 0; i < 5; i++)
        {
            tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start.AddHours(i)));
        }

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.True(outcome.PersistentSoftBounce);
        Assert.True(outcome.Suppress);
        Assert.Equal(5, outcome.SoftFailures);
        Assert.False(outcome.ResolvedDeferral);
    }

    [Fact]
    public void MailboxFull_FourAttempts_IsNotYetPersistent()
    {
        var tracker = new RecipientOutcomeTracker();

        for (var i = 0; i < 4; i++)
        {
            tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start.AddHours(i)));
        }

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.False(outcome.PersistentSoftBounce);
        Assert.False(outcome.Suppress);
    }

    [Fact]
    public void MailboxFull_Over72Hours_IsPersistent()
    {
        var tracker = new RecipientOutcomeTracker();

        tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start));
        tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start.AddHours(72)));

        Assert.True(Assert.Single(tracker.Outcomes).PersistentSoftBounce);
    }

    [Fact]
    public void AgencyRule_ThreeAttempts_IsPersistent()
    {
        var tracker = new RecipientOutcomeTracker(new PersistentSoftBounceRule(3, TimeSpan.FromHours(24)));

        for (var i = 0; i < 3; i++)
        {
            tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start.AddMinutes(i)));
        }

        Assert.True(Assert.Single(tracker.Outcomes).Suppress);
    }

    [Fact]
    public void SenderBlamedSoftBounce_NeverSuppresses()
    {
        var tracker = new RecipientOutcomeTracker();

        for (var i = 0; i < 8; i++)
        {
            tracker.Add(Attempt(DeliveryOutcome.Deferred, GmailRateLimit, Start.AddHours(12 * i)));
        }

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.True(outcome.PersistentSoftBounce);
        Assert.False(outcome.Suppress);
        Assert.Equal(Blame.Sender, outcome.FinalBlame);
    }

    [Fact]
    public void NetworkSoftBounce_IsPersistentButNeverSuppresses()
    {
        var tracker = new RecipientOutcomeTracker();

        for (var i = 0; i < 6; i++)
        {
            tracker.Add(Attempt(DeliveryOutcome.Deferred, ConnectionTimedOut, Start.AddHours(3 * i)));
        }

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.True(outcome.PersistentSoftBounce);
        Assert.False(outcome.Suppress);
        Assert.Equal(BounceCategory.NetworkError, outcome.FinalCategory);
        Assert.Equal(Blame.Network, outcome.FinalBlame);
    }

    [Fact]
    public void UserUnknown_IsHardAndSuppressed()
    {
        var tracker = new RecipientOutcomeTracker();

        tracker.Add(Attempt(DeliveryOutcome.Bounced, UserUnknown, Start));

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.True(outcome.HardBounced);
        Assert.False(outcome.SoftBounced);
        Assert.True(outcome.Suppress);
        Assert.Equal(BounceCategory.UserUnknown, outcome.FinalCategory);
    }

    [Fact]
    public void DeliveredAfterFailures_IsNotSuppressed()
    {
        var tracker = new RecipientOutcomeTracker();

        for (var i = 0; i < 6; i++)
        {
            tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start.AddHours(i)));
        }

        tracker.Add(Attempt(DeliveryOutcome.Delivered, "250 2.0.0 Ok", Start.AddHours(7)));

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.False(outcome.Suppress);
        Assert.False(outcome.PersistentSoftBounce);
        Assert.True(outcome.ResolvedDeferral);
        Assert.False(outcome.GreylistingResolved);
    }

    [Fact]
    public void AttemptsWithoutQueueId_AreSeparateMessages()
    {
        var tracker = new RecipientOutcomeTracker();

        tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start, queueId: null));
        tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start.AddHours(1), queueId: null));

        Assert.Equal(2, tracker.Outcomes.Count);
    }

    [Fact]
    public void CompleteMessage_ReleasesPairsForTaking()
    {
        var tracker = new RecipientOutcomeTracker();
        tracker.Add(Attempt(DeliveryOutcome.Deferred, Greylisted, Start, queueId: "A1"));
        tracker.Add(Attempt(DeliveryOutcome.Delivered, "250 ok", Start.AddMinutes(20), queueId: "A1"));
        tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start, queueId: "A2"));

        tracker.CompleteMessage("A1");

        Assert.Equal(1, tracker.OpenPairs);
        var taken = Assert.Single(tracker.TakeCompleted());
        Assert.Equal("A1", taken.QueueId);
        Assert.True(taken.GreylistingResolved);
        Assert.Empty(tracker.TakeCompleted());
        Assert.Equal("A2", Assert.Single(tracker.Outcomes).QueueId);
    }

    [Fact]
    public void CompleteMessage_ReusedQueueId_CountsTwoMessages()
    {
        var tracker = new RecipientOutcomeTracker();
        tracker.Add(Attempt(DeliveryOutcome.Bounced, UserUnknown, Start, queueId: "A1"));
        tracker.CompleteMessage("A1");

        tracker.Add(Attempt(DeliveryOutcome.Delivered, "250 ok", Start.AddDays(30), queueId: "A1"));

        Assert.Equal(2, tracker.Outcomes.Count);
        Assert.Equal(new BounceRates(2, 0, 1), RecipientOutcomeTracker.Summarize(tracker.Outcomes));
    }

    [Fact]
    public void Summarize_CountsSoftAndHardSeparately()
    {
        var tracker = new RecipientOutcomeTracker();
        tracker.Add(Attempt(DeliveryOutcome.Deferred, Greylisted, Start, queueId: "A1"));
        tracker.Add(Attempt(DeliveryOutcome.Delivered, "250 ok", Start.AddMinutes(20), queueId: "A1"));
        tracker.Add(Attempt(DeliveryOutcome.Bounced, UserUnknown, Start, queueId: "A2"));
        tracker.Add(Attempt(DeliveryOutcome.Delivered, "250 ok", Start, queueId: "A3"));

        var rates = RecipientOutcomeTracker.Summarize(tracker.Outcomes);

        Assert.Equal(new BounceRates(3, 1, 1), rates);
        Assert.Equal(33.33, rates.SoftRate);
        Assert.Equal(BounceZone.Critical, rates.SoftZone);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void AttemptWithoutRecipient_CreatesNoOutcome(string recipient)
    {
        var tracker = new RecipientOutcomeTracker();

        tracker.Add(Attempt(DeliveryOutcome.Bounced, UserUnknown, Start, queueId: null, recipient));
        tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start, queueId: "Q1", recipient));
        tracker.CompleteMessage("Q1");

        Assert.Empty(tracker.Outcomes);
        Assert.Empty(tracker.TakeCompleted());
        Assert.Equal(0, tracker.OpenPairs);
    }

    [Fact]
    public void AttemptWithoutRecipient_LeavesOtherPairsCounted()
    {
        var tracker = new RecipientOutcomeTracker();

        tracker.Add(Attempt(DeliveryOutcome.Bounced, UserUnknown, Start, queueId: null, recipient: string.Empty));
        tracker.Add(Attempt(DeliveryOutcome.Bounced, UserUnknown, Start, queueId: "Q1"));

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.Equal("cfo@example.org", outcome.Recipient);
        Assert.Equal(new BounceRates(1, 0, 1), RecipientOutcomeTracker.Summarize(tracker.Outcomes));
    }

    [Fact]
    public void RetryOfEarlierDeferral_ContinuesItsOutcome()
    {
        var yesterday = new RecipientOutcomeTracker();
        yesterday.Add(Attempt(DeliveryOutcome.Deferred, Greylisted, Start));
        var earlier = Assert.Single(yesterday.Outcomes);
        var tracker = new RecipientOutcomeTracker { FindContinued = attempt => attempt.QueueId == "Q1" ? earlier : null };

        tracker.Add(Attempt(DeliveryOutcome.Delivered, "250 2.0.0 Ok", Start.AddMinutes(20)));

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.Same(earlier, outcome.ContinuedFrom);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(Start, outcome.FirstAttemptAt);
        Assert.Equal(Start.AddMinutes(20), outcome.LastAttemptAt);
        Assert.True(outcome.ResolvedDeferral);
        Assert.True(outcome.GreylistingResolved);
        Assert.True(outcome.SoftBounced);
        Assert.Equal(DeliveryOutcome.Delivered, outcome.FinalOutcome);
    }

    [Fact]
    public void EarlierDeferrals_AddUpToPersistent()
    {
        var yesterday = new RecipientOutcomeTracker();
        for (var i = 0; i < 3; i++)
        {
            yesterday.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start.AddHours(i)));
        }

        var earlier = Assert.Single(yesterday.Outcomes);
        Assert.False(earlier.Suppress);
        var tracker = new RecipientOutcomeTracker { FindContinued = _ => earlier };

        tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start.AddHours(3)));
        tracker.Add(Attempt(DeliveryOutcome.Deferred, MailboxFull, Start.AddHours(4)));

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.Equal(5, outcome.Attempts);
        Assert.Equal(5, outcome.SoftFailures);
        Assert.True(outcome.PersistentSoftBounce);
        Assert.True(outcome.Suppress);
    }

    [Fact]
    public void NothingToContinue_CountsOnItsOwn()
    {
        var tracker = new RecipientOutcomeTracker { FindContinued = _ => null };

        tracker.Add(Attempt(DeliveryOutcome.Delivered, "250 2.0.0 Ok", Start));

        var outcome = Assert.Single(tracker.Outcomes);
        Assert.Null(outcome.ContinuedFrom);
        Assert.Equal(1, outcome.Attempts);
        Assert.False(outcome.ResolvedDeferral);
    }

    private static ClassifiedAttempt Attempt(
        DeliveryOutcome outcome, string reply, DateTimeOffset at, string? queueId = "Q1", string recipient = "cfo@example.org") =>
        ClassifiedAttempt.From(new DeliveryAttempt(
            "test.log", 1, at, queueId, "anna@outreach-example.com", recipient,
            outcome, reply, null, "mx1.example.org", "192.0.2.70", SmtpStage.RcptTo));
}
