using System.Text.Json;

namespace BouncePortal.Cli.Tests;

public sealed class ClassifyCommandTests : IClassFixture<TempDirectory>
{
    private const string Log = """
        2024-06-11T14:00:00+00:00 mta1 postfix/qmgr[2210]: 9D2B55C1E0: from=<anna@outreach.example.com>, size=4812, nrcpt=1 (queue active)
        2024-06-11T14:00:02+00:00 mta1 postfix/smtp[30121]: 9D2B55C1E0: to=<sales@example.com>, relay=aspmx.l.google.com[192.0.2.26]:25, delay=0.8, delays=0.02/0/0.3/0.48, dsn=5.1.1, status=bounced (host aspmx.l.google.com[192.0.2.26] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser q9zz0000000si0000001wmq.7 - gsmtp (in reply to RCPT TO command))
        2024-06-11T14:00:03+00:00 mta1 postfix/qmgr[2210]: 9D2B55C1E0: removed
        2024-06-11T14:05:30+02:00 mta1 postfix/smtp[4420]: 7C1A94C0D2: to=<j.doe@example.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1.9, delays=0.05/0.01/0.61/1.2, dsn=2.0.0, status=sent (250 2.0.0 OK  1709543563 a1b2c3d4e5f6si0000001wmq.42 - gsmtp)

        """;

    private static readonly string[] FieldNames =
    [
        "source", "line", "timestamp", "queueId", "sender", "recipient", "recipientDomain", "provider", "outcome",
        "class", "basicCode", "enhancedCode", "category", "blame", "suppress", "persistent", "reply", "evidence", "campaign",
    ];

    /// <summary>Two mailbox-full deferrals of one message, then a delivery of another.</summary>
    private const string MailboxFullDeferrals = """
        2024-06-11T14:00:00+00:00 mta1 postfix/smtp[4420]: 5A1B2C3D4E: to=<full@example.org>, relay=mx.example.org[192.0.2.50]:25, delay=1, delays=0.01/0/0.5/0.5, dsn=4.2.2, status=deferred (host mx.example.org[192.0.2.50] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))
        2024-06-11T15:00:00+00:00 mta1 postfix/smtp[4421]: 5A1B2C3D4E: to=<full@example.org>, relay=mx.example.org[192.0.2.50]:25, delay=3601, delays=3600/0/0.5/0.5, dsn=4.2.2, status=deferred (host mx.example.org[192.0.2.50] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))
        2024-06-11T15:05:30+00:00 mta1 postfix/smtp[4422]: 7C1A94C0D2: to=<j.doe@example.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1.9, delays=0.05/0.01/0.61/1.2, dsn=2.0.0, status=sent (250 2.0.0 OK  1709543563 a1b2c3d4e5f6si0000001wmq.42 - gsmtp)

        """;

    /// <summary>Two connection timeouts of one message, which blame the network.</summary>
    private const string TimeoutDeferrals = """
        2024-06-11T14:00:00+00:00 mta2 postfix/smtp[4420]: B7E29D0A11: to=<info@example.net>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)
        2024-06-11T15:00:00+00:00 mta2 postfix/smtp[4421]: B7E29D0A11: to=<info@example.net>, relay=none, delay=3630, delays=3600/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)

        """;

    private readonly TempDirectory files;

    public ClassifyCommandTests(TempDirectory files) => this.files = files;

