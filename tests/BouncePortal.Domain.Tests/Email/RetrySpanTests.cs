using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using static BouncePortal.Domain.Tests.Email.BounceEmails;

namespace BouncePortal.Domain.Tests.Email;

/// <summary>
/// A delivery status report with <c>Action: failed</c> and a temporary result states how long the
/// MTA retried: from the message's Arrival-Date to the recipient's Last-Attempt-Date, else to the
/// report's Date header.
/// </summary>
public sealed class RetrySpanTests
{
    private const string MailboxFull = "452 4.2.2 The email account that you tried to reach is over quota";
    private const string MicrosoftReputation = "451 4.7.500 Server busy. Please try again later from [198.51.100.24]. (S77714)";
    private const string UserUnknown = "550 5.1.1 The email account that you tried to reach does not exist";
    private static readonly DateTimeOffset Arrival = new(2024, 6, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FailedSoft_FourDays_IsPersistentAndSuppressed()
    {
        var attempt = Assert.Single(Read(Report("failed", "4.2.2", MailboxFull, lastAttempt: Arrival.AddDays(4))));

        var classified = ClassifiedAttempt.From(attempt);
        var outcome = Track(classified);

        Assert.Equal(Arrival, attempt.FirstAttemptAt);
        Assert.Equal(Arrival.AddDays(4), attempt.Timestamp);
        Assert.Equal(TimeSpan.FromDays(4), attempt.RetrySpan);
        Assert.Equal(DeliveryOutcome.Bounced, classified.Classification.Outcome);
        Assert.Equal(BounceClass.Soft, classified.Classification.Class);
        Assert.Equal(BounceCategory.MailboxFull, classified.Classification.Category);
        Assert.True(classified.Classification.Suppress);
        Assert.Contains("the report shows retries over 96 hours (limit 72 hours)", classified.Classification.Evidence);
        Assert.True(outcome.PersistentSoftBounce);
        Assert.True(outcome.Suppress);
        Assert.Equal(Arrival, outcome.FirstAttemptAt);
        Assert.Equal(Arrival.AddDays(4), outcome.LastAttemptAt);
    }

    [Fact]
    public void FailedSoft_TenHours_IsNotPersistent()
    {
        var attempt = Assert.Single(Read(Report("failed", "4.2.2", MailboxFull, lastAttempt: Arrival.AddHours(10))));

        var classified = ClassifiedAttempt.From(attempt);
        var outcome = Track(classified);

        Assert.Equal(TimeSpan.FromHours(10), attempt.RetrySpan);
        Assert.False(classified.Classification.Suppress);
        Assert.DoesNotContain("persistent", classified.Classification.Evidence);
        Assert.False(outcome.PersistentSoftBounce);
        Assert.False(outcome.Suppress);
        Assert.True(outcome.SoftBounced);
    }

    [Fact]
    public void SenderBlamedFourDays_KeepsRecipient()
    {
        var attempt = Assert.Single(Read(Report("failed", "4.7.500", MicrosoftReputation, lastAttempt: Arrival.AddDays(4))));

        var classified = ClassifiedAttempt.From(attempt);
        var outcome = Track(classified);

        Assert.Equal(Blame.Sender, classified.Classification.Blame);
        Assert.False(classified.Classification.Suppress);
        Assert.Contains("persistent soft bounce", classified.Classification.Evidence);
        Assert.True(outcome.PersistentSoftBounce);
        Assert.False(outcome.Suppress);
        Assert.Equal(Blame.Sender, outcome.FinalBlame);
    }

    [Fact]
    public void AgencyRule120Hours_FourDays_IsNotPersistent()
    {
        var rule = new PersistentSoftBounceRule(5, TimeSpan.FromHours(120));
        var attempt = Assert.Single(Read(Report("failed", "4.2.2", MailboxFull, lastAttempt: Arrival.AddDays(4))));

        var classified = ClassifiedAttempt.From(attempt, rule);
        var outcome = Track(classified, rule);

        Assert.False(classified.Classification.Suppress);
        Assert.DoesNotContain("persistent", classified.Classification.Evidence);
        Assert.False(outcome.PersistentSoftBounce);
        Assert.False(outcome.Suppress);
    }

    [Fact]
    public void AgencyRule120Hours_SixDays_IsPersistent()
    {
        var rule = new PersistentSoftBounceRule(5, TimeSpan.FromHours(120));
        var attempt = Assert.Single(Read(Report("failed", "4.2.2", MailboxFull, lastAttempt: Arrival.AddDays(6))));

        var classified = ClassifiedAttempt.From(attempt, rule);

        Assert.True(classified.Classification.Suppress);
        Assert.Contains("retries over 144 hours (limit 120 hours)", classified.Classification.Evidence);
        Assert.True(Track(classified, rule).PersistentSoftBounce);
    }

    [Fact]
    public void NoLastAttemptDate_UsesReportDate()
    {
        var attempt = Assert.Single(Read(Report("failed", "4.2.2", MailboxFull, lastAttempt: null, reportDate: Arrival.AddHours(80))));

        Assert.Equal(Arrival, attempt.FirstAttemptAt);
        Assert.Equal(Arrival.AddHours(80), attempt.Timestamp);
        Assert.True(ClassifiedAttempt.From(attempt).Classification.Suppress);
    }

    [Fact]
    public void SoftReplyUnderHardStatus_UsesReplyClass()
    {
        var attempt = Assert.Single(Read(Report("failed", "5.0.0", MailboxFull, lastAttempt: Arrival.AddDays(4))));

        Assert.Equal(Arrival, attempt.FirstAttemptAt);
        Assert.True(ClassifiedAttempt.From(attempt).Classification.Suppress);
    }

    [Fact]
    public void DelayNotice_FourDays_NeverSuppresses()
    {
        var attempt = Assert.Single(Read(Report("delayed", "4.2.2", MailboxFull, lastAttempt: Arrival.AddDays(4))));

        var classified = ClassifiedAttempt.From(attempt);
        var outcome = Track(classified);

        Assert.Null(attempt.FirstAttemptAt);
        Assert.Equal(DeliveryOutcome.Deferred, classified.Classification.Outcome);
        Assert.False(classified.Classification.Suppress);
        Assert.False(outcome.PersistentSoftBounce);
        Assert.False(outcome.Suppress);
    }

    [Fact]
    public void FailedHard_ReportsNoSpan()
    {
        var attempt = Assert.Single(Read(Report("failed", "5.1.1", UserUnknown, lastAttempt: null, reportDate: Arrival.AddDays(4))));

        Assert.Null(attempt.FirstAttemptAt);
        Assert.Null(attempt.RetrySpan);
        Assert.Equal(Arrival, attempt.Timestamp);
    }

    [Fact]
    public void ReportDateBeforeArrival_ReportsNoSpan()
    {
        var attempt = Assert.Single(Read(Report("failed", "4.2.2", MailboxFull, lastAttempt: null, reportDate: Arrival.AddHours(-1))));

        Assert.Null(attempt.FirstAttemptAt);
        Assert.Equal(Arrival, attempt.Timestamp);
        Assert.False(ClassifiedAttempt.From(attempt).Classification.Suppress);
    }

    [Fact]
    public void WithoutArrivalDate_ReportsNoSpan()
    {
        var email = Report("failed", "4.2.2", MailboxFull, lastAttempt: Arrival.AddDays(4))
            .Replace($"Arrival-Date: {Arrival:R}\n", string.Empty);

        var attempt = Assert.Single(Read(email));

        Assert.Null(attempt.FirstAttemptAt);
        Assert.Equal(Arrival.AddDays(4), attempt.Timestamp);
        Assert.False(ClassifiedAttempt.From(attempt).Classification.Suppress);
    }

    private static RecipientOutcome Track(ClassifiedAttempt classified, PersistentSoftBounceRule? rule = null)
    {
        var tracker = new RecipientOutcomeTracker(rule ?? PersistentSoftBounceRule.Default);
        tracker.Add(classified);
        return Assert.Single(tracker.Outcomes);
    }

    /// <summary>Builds a Postfix-style report for one recipient. The report's Date defaults to the last attempt.</summary>
    private static string Report(string action, string status, string reply, DateTimeOffset? lastAttempt, DateTimeOffset? reportDate = null)
    {
        var date = reportDate ?? lastAttempt ?? Arrival;
        var lastAttemptField = lastAttempt is { } last ? $"Last-Attempt-Date: {last:R}\n" : string.Empty;
        return $"""
            From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
            To: anna@example.net
            Subject: Undelivered Mail Returned to Sender
            Date: {date:R}
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

            --B1
            Content-Type: text/plain

            The mail system could not deliver your message.

            --B1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mta1.example.net
            X-Postfix-Queue-ID: 4F1A2B3C4D
            X-Postfix-Sender: rfc822; anna@example.net
            Arrival-Date: {Arrival:R}

            Final-Recipient: rfc822; ops@example.org
            Action: {action}
            Status: {status}
            Remote-MTA: dns; mx.example.org
            Diagnostic-Code: smtp; {reply}
            {lastAttemptField}
            --B1--
            """.Replace("\r\n", "\n");
    }
}
