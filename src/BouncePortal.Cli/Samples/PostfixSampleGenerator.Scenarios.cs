using System.Globalization;

namespace BouncePortal.Cli.Samples;

/// <summary>The delivery histories the generator writes for each <see cref="SampleScenario"/>.</summary>
public sealed partial class PostfixSampleGenerator
{
    /// <summary>Scenario weights per bounce profile, from a healthy mailbox to a critical one.</summary>
    private static readonly (SampleScenario Scenario, int[] Weights)[] ScenarioWeights =
    [
        (SampleScenario.Delivered, [970, 930, 860, 720]),
        (SampleScenario.Greylisted, [15, 20, 20, 20]),
        (SampleScenario.GmailRateLimited, [0, 10, 40, 80]),
        (SampleScenario.GmailUserUnknown, [5, 15, 30, 50]),
        (SampleScenario.MicrosoftReputation, [0, 5, 20, 50]),
        (SampleScenario.MailboxFull, [5, 5, 5, 20]),
        (SampleScenario.ConnectTimeoutExpired, [0, 5, 10, 20]),
        (SampleScenario.HostNotFound, [0, 5, 10, 20]),
        (SampleScenario.LostConnection, [5, 5, 5, 10]),
        (SampleScenario.DmarcRejected, [0, 0, 0, 10]),
    ];

    private static readonly string[] FirstNames = ["alex", "maria", "sam", "li", "noah", "olga", "priya", "tom", "yara", "zoe", "omar", "eva"];
    private static readonly string[] LastNames = ["smith", "garcia", "chen", "novak", "okafor", "silva", "berg", "khan", "moreau", "rossi"];

    private SampleScenario PickScenario(int mailboxIndex)
    {
        var profile = mailboxIndex % 4;
        var total = ScenarioWeights.Sum(entry => entry.Weights[profile]);
        var roll = random.Next(total);
        foreach (var (scenario, weights) in ScenarioWeights)
        {
            roll -= weights[profile];
            if (roll < 0)
            {
                return scenario;
            }
        }

        return SampleScenario.Delivered;
    }

    private void QueueMessage(DateTime queuedAt, string sender, SampleScenario scenario)
    {
        var domain = RecipientDomainFor(scenario);
        var recipient = $"{Pick(FirstNames)}.{Pick(LastNames)}{random.Next(1, 100)}@{domain}";
        var message = new SampleMessage(NextQueueId(), sender, recipient, queuedAt, Size: random.Next(2500, 9000));
        var senderDomain = sender[(sender.IndexOf('@') + 1)..];
        Log(queuedAt, $"postfix/submission/smtpd[{random.Next(10000, 40000)}]", $"{message.QueueId}: client=unknown[203.0.113.9], sasl_method=PLAIN, sasl_username={sender}");
        Log(queuedAt.AddMilliseconds(40), $"postfix/cleanup[{random.Next(10000, 40000)}]", $"{message.QueueId}: message-id=<{random.Next():x8}.{message.QueueId.ToLowerInvariant()}@{senderDomain}>");
        var time = queuedAt.AddMilliseconds(90);

        switch (scenario)
        {
            case SampleScenario.Delivered:
                Deliver(message, time);
                break;
            case SampleScenario.Greylisted:
                time = Defer(message, time, "4.7.1", RemoteReply(domain, $"451 4.7.1 <{message.Recipient}>: Recipient address rejected: Greylisted for 300 seconds", "RCPT TO"));
                Deliver(message, time.AddMinutes(14 + random.Next(0, 4)));
                break;
            case SampleScenario.GmailRateLimited:
                time = Defer(message, time, "4.7.28", RemoteReply(domain, GmailRateLimitReply(), "end of DATA"));
                if (random.Next(2) == 0)
                {
                    time = Defer(message, time.AddMinutes(30 + random.Next(0, 30)), "4.7.28", RemoteReply(domain, GmailRateLimitReply(), "end of DATA"));
                }

                Deliver(message, time.AddMinutes(60 + random.Next(0, 60)));
                break;
            case SampleScenario.GmailUserUnknown:
                Bounce(message, time, "5.1.1", RemoteReply(domain, GmailUserUnknownReply(), "RCPT TO"));
                break;
            case SampleScenario.MicrosoftReputation:
                DeferThenSettle(message, time, "4.7.500", at => RemoteReply(domain, MicrosoftReputationReply(at), "RCPT TO"));
                break;
            case SampleScenario.MailboxFull:
                DeferThenSettle(message, time, "4.2.2", _ => RemoteReply(domain, $"452 4.2.2 <{message.Recipient}>: Recipient address rejected: Mailbox full", "RCPT TO"));
                break;
            case SampleScenario.ConnectTimeoutExpired:
                DeferUntilExpired(message, time, "4.4.1", relay: "none", $"connect to {Mx(domain).Host}[{Mx(domain).Ip}]:25: Connection timed out");
                break;
            case SampleScenario.HostNotFound:
                Bounce(message, time, "5.4.4", $"Host or domain name not found. Name service error for name={domain} type=MX: Host not found", relay: "none");
                break;
            case SampleScenario.LostConnection:
                var step = random.Next(2) == 0 ? "receiving the initial server greeting" : "sending RCPT TO";
                time = Defer(message, time, "4.4.2", $"lost connection with {Mx(domain).Host}[{Mx(domain).Ip}] while {step}");
                Deliver(message, time.AddMinutes(10 + random.Next(0, 10)));
                break;
            case SampleScenario.DmarcRejected:
                Bounce(message, time, "5.7.26", RemoteReply(domain, DmarcReply(senderDomain), "end of DATA"));
                break;
        }
    }

