using System.Text.Json;

namespace BouncePortal.Cli.Tests;

public sealed class DecodeCommandTests
{
    private const string GmailUnknownUser =
        "550-5.1.1 The email account that you tried to reach does not exist. Please try 550 5.1.1 double-checking the recipient's email address - gsmtp";

    [Fact]
    public void Decode_PrintsText()
    {
        var run = CliRun.Of("decode", GmailUnknownUser);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("Class:         Hard", run.Stdout);
        Assert.Contains("Basic code:    550", run.Stdout);
        Assert.Contains("Enhanced code: 5.1.1", run.Stdout);
        Assert.Contains("Category:      UserUnknown", run.Stdout);
        Assert.Contains("Blame:         Recipient", run.Stdout);
        Assert.Contains("Suppress:      yes", run.Stdout);
        Assert.Contains("Checklist: Clean the list", run.Stdout);
        Assert.Contains("  1. Suppress the address", run.Stdout);
    }

    [Fact]
    public void DecodeJson_HasAllFields()
    {
        var run = CliRun.Of("decode", "--json", "421 4.7.28 Our system has detected an unusual rate of unsolicited mail");

        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            ["class", "basicCode", "enhancedCode", "category", "blame", "provider", "suppress", "meaning", "retryAdvice", "checklist", "determined", "reply", "links"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Soft", root.GetProperty("class").GetString());
        Assert.Equal(421, root.GetProperty("basicCode").GetInt32());
        Assert.Equal("4.7.28", root.GetProperty("enhancedCode").GetString());
        Assert.Equal("RateLimited", root.GetProperty("category").GetString());
        Assert.Equal("Sender", root.GetProperty("blame").GetString());
        Assert.False(root.GetProperty("suppress").GetBoolean());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("meaning").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("retryAdvice").GetString()));
        var checklist = root.GetProperty("checklist");
        Assert.Equal("Slow down the affected mailboxes", checklist.GetProperty("title").GetString());
        var step = checklist.GetProperty("steps")[0];
        Assert.Equal(["action", "why"], step.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("Greylisted, please try again later", "Greylisted")]
    [InlineData("Mailbox full", "MailboxFull")]
    public void Decode_SoftWordsWithoutCode_AreSoft(string reply, string category)
    {
        var run = CliRun.Of("decode", reply);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Class:         Soft", run.Stdout);
        Assert.Contains($"Category:      {category}", run.Stdout);
        Assert.Contains("Suppress:      no", run.Stdout);
    }

    [Theory]
    [InlineData("hello there")]
    [InlineData("999 9.9.9 weird")]
    public void Decode_NoSmtpCode_IsUnknown(string text)
    {
        var run = CliRun.Of("decode", text);
        var json = CliRun.Of("decode", "--json", text);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Class:         unknown (no SMTP code found)", run.Stdout);
        Assert.Contains("Retry advice:  Cannot tell", run.Stdout);
        Assert.DoesNotContain("permanent", run.Stdout);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.False(document.RootElement.GetProperty("determined").GetBoolean());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("class").ValueKind);
    }

    [Theory]
    [InlineData("Connection timed out")]
    [InlineData("Connection refused")]
    public void Decode_NetworkErrorWithoutCode_IsSoft(string text)
    {
        var run = CliRun.Of("decode", text);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Class:         Soft", run.Stdout);
        Assert.Contains("Category:      NetworkError", run.Stdout);
        Assert.Contains("Retry advice:  Retry with backoff", run.Stdout);
    }

    [Fact]
    public void Decode_PersistentSoftLimits_InAdvice()
    {
        var run = CliRun.Of("decode", "--persistent-soft-attempts", "3", "--persistent-soft-hours", "48", "Connection timed out");
        var mailboxFull = CliRun.Of("decode", "--persistent-soft-hours", "48", "452 4.2.2 Mailbox full");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("for at most 3 attempts or 48 hours", run.Stdout);
        Assert.Contains("Retry advice:  Retry for at most 5 attempts or 48 hours, whichever comes first, then remove the address.", mailboxFull.Stdout);
        Assert.Contains("Retry full mailboxes (452 4.2.2) for at most 5 attempts or 48 hours", mailboxFull.Stdout);
        Assert.DoesNotContain("72 hours", mailboxFull.Stdout);
    }

    [Fact]
    public void Decode_PersistentSoftOutOfRange_Fails()
    {
        var run = CliRun.Of("decode", "--persistent-soft-hours", "0", "452 4.2.2 Mailbox full");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--persistent-soft-hours must be a whole number from 1 to 720, not '0'", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Decode_ListsLinksInReply()
    {
        const string reply = "421-4.7.28 unusual rate of unsolicited mail. 421 4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError zz0000si0000002pln.3 - gsmtp";

        var run = CliRun.Of("decode", reply);
        var json = CliRun.Of("decode", "--json", reply);

        Assert.Contains($"Reply:         {reply}\n", run.Stdout);
        Assert.Contains("Link:          https://support.google.com/mail/?p=UnsolicitedRateLimitError\n", run.Stdout);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(reply, document.RootElement.GetProperty("reply").GetString());
        var link = Assert.Single(document.RootElement.GetProperty("links").EnumerateArray());
        Assert.Equal("https://support.google.com/mail/?p=UnsolicitedRateLimitError", link.GetString());
    }

    [Fact]
    public void Decode_NoLinks_SaysNone()
    {
        var run = CliRun.Of("decode", "550 5.1.1 user unknown");
        var json = CliRun.Of("decode", "--json", "550 5.1.1 user unknown");

        Assert.Contains("Links:         none\n", run.Stdout);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(0, document.RootElement.GetProperty("links").GetArrayLength());
    }

    [Fact]
    public void Decode_JoinsUnquotedWords()
    {
        var quoted = CliRun.Of("decode", "--json", "452 4.2.2 mailbox full");
        var unquoted = CliRun.Of("decode", "--json", "452", "4.2.2", "mailbox", "full");

        Assert.Equal(quoted.Stdout, unquoted.Stdout);
    }

    [Fact]
    public void DecodeWithoutReply_IsUsageError()
    {
        var run = CliRun.Of("decode");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing REPLY", run.Stderr);
    }
}
