using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Parsing;

namespace BouncePortal.Domain.Tests.Diagnostics;

/// <summary>SMTP replies the generated logs use, one per cause.</summary>
internal static class Replies
{
    public const string Delivered = "250 2.0.0 Ok: queued as 9F9F";
    public const string GmailThrottled = "421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.";
    public const string GmailTooManyConnections = "421 4.7.0 Try again later, closing connection.";
    public const string MicrosoftReputation = "451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77714) [AM0PR01MB1234.eurprd01.prod.outlook.com]";
    public const string Greylisted = "451 4.7.1 <r@example.org>: Recipient address rejected: Greylisted for 5 minutes";
    public const string MailboxFull = "452 4.2.2 The email account that you tried to reach is over quota";
    public const string MailboxBusy = "450 4.2.1 Mailbox busy, try again later";
    public const string LocalError = "451 4.3.0 Local error in processing";
    public const string ContentWarning = "451 4.7.0 Message content rejected as spam, try again later";
    public const string UserUnknown = "550 5.1.1 The email account that you tried to reach does not exist";
}

/// <summary>
/// Generates delivery attempts with a pattern, classifies them, and feeds both the outcome
/// tracker and the diagnosis engine, as <c>bounceportal analyze</c> does.
/// </summary>
internal sealed class DiagnosisScenario
{
    public static readonly DateTimeOffset Start = new(2024, 6, 11, 9, 0, 0, TimeSpan.Zero);

    private readonly RecipientOutcomeTracker tracker = new();
    private readonly DiagnosisEngine engine = new();
    private int messages;
    private long line;

    /// <summary>Records one attempt of an existing message.</summary>
    public void Attempt(string queueId, string? sender, string recipient, DeliveryOutcome outcome, string reply, DateTimeOffset at, string? sendingIp = null)
    {
        var attempt = new DeliveryAttempt(
            "generated.log", ++line, at, queueId, sender, recipient, outcome, reply,
            LogEnhancedCode: null, RemoteHost: null, RemoteIp: "192.0.2.10", SmtpStage.RcptTo, SendingIp: sendingIp);
        var classified = ClassifiedAttempt.From(attempt);
        tracker.Add(classified);
        engine.Add(classified);
    }

    /// <summary>Sends a new message with one attempt and returns its queue id.</summary>
    public string Send(string? sender, string recipient, DateTimeOffset at, string reply = Replies.Delivered, string? sendingIp = null)
    {
        var queueId = NewQueueId();
        Attempt(queueId, sender, recipient, OutcomeOf(reply), reply, at, sendingIp);
        return queueId;
    }

    /// <summary>Sends <paramref name="count"/> messages to distinct recipients at <paramref name="domain"/>, <paramref name="interval"/> apart.</summary>
    public void SendMany(string sender, string domain, int count, DateTimeOffset from, TimeSpan interval, string reply = Replies.Delivered, string? sendingIp = null)
    {
        for (var i = 0; i < count; i++)
        {
            Send(sender, $"r{messages + 1}@{domain}", from + interval * i, reply, sendingIp);
        }
    }

    public string NewQueueId() => $"Q{++messages:D7}";

    public IReadOnlyList<Diagnosis> Diagnose(IReadOnlyDictionary<string, DateOnly>? mailboxCreatedOn = null) =>
        engine.Diagnose(tracker.Outcomes, mailboxCreatedOn);

    /// <summary>Returns the only diagnosis of <paramref name="kind"/>, failing when there is none or several.</summary>
    public Diagnosis Single(DiagnosisKind kind, IReadOnlyDictionary<string, DateOnly>? mailboxCreatedOn = null) =>
        Assert.Single(Diagnose(mailboxCreatedOn), d => d.Kind == kind);

    /// <summary>Asserts that no diagnosis of <paramref name="kind"/> was found.</summary>
    public void AssertNone(DiagnosisKind kind, IReadOnlyDictionary<string, DateOnly>? mailboxCreatedOn = null) =>
        Assert.DoesNotContain(Diagnose(mailboxCreatedOn), d => d.Kind == kind);

    private static DeliveryOutcome OutcomeOf(string reply) => reply[0] switch
    {
        '2' => DeliveryOutcome.Delivered,
        '4' => DeliveryOutcome.Deferred,
        _ => DeliveryOutcome.Bounced,
    };
}