    private string RecipientDomainFor(SampleScenario scenario) => scenario switch
    {
        SampleScenario.Greylisted or SampleScenario.LostConnection => Pick(["example.com", "example.net", "example.org"]),
        SampleScenario.GmailRateLimited or SampleScenario.GmailUserUnknown or SampleScenario.DmarcRejected => "gmail.com",
        SampleScenario.MicrosoftReputation => "outlook.com",
        SampleScenario.MailboxFull => Pick(["example.com", "example.org", "yahoo.com"]),
        SampleScenario.ConnectTimeoutExpired => "example.net",
        SampleScenario.HostNotFound => Pick(["defunct.example.org", "old-brand.example.com", "typo.example.net"]),
        _ => Pick(["gmail.com", "gmail.com", "gmail.com", "outlook.com", "outlook.com", "yahoo.com", "example.com", "example.net", "example.org"]),
    };

    private static (string Host, string Ip) Mx(string domain) => domain switch
    {
        "gmail.com" => ("gmail-smtp-in.l.google.com", "192.0.2.27"),
        "outlook.com" => ("outlook-com.olc.protection.outlook.com", "192.0.2.40"),
        "yahoo.com" => ("mta7.am0.yahoodns.net", "192.0.2.50"),
        "example.com" => ("mx.example.com", "198.51.100.10"),
        "example.net" => ("mx.example.net", "198.51.100.20"),
        _ => ("mx1.example.org", "198.51.100.30"),
    };

    private string Pick(string[] values) => values[random.Next(values.Length)];

    /// <summary>Logs qmgr's sender line and one smtp attempt, and returns the attempt's time.</summary>
    private DateTime Attempt(SampleMessage message, DateTime time, string dsn, string status, string text, string? relay = null)
    {
        Log(time, $"postfix/qmgr[{QmgrPid}]", $"{message.QueueId}: from=<{message.Sender}>, size={message.Size}, nrcpt=1 (queue active)");
        var (host, ip) = Mx(message.RecipientDomain);
        var connection = 0.2 + random.NextDouble();
        var transmission = status == "sent" ? 0.3 + random.NextDouble() : 0.1 * random.NextDouble();
        var doneAt = time.AddSeconds(connection + transmission);
        var delay = (doneAt - message.QueuedAt).TotalSeconds;
        var inQueue = Math.Max(0, delay - connection - transmission);
        var culture = CultureInfo.InvariantCulture;
        var line = string.Create(
            culture,
            $"{message.QueueId}: to=<{message.Recipient}>, relay={relay ?? $"{host}[{ip}]:25"}, delay={delay:0.##}, delays={inQueue:0.##}/0.01/{connection:0.##}/{transmission:0.##}, dsn={dsn}, status={status} ({text})");
        Log(doneAt, $"postfix/smtp[{random.Next(10000, 40000)}]", line);
        return doneAt;
    }

    private void Deliver(SampleMessage message, DateTime time)
    {
        var done = Attempt(message, time, "2.0.0", "sent", AcceptedReply(message));
        Log(done.AddMilliseconds(2), $"postfix/qmgr[{QmgrPid}]", $"{message.QueueId}: removed");
    }

    private DateTime Defer(SampleMessage message, DateTime time, string dsn, string text, string? relay = null) =>
        Attempt(message, time, dsn, "deferred", text, relay);