    [Fact]
    public void Classify_WritesOneObjectPerAttempt()
    {
        var path = files.Write("classify.log", Log);

        var run = CliRun.Of("classify", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Equal(2, run.StdoutLines.Length);
    }

    [Fact]
    public void Classify_WritesFieldsInOrder()
    {
        var path = files.Write("fields.log", Log);

        var run = CliRun.Of("classify", path);

        foreach (var line in run.StdoutLines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(FieldNames, json.RootElement.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public void Classify_BounceValues()
    {
        var path = files.Write("bounce.log", Log);

        var run = CliRun.Of("classify", "--format", "postfix", path);

        using var json = JsonDocument.Parse(run.StdoutLines[0]);
        var root = json.RootElement;
        Assert.Equal(path, root.GetProperty("source").GetString());
        Assert.Equal(2, root.GetProperty("line").GetInt64());
        Assert.Equal("2024-06-11T14:00:02+00:00", root.GetProperty("timestamp").GetString());
        Assert.Equal("9D2B55C1E0", root.GetProperty("queueId").GetString());
        Assert.Equal("anna@outreach.example.com", root.GetProperty("sender").GetString());
        Assert.Equal("sales@example.com", root.GetProperty("recipient").GetString());
        Assert.Equal("example.com", root.GetProperty("recipientDomain").GetString());
        Assert.Equal("Google", root.GetProperty("provider").GetString());
        Assert.Equal("Bounced", root.GetProperty("outcome").GetString());
        Assert.Equal("Hard", root.GetProperty("class").GetString());
        Assert.Equal(550, root.GetProperty("basicCode").GetInt32());
        Assert.Equal("5.1.1", root.GetProperty("enhancedCode").GetString());
        Assert.Equal("UserUnknown", root.GetProperty("category").GetString());
        Assert.Equal("Recipient", root.GetProperty("blame").GetString());
        Assert.True(root.GetProperty("suppress").GetBoolean());
        Assert.StartsWith("550-5.1.1 The email account", root.GetProperty("reply").GetString());
        Assert.EndsWith("wmq.7 - gsmtp", root.GetProperty("reply").GetString());
    }

    [Fact]
    public void Classify_DeliveryValues()
    {
        var path = files.Write("delivery.log", Log);

        var run = CliRun.Of("classify", "--format=postfix", path);

        using var json = JsonDocument.Parse(run.StdoutLines[1]);
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("line").GetInt64());
        Assert.Equal("2024-06-11T14:05:30+02:00", root.GetProperty("timestamp").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sender").ValueKind);
        Assert.Equal("Delivered", root.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("class").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("category").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("blame").ValueKind);
        Assert.False(root.GetProperty("suppress").GetBoolean());
        Assert.Equal(250, root.GetProperty("basicCode").GetInt32());
    }

    [Fact]
    public void Classify_FilesInGivenOrder()
    {
        var first = files.Write("first.log", Log);
        var second = files.Write("second.log", Log);

        var run = CliRun.Of("classify", second, first);

        var sources = run.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("source").GetString());
        Assert.Equal([second, second, first, first], sources);
    }

    [Fact]
    public void Classify_SyslogYearFromModificationTime()
    {
        var path = files.Write("december.log", """
            Dec 31 23:59:58 mta1 postfix/smtp[1]: B7E29D0A11: to=<info@example.net>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)
            Jan  1 00:00:03 mta1 postfix/smtp[1]: B7E29D0A12: to=<hr@example.net>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)

            """);
        File.SetLastWriteTimeUtc(path, new DateTime(2025, 1, 2, 6, 0, 0, DateTimeKind.Utc));

        var run = CliRun.Of("classify", path);

        var timestamps = run.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("timestamp").GetString());
        Assert.Equal(["2024-12-31T23:59:58+00:00", "2025-01-01T00:00:03+00:00"], timestamps);
    }

    [Fact]
    public void Classify_ReadsGzip()
    {
        var plain = files.Write("plain.log", Log);
        using (var output = File.Create(Path.Combine(files.Path, "packed.log.gz")))
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(Log));
        }

        var fromPlain = CliRun.Of("classify", plain);
        var fromGzip = CliRun.Of("classify", Path.Combine(files.Path, "packed.log.gz"));

        Assert.Equal(0, fromGzip.ExitCode);
        Assert.Equal(fromPlain.Stdout.Replace(plain, "X"), fromGzip.Stdout.Replace(Path.Combine(files.Path, "packed.log.gz"), "X"));
    }

