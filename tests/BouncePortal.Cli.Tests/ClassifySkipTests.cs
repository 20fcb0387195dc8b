using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Email;

namespace BouncePortal.Cli.Tests;

/// <summary>
/// What <c>classify</c> skipped is listed on standard error after the results, and a run that
/// classified nothing but skipped something exits with 1.
/// </summary>
public sealed class ClassifySkipTests : IClassFixture<TempDirectory>
{
    internal const string Bounce = """
        From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
        To: anna@example.net
        Subject: Undelivered Mail Returned to Sender
        Date: Tue, 11 Jun 2024 09:14:05 +0000
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

        --B1
        Content-Type: text/plain

        Your message could not be delivered.

        --B1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mta1.example.net

        Final-Recipient: rfc822; sales@example.com
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.

        --B1--

        """;

    /// <summary>A bounce-like email that names no recipient, in its headers, report or text.</summary>
    private const string NoRecipient = """
        From: MAILER-DAEMON@mta1.example.net (Mail Delivery System)
        To: anna@example.net
        Subject: Undelivered Mail Returned to Sender
        Date: Tue, 11 Jun 2024 09:20:00 +0000

        Your message could not be delivered. Please contact your administrator.

        """;

    private const string SenderLine = "2024-06-11T14:00:00+00:00 mta1 postfix/qmgr[2210]: 9D2B55C1E0: from=<anna@outreach.example.com>, size=4812, nrcpt=1 (queue active)";
    internal const string BouncedLine = "2024-06-11T14:00:02+00:00 mta1 postfix/smtp[30121]: 9D2B55C1E0: to=<sales@example.com>, relay=mx.example.com[192.0.2.26]:25, delay=0.8, delays=0.02/0/0.3/0.48, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.26] said: 550 5.1.1 User unknown (in reply to RCPT TO command))";
    private const string RemovedLine = "2024-06-11T14:00:03+00:00 mta1 postfix/qmgr[2210]: 9D2B55C1E0: removed";
    internal const string OtherProgramLine = "2024-06-11T14:00:02+00:00 mta1 dovecot: imap-login: Login: user=<anna>";

    private readonly TempDirectory files;

    public ClassifySkipTests(TempDirectory files) => this.files = files;