    private void Bounce(SampleMessage message, DateTime time, string dsn, string text, string? relay = null)
    {
        var done = Attempt(message, time, dsn, "bounced", text, relay);
        ReturnToSender(message, done);
    }

    private void ReturnToSender(SampleMessage message, DateTime time)
    {
        Log(time.AddMilliseconds(3), $"postfix/bounce[{random.Next(10000, 40000)}]", $"{message.QueueId}: sender non-delivery notification: {NextQueueId()}");
        Log(time.AddMilliseconds(5), $"postfix/qmgr[{QmgrPid}]", $"{message.QueueId}: removed");
    }

    /// <summary>Defers one to three times, then delivers or, one time in three, retries until the message expires.</summary>
    private void DeferThenSettle(SampleMessage message, DateTime time, string dsn, Func<DateTime, string> text)
    {
        if (random.Next(3) == 0)
        {
            DeferUntilExpired(message, time, dsn, relay: null, text(time));
            return;
        }

        var deferrals = random.Next(1, 4);
        for (var i = 0; i < deferrals; i++)
        {
            time = Defer(message, time, dsn, text(time)).AddMinutes(15 << i);
        }

        Deliver(message, time);
    }

    /// <summary>Retries with Postfix-like backoff until the queue lifetime ends, then expires the message.</summary>
    private void DeferUntilExpired(SampleMessage message, DateTime time, string dsn, string? relay, string text)
    {
        var expiresAt = message.QueuedAt + QueueLifetime;
        var backoff = TimeSpan.FromMinutes(5);
        while (time < expiresAt)
        {
            time = Defer(message, time, dsn, text, relay) + backoff;
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromHours(8).Ticks));
        }

        Log(time, $"postfix/qmgr[{QmgrPid}]", $"{message.QueueId}: from=<{message.Sender}>, status=expired, returned to sender");
        ReturnToSender(message, time);
    }

    /// <summary>Formats the status text of a reply from the domain's MX host, as Postfix logs it.</summary>
    private static string RemoteReply(string domain, string reply, string command)
    {
        var (host, ip) = Mx(domain);
        return $"host {host}[{ip}] said: {reply} (in reply to {command} command)";
    }

    private string AcceptedReply(SampleMessage message) => message.RecipientDomain switch
    {
        "gmail.com" => $"250 2.0.0 OK  {new DateTimeOffset(message.QueuedAt).ToUnixTimeSeconds()} {Token()} - gsmtp",
        "outlook.com" => $"250 2.6.0 <{message.QueueId.ToLowerInvariant()}@{message.Sender[(message.Sender.IndexOf('@') + 1)..]}> [InternalId={random.NextInt64(10_000_000_000, 99_999_999_999)}] Queued mail for delivery",
        "yahoo.com" => "250 ok dirdel",
        _ => $"250 2.0.0 Ok: queued as {NextQueueId()}",
    };

    private string GmailRateLimitReply() =>
        $"421-4.7.28 [{SendingIp}      15] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421 4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError {Token()} - gsmtp";

    private string GmailUserUnknownReply() =>
        $"550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser {Token()} - gsmtp";

    private string DmarcReply(string senderDomain) =>
        $"550-5.7.26 Unauthenticated email from {senderDomain} is not accepted due to 550-5.7.26 domain's DMARC policy. Please contact the administrator of 550-5.7.26 {senderDomain} domain if this was a legitimate mail. To learn about 550-5.7.26 the DMARC initiative, go to 550 5.7.26  https://support.google.com/mail/?p=DmarcRejection {Token()} - gsmtp";

    private string MicrosoftReputationReply(DateTime time) => string.Create(
        CultureInfo.InvariantCulture,
        $"451 4.7.500 Server busy. Please try again later from [{SendingIp}]. (S77714) [BN8NAM12FT0{random.Next(10, 99)}.eop-nam12.prod.protection.outlook.com {time:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} 08DC{random.NextInt64(0x1000_0000_0000, 0xFFFF_FFFF_FFFF):X12}]");

    private string Token() => string.Create(CultureInfo.InvariantCulture, $"{(char)('a' + random.Next(26))}{random.Next(10, 99)}si{random.Next(1000000, 9999999)}wmq.{random.Next(1, 99)}");

    /// <summary>One queued message with one recipient.</summary>
    private sealed record SampleMessage(string QueueId, string Sender, string Recipient, DateTime QueuedAt, int Size)
    {
        public string RecipientDomain => Recipient[(Recipient.IndexOf('@') + 1)..];
    }
}
