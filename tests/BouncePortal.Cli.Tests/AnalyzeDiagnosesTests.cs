using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BouncePortal.Cli.Tests;

public sealed class AnalyzeDiagnosesTests : IClassFixture<TempDirectory>
{
    private readonly TempDirectory files;

    public AnalyzeDiagnosesTests(TempDirectory files) => this.files = files;

    /// <summary>
    /// Writes a Postfix log where anna sends 11 messages to gmail.com within one minute (too fast),
    /// and one message to example.org is greylisted and delivered 15 minutes later (resolved).
    /// </summary>
    private static string GeneratedLog()
    {
        var log = new StringBuilder();
        var start = new DateTimeOffset(2024, 6, 11, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 11; i++)
        {
            var at = start.AddSeconds(5 * i);
            var id = string.Create(CultureInfo.InvariantCulture, $"2B2B2B2B{i:D2}");
            AppendLine(log, at, $"postfix/qmgr[1]: {id}: from=<anna@outreach.example.com>, size=900, nrcpt=1 (queue active)");
            AppendLine(log, at.AddSeconds(1), $"postfix/smtp[2]: {id}: to=<r{i}@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 OK - gsmtp)");
            AppendLine(log, at.AddSeconds(2), $"postfix/qmgr[1]: {id}: removed");
        }

        var grey = start.AddHours(1);
        AppendLine(log, grey, "postfix/qmgr[1]: 3C3C3C3C01: from=<anna@outreach.example.com>, size=900, nrcpt=1 (queue active)");
        AppendLine(log, grey.AddSeconds(1), "postfix/smtp[2]: 3C3C3C3C01: to=<grey@example.org>, relay=mx1.example.org[198.51.100.30]:25, delay=1, delays=0/0/0.5/0.5, dsn=4.7.1, status=deferred (host mx1.example.org[198.51.100.30] said: 451 4.7.1 <grey@example.org>: Recipient address rejected: Greylisted for 300 seconds (in reply to RCPT TO command))");
        AppendLine(log, grey.AddMinutes(15), "postfix/smtp[2]: 3C3C3C3C01: to=<grey@example.org>, relay=mx1.example.org[198.51.100.30]:25, delay=901, delays=900/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F9C)");
        AppendLine(log, grey.AddMinutes(15).AddSeconds(1), "postfix/qmgr[1]: 3C3C3C3C01: removed");
        return log.ToString();
    }

    private static void AppendLine(StringBuilder log, DateTimeOffset at, string message) =>
        log.Append(at.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)).Append(" mta1 ").Append(message).Append('\n');

    private JsonElement Diagnoses(string name)
    {
        var path = files.Write(name, GeneratedLog());
        var run = CliRun.Of("analyze", path, "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement.GetProperty("diagnoses");
    }

    [Fact]
    public void Json_DiagnosesMostSevereFirst()
    {
        var diagnoses = Diagnoses("order.log");

        Assert.Equal(["ReceiverRateExceeded", "GreylistingResolved"], diagnoses.EnumerateArray().Select(d => d.GetProperty("kind").GetString()));
        Assert.Equal(["Medium", "Low"], diagnoses.EnumerateArray().Select(d => d.GetProperty("severity").GetString()));
    }

    [Fact]
    public void Json_DiagnosisFields()
    {
        var diagnosis = Diagnoses("fields.log")[0];

        Assert.Equal(["kind", "severity", "subject", "evidence", "checklist"], diagnosis.EnumerateObject().Select(p => p.Name));
        Assert.Equal("anna@outreach.example.com", diagnosis.GetProperty("subject").GetString());
        Assert.Contains("up to 11 messages a minute to gmail.com", diagnosis.GetProperty("evidence").GetString());
    }

    [Fact]
    public void Json_ChecklistShape()
    {
        var checklist = Diagnoses("checklist.log")[0].GetProperty("checklist");

        Assert.Equal(["title", "steps"], checklist.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Slow down the affected mailboxes", checklist.GetProperty("title").GetString());
        Assert.True(checklist.GetProperty("steps").GetArrayLength() > 0);
        foreach (var step in checklist.GetProperty("steps").EnumerateArray())
        {
            Assert.Equal(["action", "why"], step.EnumerateObject().Select(p => p.Name));
            Assert.False(string.IsNullOrWhiteSpace(step.GetProperty("action").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(step.GetProperty("why").GetString()));
        }
    }

    [Fact]
    public void Json_NoAttempts_EmptyDiagnoses()
    {
        var path = files.Write("quiet.log", "2024-06-11T09:00:00+00:00 mta1 postfix/smtpd[1]: connect from unknown[203.0.113.5]\n");

        var run = CliRun.Of("analyze", "--json", path);

        Assert.Equal(0, run.ExitCode);
        var diagnoses = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("diagnoses");
        Assert.Equal(JsonValueKind.Array, diagnoses.ValueKind);
        Assert.Equal(0, diagnoses.GetArrayLength());
    }

    [Fact]
    public void Table_ShowsDiagnosesSection()
    {
        var path = files.Write("table.log", GeneratedLog());

        var run = CliRun.Of("analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Diagnoses (2):", run.StdoutLines);
        Assert.Contains("  [Medium] ReceiverRateExceeded: anna@outreach.example.com", run.StdoutLines);
        Assert.Contains("  [Low] GreylistingResolved: agency", run.StdoutLines);
        Assert.Contains("    Checklist: Slow down the affected mailboxes", run.StdoutLines);
    }

    [Fact]
    public void Table_NoAttempts_EmptyDiagnosesSection()
    {
        var path = files.Write("quiet-table.log", "2024-06-11T09:00:00+00:00 mta1 postfix/smtpd[1]: connect from unknown[203.0.113.5]\n");

        var run = CliRun.Of("analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Diagnoses (0):", run.StdoutLines[^1]);
    }
}
