using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Tests.Classification;

public sealed class SmtpReplyParserTests
{
    private const string GmailUserUnknownPostfix =
        "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser q9zz0000000si0000001wmq.7 - gsmtp";

    private const string GmailUserUnknownText =
        "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser";

    private const string GmailRateLimitPostfix =
        "421-4.7.28 [198.51.100.23      15] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421 4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError zz0000si0000002pln.3 - gsmtp";

    [Fact]
    public void Parse_PostfixMultiLine_JoinsIntoOneText()
    {
        var reply = SmtpReplyParser.Parse(GmailUserUnknownPostfix);

        Assert.Equal(550, reply.BasicCode);
        Assert.Equal("5.1.1", reply.EnhancedCode);
        Assert.Equal(GmailUserUnknownText, reply.Text);
        Assert.Equal(GmailUserUnknownPostfix, reply.Raw);
    }

    [Fact]
    public void Parse_GmailRateLimit_KeepsBracketText()
    {
        var reply = SmtpReplyParser.Parse(GmailRateLimitPostfix);

        Assert.Equal(421, reply.BasicCode);
        Assert.Equal("4.7.28", reply.EnhancedCode);
        Assert.StartsWith("[198.51.100.23 15] Our system has detected an unusual rate of unsolicited mail", reply.Text);
        Assert.EndsWith("rate limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError", reply.Text);
        Assert.DoesNotContain("421", reply.Text);
    }

    [Fact]
    public void Parse_EximLiteralNewlines_JoinsIntoOneText()
    {
        const string exim =
            @"550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 unnecessary spaces. For more information, go to\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser zz00si02 - gsmtp";

        var reply = SmtpReplyParser.Parse(exim);

        Assert.Equal(550, reply.BasicCode);
        Assert.Equal("5.1.1", reply.EnhancedCode);
        Assert.Equal(GmailUserUnknownText, reply.Text);
    }

    [Fact]
    public void Parse_FoldedDsnDiagnostic_UnfoldsAndDropsType()
    {
        const string folded =
            "smtp; 550-5.1.1 The email account that you tried to reach does\r\n    not exist. Please try 550-5.1.1 double-checking the recipient's email\r\n    address for typos";

        var reply = SmtpReplyParser.Parse(folded);

        Assert.Equal(550, reply.BasicCode);
        Assert.Equal("5.1.1", reply.EnhancedCode);
        Assert.Equal("The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos", reply.Text);
    }

    [Fact]
    public void Parse_PostfixDiagnosticType_IsDropped()
    {
        var reply = SmtpReplyParser.Parse("X-Postfix; Host or domain name not found. Name service error for name=example.com type=MX: Host not found");

        Assert.Null(reply.BasicCode);
        Assert.Null(reply.EnhancedCode);
        Assert.StartsWith("Host or domain name not found.", reply.Text);
    }

    [Fact]
    public void Parse_BasicCodeOnly_KeepsUrl()
    {
        var reply = SmtpReplyParser.Parse("554 Blocked - see https://ipcheck.proofpoint.com/?ip=198.51.100.23");

        Assert.Equal(554, reply.BasicCode);
        Assert.Null(reply.EnhancedCode);
        Assert.Equal("Blocked - see https://ipcheck.proofpoint.com/?ip=198.51.100.23", reply.Text);
    }

    [Fact]
    public void Parse_EnhancedCodeOnly_ReadsCode()
    {
        var reply = SmtpReplyParser.Parse("5.1.1 user unknown");

        Assert.Null(reply.BasicCode);
        Assert.Equal("5.1.1", reply.EnhancedCode);
        Assert.Equal("user unknown", reply.Text);
    }

    [Theory]
    [InlineData("Connection timed out")]
    [InlineData("connect to mx.example.net[192.0.2.44]:25: Connection timed out")]
    [InlineData("lost connection with mx2.example.net[192.0.2.45] while receiving the initial server greeting")]
    [InlineData("Host or domain name not found. Name service error for name=example.com type=AAAA: Host not found")]
    public void Parse_NoCode_KeepsWholeText(string raw)
    {
        var reply = SmtpReplyParser.Parse(raw);

        Assert.Null(reply.BasicCode);
        Assert.Null(reply.EnhancedCode);
        Assert.Equal(raw, reply.Text);
    }