    [Fact]
    public void Eml_NoRecipient_ExitsWithError()
    {
        var path = files.Write("no-recipient.eml", NoRecipient);

        var run = CliRun.Of("classify", path);

        Assert.Equal(CliApplication.InputError, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains($"bounceportal: {path}: no delivery attempt found (read as email); skipped 1 email:", run.Stderr);
        Assert.Contains($"  {EmailSkipReasons.NoRecipient}: 1\n", run.Stderr);
        Assert.Contains("Check that each such email is a bounce", run.Stderr);
    }

    [Fact]
    public void Mbox_OneUnreadable_NamesItsPosition()
    {
        var path = files.Write("mixed.mbox", Mbox(Bounce, NoRecipient));

        var run = CliRun.Of("classify", path);

        Assert.Equal(CliApplication.Success, run.ExitCode);
        var record = Assert.Single(run.StdoutLines);
        using var json = JsonDocument.Parse(record);
        Assert.Equal("sales@example.com", json.RootElement.GetProperty("recipient").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("line").GetInt64());
        Assert.Contains($"bounceportal: {path}: skipped 1 email without a readable delivery attempt:", run.Stderr);
        Assert.Contains($"  {EmailSkipReasons.NoRecipient}: 1 (email 2)\n", run.Stderr);
        Assert.DoesNotContain("no delivery attempt found", run.Stderr);
    }

    [Fact]
    public void PostfixLog_SkippedLine_NamesTheLine()
    {
        var path = files.Write("cut.log", Lines(SenderLine, BouncedLine, OtherProgramLine, RemovedLine));

        var run = CliRun.Of("classify", path);

        Assert.Equal(CliApplication.Success, run.ExitCode);
        Assert.Single(run.StdoutLines);
        Assert.Contains($"bounceportal: {path}: skipped 1 line without a readable delivery attempt:", run.Stderr);
        Assert.Contains($"  {SkipReasons.NotPostfix}: 1 (line 3)\n", run.Stderr);
        Assert.Contains("name its format with --format", run.Stderr);
        Assert.DoesNotContain(SkipReasons.SenderLine, run.Stderr);
        Assert.DoesNotContain(SkipReasons.Removed, run.Stderr);
    }

    [Fact]
    public void PostfixLog_ManySkipped_NamesFirstLines()
    {
        var path = files.Write("many.log", Lines(BouncedLine, OtherProgramLine, OtherProgramLine, OtherProgramLine, OtherProgramLine, OtherProgramLine));

        var run = CliRun.Of("classify", path);

        Assert.Equal(CliApplication.Success, run.ExitCode);
        Assert.Contains($"  {SkipReasons.NotPostfix}: 5 (first at lines 2, 3 and 4)\n", run.Stderr);
    }

    [Fact]
    public void Verbose_ListsRoutineLines()
    {
        var path = files.Write("verbose.log", Lines(SenderLine, BouncedLine, RemovedLine));

        var run = CliRun.Of("classify", "--verbose", path);

        Assert.Equal(CliApplication.Success, run.ExitCode);
        Assert.Contains($"bounceportal: {path}: skipped 2 lines:", run.Stderr);
        Assert.Contains($"  {SkipReasons.SenderLine}: 1 (line 1)\n", run.Stderr);
        Assert.Contains($"  {SkipReasons.Removed}: 1 (line 3)\n", run.Stderr);
    }

    [Fact]
    public void RoutineSkipsOnly_WithResults_WriteNothing()
    {
        var path = files.Write("routine.log", Lines(SenderLine, BouncedLine, RemovedLine, string.Empty));

        var run = CliRun.Of("classify", path);

        Assert.Equal(CliApplication.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void PostfixLog_NoAttempt_ExitsWithError()
    {
        var path = files.Write("queue-only.log", Lines(SenderLine, RemovedLine));

        var run = CliRun.Of("classify", path);

        Assert.Equal(CliApplication.InputError, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains($"bounceportal: {path}: no delivery attempt found (read as postfix); skipped 2 lines:", run.Stderr);
        Assert.Contains($"  {SkipReasons.SenderLine}: 1 (line 1)\n", run.Stderr);
        Assert.Contains($"If {path} is not a postfix file, name its format with --format", run.Stderr);
    }

    [Fact]
    public void TwoFiles_OneWithoutAttempt_IsNamed()
    {
        var log = files.Write("good.log", Lines(SenderLine, BouncedLine, RemovedLine));
        var email = files.Write("no-recipient-too.eml", NoRecipient);

        var run = CliRun.Of("classify", log, email);

        Assert.Equal(CliApplication.Success, run.ExitCode);
        Assert.Single(run.StdoutLines);
        Assert.Contains($"bounceportal: {email}: no delivery attempt found (read as email); skipped 1 email:", run.Stderr);
        Assert.DoesNotContain($"bounceportal: {log}:", run.Stderr);
    }

    [Fact]
    public void Zip_SkippedEntries_NamedByEntry()
    {
        var path = Path.Combine(files.Path, "bounces.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            AddEntry(archive, "good.eml", Bounce);
            AddEntry(archive, "box.mbox", Mbox(Bounce, NoRecipient));
            AddEntry(archive, "inner.zip", "PK\u0003\u0004 not opened");
        }

        var run = CliRun.Of("classify", path);

        Assert.Equal(CliApplication.Success, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.Contains($"bounceportal: {path}: skipped 2 items without a readable delivery attempt:", run.Stderr);
        Assert.Contains($"  {EmailSkipReasons.NoRecipient}: 1 (box.mbox email 2)\n", run.Stderr);
        Assert.Contains($"  {EmailSkipReasons.NestedArchive}: 1 (inner.zip)\n", run.Stderr);
        Assert.Contains("Unpack the inner zip", run.Stderr);
    }

    [Fact]
    public void Zip_NotesEntry_SkippedWithAdvice()
    {
        var path = Path.Combine(files.Path, "with-notes.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            AddEntry(archive, "bounces/good.eml", Bounce);
            AddEntry(archive, "bounces/notes.txt", "Bounces exported from the relay on Monday.\n");
        }

        var run = CliRun.Of("classify", path);

        Assert.Equal(CliApplication.Success, run.ExitCode);
        Assert.Single(run.StdoutLines);
        Assert.Contains($"  {EmailSkipReasons.NotAnEmail}: 1 (bounces/notes.txt)\n", run.Stderr);
        Assert.Contains("Nothing is needed if these entries are notes or attachments.", run.Stderr);
    }

    [Fact]
    public void Skips_LeaveStdoutJsonLines()
    {
        var path = files.Write("json-lines.log", Lines(SenderLine, BouncedLine, OtherProgramLine, BouncedLine.Replace("sales@", "ops@", StringComparison.Ordinal)));

        var run = CliRun.Of("classify", path);

        Assert.Equal(2, run.StdoutLines.Length);
        foreach (var line in run.StdoutLines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        }
    }

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    internal static string Mbox(params string[] emails) =>
        string.Concat(emails.Select((email, i) => $"From MAILER-DAEMON Tue Jun 11 09:1{i}:05 2024\n{email}\n"));

    private static void AddEntry(ZipArchive archive, string name, string content)
    {
        using var stream = archive.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