    [Fact]
    public void Classify_FourDayRetries_Suppresses()
    {
        var path = files.Write("four-days.eml", FailedReport(lastAttempt: "Tue, 11 Jun 2024 09:00:00 +0000"));

        var run = CliRun.Of("classify", path);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(run.StdoutLines));
        var root = json.RootElement;
        Assert.Equal("2024-06-11T09:00:00+00:00", root.GetProperty("timestamp").GetString());
        Assert.Equal("Bounced", root.GetProperty("outcome").GetString());
        Assert.Equal("Soft", root.GetProperty("class").GetString());
        Assert.Equal("MailboxFull", root.GetProperty("category").GetString());
        Assert.True(root.GetProperty("suppress").GetBoolean());
        Assert.Contains("the report shows retries over 96 hours (limit 72 hours)", root.GetProperty("evidence").GetString());
    }

    [Fact]
    public void Classify_TenHourRetries_KeepsRecipient()
    {
        var path = files.Write("ten-hours.eml", FailedReport(lastAttempt: "Fri, 7 Jun 2024 19:00:00 +0000"));

        var run = CliRun.Of("classify", path);

        using var json = JsonDocument.Parse(Assert.Single(run.StdoutLines));
        var root = json.RootElement;
        Assert.False(root.GetProperty("suppress").GetBoolean());
        Assert.DoesNotContain("persistent", root.GetProperty("evidence").GetString());
    }

    [Fact]
    public void Classify_PersistentSoftHoursOption_RaisesLimit()
    {
        var path = files.Write("four-days-limit.eml", FailedReport(lastAttempt: "Tue, 11 Jun 2024 09:00:00 +0000"));

        var run = CliRun.Of("classify", "--persistent-soft-hours", "120", path);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(run.StdoutLines));
        Assert.False(json.RootElement.GetProperty("suppress").GetBoolean());
    }

    [Fact]
    public void Classify_PersistentSoftAttempts_MarksLimitAttempt()
    {
        var path = files.Write("two-deferrals.log", MailboxFullDeferrals);

        var run = CliRun.Of("classify", "--persistent-soft-attempts", "2", path);

        Assert.Equal(0, run.ExitCode);
        var attempts = run.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.False(attempts[0].GetProperty("persistent").GetBoolean());
        Assert.False(attempts[0].GetProperty("suppress").GetBoolean());
        Assert.True(attempts[1].GetProperty("persistent").GetBoolean());
        Assert.True(attempts[1].GetProperty("suppress").GetBoolean());
        Assert.False(attempts[2].GetProperty("persistent").GetBoolean());
    }

    [Fact]
    public void Classify_DefaultAttemptLimit_NotPersistent()
    {
        var path = files.Write("two-deferrals-default.log", MailboxFullDeferrals);

        var run = CliRun.Of("classify", path);

        foreach (var line in run.StdoutLines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.False(json.RootElement.GetProperty("persistent").GetBoolean());
            Assert.False(json.RootElement.GetProperty("suppress").GetBoolean());
        }
    }

    [Fact]
    public void Classify_PersistentNetworkFailure_KeepsRecipient()
    {
        var path = files.Write("two-timeouts.log", TimeoutDeferrals);

        var run = CliRun.Of("classify", "--persistent-soft-attempts", "2", path);

        using var json = JsonDocument.Parse(run.StdoutLines[1]);
        Assert.True(json.RootElement.GetProperty("persistent").GetBoolean());
        Assert.False(json.RootElement.GetProperty("suppress").GetBoolean());
    }

    [Fact]
    public void Classify_PersistentMatchesAnalyze()
    {
        var path = files.Write("two-deferrals-analyze.log", MailboxFullDeferrals);

        var run = CliRun.Of("analyze", "--json", "--persistent-soft-attempts", "2", path);

        using var json = JsonDocument.Parse(run.Stdout);
        var suppressed = Assert.Single(json.RootElement.GetProperty("suppressionList").EnumerateArray());
        Assert.Equal("full@example.org", suppressed.GetProperty("recipient").GetString());
    }

    [Theory]
    [InlineData("--persistent-soft-hours", "0")]
    [InlineData("--persistent-soft-hours", "721")]
    [InlineData("--persistent-soft-attempts", "1")]
    [InlineData("--persistent-soft-attempts", "five")]
    public void Classify_PersistentSoftOutOfRange_IsUsageError(string option, string value)
    {
        var path = files.Write("limit.eml", FailedReport(lastAttempt: "Tue, 11 Jun 2024 09:00:00 +0000"));

        var run = CliRun.Of("classify", option, value, path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{option} must be a whole number", run.Stderr);
        Assert.Empty(run.StdoutLines);
    }

    /// <summary>A report of a message that arrived on 7 June 2024 at 09:00 UTC and failed with 452 4.2.2 at <paramref name="lastAttempt"/>.</summary>
    private static string FailedReport(string lastAttempt) => $"""
        From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
        To: anna@example.net
        Subject: Undelivered Mail Returned to Sender
        Date: {lastAttempt}
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

        --B1
        Content-Type: text/plain

        The mail system could not deliver your message.

        --B1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mta1.example.net
        X-Postfix-Queue-ID: 4F1A2B3C4D
        Arrival-Date: Fri, 7 Jun 2024 09:00:00 +0000

        Final-Recipient: rfc822; ops@example.org
        Action: failed
        Status: 4.2.2
        Remote-MTA: dns; mx.example.org
        Diagnostic-Code: smtp; 452 4.2.2 The email account that you tried to reach is over quota
        Last-Attempt-Date: {lastAttempt}

        --B1--
        """;
}
