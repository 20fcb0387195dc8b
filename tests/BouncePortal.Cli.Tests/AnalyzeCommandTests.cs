using System.Text.Json;

namespace BouncePortal.Cli.Tests;

public sealed class AnalyzeCommandTests : IClassFixture<TempDirectory>
{
    /// <summary>
    /// Nine message-recipient pairs. anna (Q1-Q4, one line spelled Anna@Outreach...): delivered,
    /// greylisted then delivered, user unknown, timed out until expired, so sent 4, soft 2, hard 1.
    /// ben (Q5, Q6, and Q8 to two recipients): delivered, DMARC rejection, delivered, user unknown,
    /// so sent 4, soft 0, hard 2. Q7 has no sender line: sent 1.
    /// </summary>
    private const string Log = """
        2024-06-11T09:00:00+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A01: from=<anna@outreach.example.com>, size=900, nrcpt=1 (queue active)
        2024-06-11T09:00:01+00:00 mta1 postfix/smtp[2]: 1A1A1A1A01: to=<j.doe@example.com>, relay=mx.example.com[198.51.100.10]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F9F)
        2024-06-11T09:00:01+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A01: removed
        2024-06-11T09:01:00+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A02: from=<anna@outreach.example.com>, size=900, nrcpt=1 (queue active)
        2024-06-11T09:01:01+00:00 mta1 postfix/smtp[2]: 1A1A1A1A02: to=<grey@example.org>, relay=mx1.example.org[198.51.100.30]:25, delay=1, delays=0/0/0.5/0.5, dsn=4.7.1, status=deferred (host mx1.example.org[198.51.100.30] said: 451 4.7.1 <grey@example.org>: Recipient address rejected: Greylisted for 300 seconds (in reply to RCPT TO command))
        2024-06-11T09:02:00+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A03: from=<anna@outreach.example.com>, size=900, nrcpt=1 (queue active)
        2024-06-11T09:02:01+00:00 mta1 postfix/smtp[2]: 1A1A1A1A03: to=<sales@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[192.0.2.27] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si1wmq.1 - gsmtp (in reply to RCPT TO command))
        2024-06-11T09:02:02+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A03: removed
        2024-06-11T09:03:00+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A04: from=<Anna@Outreach.example.com>, size=900, nrcpt=1 (queue active)
        2024-06-11T09:03:30+00:00 mta1 postfix/smtp[2]: 1A1A1A1A04: to=<info@example.net>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[198.51.100.20]:25: Connection timed out)
        2024-06-11T09:04:00+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A05: from=<ben@growth.example.net>, size=900, nrcpt=1 (queue active)
        2024-06-11T09:04:01+00:00 mta1 postfix/smtp[2]: 1A1A1A1A05: to=<ops@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 OK  1718096641 a1si2wmq.2 - gsmtp)
        2024-06-11T09:05:00+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A06: from=<ben@growth.example.net>, size=900, nrcpt=1 (queue active)
        2024-06-11T09:05:01+00:00 mta1 postfix/smtp[2]: 1A1A1A1A06: to=<cfo@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.7.26, status=bounced (host gmail-smtp-in.l.google.com[192.0.2.27] said: 550-5.7.26 Unauthenticated email from growth.example.net is not accepted due to 550-5.7.26 domain's DMARC policy. 550 5.7.26  https://support.google.com/mail/?p=DmarcRejection a1si3wmq.3 - gsmtp (in reply to end of DATA command))
        2024-06-11T09:06:00+00:00 mta1 postfix/smtp[2]: 1A1A1A1A07: to=<x@example.com>, relay=mx.example.com[198.51.100.10]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F9E)
        2024-06-11T09:07:00+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A08: from=<ben@growth.example.net>, size=900, nrcpt=2 (queue active)
        2024-06-11T09:07:01+00:00 mta1 postfix/smtp[2]: 1A1A1A1A08: to=<r1@example.com>, relay=mx.example.com[198.51.100.10]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F9D)
        2024-06-11T09:07:02+00:00 mta1 postfix/smtp[2]: 1A1A1A1A08: to=<Sales@Gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[192.0.2.27] said: 550 5.1.1 The email account that you tried to reach does not exist. a1si4wmq.4 - gsmtp (in reply to RCPT TO command))
        2024-06-11T09:16:01+00:00 mta1 postfix/smtp[2]: 1A1A1A1A02: to=<grey@example.org>, relay=mx1.example.org[198.51.100.30]:25, delay=901, delays=900/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F9C)
        2024-06-11T09:16:02+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A02: removed
        2024-06-16T09:03:31+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A04: from=<Anna@Outreach.example.com>, status=expired, returned to sender
        2024-06-16T09:03:31+00:00 mta1 postfix/qmgr[1]: 1A1A1A1A04: removed

        """;

    private readonly TempDirectory files;

    public AnalyzeCommandTests(TempDirectory files) => this.files = files;