    [Theory]
    [InlineData("550 5.7.520 Access denied", "5.7.520")]
    [InlineData("451 4.7.500 Server busy. Please try again later from [198.51.100.24]. (S77714)", "4.7.500")]
    [InlineData("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "5.1.10")]
    [InlineData("421 4.16.55 [TS01] Messages temporarily deferred", "4.16.55")]
    public void Parse_LongEnhancedCode_ComesOutWhole(string raw, string expected)
    {
        var reply = SmtpReplyParser.Parse(raw);

        Assert.Equal(expected, reply.EnhancedCode);
    }

    [Theory]
    [InlineData("[198.51.100.23 15] unusual rate")]
    [InlineData("198.51.100.23 is blocked")]
    [InlineData("Messages from 550 senders")]
    [InlineData("5500 bytes too many")]
    [InlineData("600 5.1.1 not an SMTP reply")]
    [InlineData("5.1.1.9 is an address")]
    public void Parse_NumbersInsideText_AreNotCodes(string raw)
    {
        var reply = SmtpReplyParser.Parse(raw);

        Assert.Null(reply.BasicCode);
        Assert.Null(reply.EnhancedCode);
    }

    [Fact]
    public void Parse_MicrosoftTrailer_IsDroppedFromText()
    {
        const string raw =
            "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555) [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com 2024-06-11T09:14:02.123Z 08DC8A1B2C3D4E5F]";

        var reply = SmtpReplyParser.Parse(raw);

        Assert.Equal("Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)", reply.Text);
        Assert.Equal(raw, reply.Raw);
    }

    [Fact]
    public void Parse_GmailDeliveredReply_DropsTimestampAndToken()
    {
        var reply = SmtpReplyParser.Parse("250 2.0.0 OK  1709543563 a1b2c3d4e5f6si0000001wmq.42 - gsmtp");

        Assert.Equal(250, reply.BasicCode);
        Assert.Equal("2.0.0", reply.EnhancedCode);
        Assert.Equal("OK", reply.Text);
    }

    [Fact]
    public void Parse_PostfixHostSaid_ReadsStage()
    {
        var reply = SmtpReplyParser.Parse("host aspmx.l.google.com[192.0.2.26] said: 550 5.1.1 No such user (in reply to RCPT TO command)");

        Assert.Equal(550, reply.BasicCode);
        Assert.Equal("5.1.1", reply.EnhancedCode);
        Assert.Equal("No such user", reply.Text);
        Assert.Equal(SmtpStage.RcptTo, reply.Stage);
    }

    [Fact]
    public void Parse_PostfixRefusedToTalk_IsGreetingStage()
    {
        var reply = SmtpReplyParser.Parse("host mx0b.example.org[192.0.2.61] refused to talk to me: 554 Blocked - see https://ipcheck.proofpoint.com/?ip=198.51.100.23");

        Assert.Equal(554, reply.BasicCode);
        Assert.Equal(SmtpStage.Greeting, reply.Stage);
        Assert.StartsWith("Blocked", reply.Text);
    }

    [Fact]
    public void Parse_EximSmtpError_ReadsStage()
    {
        var reply = SmtpReplyParser.Parse("SMTP error from remote mail server after RCPT TO:<cfo@example.org>: 451 4.7.1 <cfo@example.org>: Recipient address rejected: Greylisted for 5 minutes");

        Assert.Equal(451, reply.BasicCode);
        Assert.Equal("4.7.1", reply.EnhancedCode);
        Assert.Equal(SmtpStage.RcptTo, reply.Stage);
        Assert.Equal("<cfo@example.org>: Recipient address rejected: Greylisted for 5 minutes", reply.Text);
    }

    [Fact]
    public void Parse_MultiLineWithoutEnhancedCode_DropsContinuations()
    {
        var reply = SmtpReplyParser.Parse(@"554-mx.example.org\n554 Your access is denied");

        Assert.Equal(554, reply.BasicCode);
        Assert.Equal("mx.example.org Your access is denied", reply.Text);
    }

    [Fact]
    public void Parse_ExchangeQueueExpiry_ReadsCodes()
    {
        var reply = SmtpReplyParser.Parse("#550 4.4.7 QUEUE.Expired; message expired ##");

        Assert.Equal(550, reply.BasicCode);
        Assert.Equal("4.4.7", reply.EnhancedCode);
        Assert.Equal("QUEUE.Expired; message expired", reply.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\\n\\n")]
    public void Parse_EmptyReply_HasNoCodesOrText(string raw)
    {
        var reply = SmtpReplyParser.Parse(raw);

        Assert.Null(reply.BasicCode);
        Assert.Null(reply.EnhancedCode);
        Assert.Equal(string.Empty, reply.Text);
        Assert.Equal(raw, reply.Raw);
    }

    [Theory]
    [InlineData("550")]
    [InlineData("550-")]
    [InlineData("4.")]
    [InlineData("5.1.")]
    [InlineData("smtp;")]
    [InlineData("host ")]
    [InlineData("- gsmtp")]
    [InlineData("]")]
    [InlineData("#")]
    [InlineData("\u0000\u00ff garbage ;;; 550-5.1.1")]
    public void Parse_Garbage_DoesNotThrow(string raw)
    {
        var reply = SmtpReplyParser.Parse(raw);

        Assert.Equal(raw, reply.Raw);
    }

    [Fact]
    public void Parse_LongReply_UsesPooledBuffer()
    {
        var raw = "550 5.7.1 " + new string('x', 5000) + " blocked";

        var reply = SmtpReplyParser.Parse(raw);

        Assert.Equal(550, reply.BasicCode);
        Assert.Equal(5008, reply.Text.Length);
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => SmtpReplyParser.Parse(null!));
    }
}