    private JsonElement AnalyzeJson()
    {
        var path = files.Write("analyze.log", Log);
        var run = CliRun.Of("analyze", path, "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private static JsonElement Mailbox(JsonElement root, int index) => root.GetProperty("mailboxes")[index];

    [Fact]
    public void Json_TopLevelFields()
    {
        var root = AnalyzeJson();

        Assert.Equal(["messages", "messagesWithoutSends", "window", "mailboxes", "suppressionList", "diagnoses", "failedFiles"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(9, root.GetProperty("messages").GetInt64());
        Assert.Equal("2024-06-11T09:00:01+00:00", root.GetProperty("window").GetProperty("from").GetString());
        Assert.Equal("2024-06-16T09:03:31+00:00", root.GetProperty("window").GetProperty("to").GetString());
    }

    [Fact]
    public void Json_MailboxOrderNullLast()
    {
        var root = AnalyzeJson();

        var names = root.GetProperty("mailboxes").EnumerateArray().Select(m => m.GetProperty("mailbox").GetString());
        Assert.Equal(["anna@outreach.example.com", "ben@growth.example.net", null], names);
    }

    [Fact]
    public void Json_FirstMailboxCounts()
    {
        var anna = Mailbox(AnalyzeJson(), 0);

        Assert.Equal(4, anna.GetProperty("sent").GetInt64());
        Assert.Equal(2, anna.GetProperty("softBounced").GetInt64());
        Assert.Equal(1, anna.GetProperty("hardBounced").GetInt64());
        Assert.Equal(50.0, anna.GetProperty("softRate").GetDouble());
        Assert.Equal(25.0, anna.GetProperty("hardRate").GetDouble());
        Assert.Equal("Critical", anna.GetProperty("softZone").GetString());
        Assert.Equal("Critical", anna.GetProperty("hardZone").GetString());
    }

    [Fact]
    public void Json_SecondMailboxCounts()
    {
        var ben = Mailbox(AnalyzeJson(), 1);

        Assert.Equal(4, ben.GetProperty("sent").GetInt64());
        Assert.Equal(0, ben.GetProperty("softBounced").GetInt64());
        Assert.Equal(2, ben.GetProperty("hardBounced").GetInt64());
        Assert.Equal(0.0, ben.GetProperty("softRate").GetDouble());
        Assert.Equal(50.0, ben.GetProperty("hardRate").GetDouble());
        Assert.Equal("Healthy", ben.GetProperty("softZone").GetString());
        Assert.Equal("Critical", ben.GetProperty("hardZone").GetString());
    }

    [Fact]
    public void Json_UnknownSenderCounts()
    {
        var unknown = Mailbox(AnalyzeJson(), 2);

        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("mailbox").ValueKind);
        Assert.Equal(1, unknown.GetProperty("sent").GetInt64());
        Assert.Equal(0, unknown.GetProperty("softBounced").GetInt64());
        Assert.Equal(0, unknown.GetProperty("hardBounced").GetInt64());
    }

    [Fact]
    public void Json_SuppressionList()
    {
        var list = AnalyzeJson().GetProperty("suppressionList").EnumerateArray().ToList();

        // info@example.net expired after timeouts: the network is to blame, not the address.
        var entry = Assert.Single(list);
        Assert.Equal("sales@gmail.com", entry.GetProperty("recipient").GetString());
        Assert.Equal("UserUnknown", entry.GetProperty("category").GetString());
    }

    [Fact]
    public void Table_ShowsMailboxRows()
    {
        var path = files.Write("table.log", Log);

        var run = CliRun.Of("analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Messages (message-recipient pairs): 9", run.Stdout);
        var anna = Assert.Single(run.StdoutLines, line => line.StartsWith("anna@outreach.example.com", StringComparison.Ordinal));
        Assert.Equal(["anna@outreach.example.com", "4", "2", "1", "50.00", "25.00", "Critical", "Critical"], anna.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(run.StdoutLines, line => line.StartsWith("(unknown sender)", StringComparison.Ordinal));
        Assert.Contains("Suppression list (1):", run.Stdout);
    }

    [Fact]
    public void Table_ColumnsAligned()
    {
        var path = files.Write("aligned.log", Log);

        var run = CliRun.Of("analyze", path);

        var header = run.StdoutLines.Single(line => line.StartsWith("Mailbox", StringComparison.Ordinal));
        var rows = run.StdoutLines.Where(line => line.Contains("Critical", StringComparison.Ordinal) || line.Contains("Healthy", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal(header.IndexOf("Hard zone", StringComparison.Ordinal), row.LastIndexOf(' ') + 1));
    }

    [Fact]
    public void Json_EmptyWindowWithoutAttempts()
    {
        var path = files.Write("quiet.log", "2024-06-11T09:00:00+00:00 mta1 postfix/smtpd[1]: connect from unknown[203.0.113.5]\n");

        var run = CliRun.Of("analyze", "--json", path);

        var root = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(0, root.GetProperty("messages").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("window").GetProperty("from").ValueKind);
        Assert.Equal(0, root.GetProperty("mailboxes").GetArrayLength());
    }
}
