using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using static BouncePortal.Domain.Tests.Email.BounceEmails;

namespace BouncePortal.Domain.Tests.Email;

public sealed class NonStandardBodyTests
{
    private static (DeliveryAttempt Attempt, BounceClassification Classification) ReadSingle(string message)
    {
        var attempt = Assert.Single(Read(message));
        return (attempt, ClassifiedAttempt.From(attempt).Classification);
    }

    [Fact]
    public void Qmail_RemoteHostSaid_GivesReply()
    {
        var (attempt, classification) = ReadSingle(Qmail);

        Assert.Equal("nobody@example.com", attempt.Recipient);
        Assert.Equal(DeliveryOutcome.Bounced, attempt.LogOutcome);
        Assert.Equal("550 5.1.1 <nobody@example.com>... User unknown", attempt.Reply);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
        Assert.Equal("anna@example.net", attempt.Sender);
    }

    [Fact]
    public void Exim_HostReply_GivesReplyAndStage()
    {
        var (attempt, classification) = ReadSingle(Exim);

        Assert.Equal("full@example.org", attempt.Recipient);
        Assert.Equal("552 5.2.2 <full@example.org>... Mailbox full", attempt.Reply);
        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
        Assert.Equal("mx.example.org", attempt.RemoteHost);
        Assert.Equal(BounceCategory.MailboxFull, classification.Category);
    }

    [Fact]
    public void Sendmail_Reason_GivesReply()
    {
        var (attempt, classification) = ReadSingle(Sendmail);

        Assert.Equal("gone@example.com", attempt.Recipient);
        Assert.Equal("550 5.1.1 <gone@example.com>... User unknown", attempt.Reply);
        Assert.Equal(550, classification.BasicCode);
        Assert.Equal("5.1.1", classification.EnhancedCode);
    }

    [Fact]
    public void Sendmail_DataRefusedAfterRcpt_KeepsRcptStage()
    {
        var (attempt, classification) = ReadSingle(SendmailDataRefused);

        Assert.Equal("gone@example.com", attempt.Recipient);
        Assert.Equal("550 5.1.1 Requested action not taken: mailbox unavailable", attempt.Reply);
        Assert.Equal(SmtpStage.RcptTo, attempt.Stage);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
        Assert.True(classification.Suppress);
    }

    [Fact]
    public void ExchangeLegacy_RemoteServerReturned_GivesReply()
    {
        var (attempt, classification) = ReadSingle(ExchangeLegacy);

        Assert.Equal("former@corp.example.com", attempt.Recipient);
        Assert.Equal("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", attempt.Reply);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
        Assert.Equal("original-2@example.net", attempt.QueueId);
    }

    [Fact]
    public void ExchangeOnline_ReportedError_GivesReply()
    {
        var (attempt, classification) = ReadSingle(ExchangeOnline);

        Assert.Equal("blocked@tenant.example.com", attempt.Recipient);
        Assert.StartsWith("550 5.7.520 Access denied", attempt.Reply);
        Assert.Equal(BounceCategory.PolicyRejected, classification.Category);
    }

    [Fact]
    public void Gmail_OtherServerReturned_GivesReply()
    {
        var (attempt, classification) = ReadSingle(Gmail);

        Assert.Equal("nobody@example.org", attempt.Recipient);
        Assert.Equal("550 5.1.1 <nobody@example.org>... User unknown", attempt.Reply);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
    }

    [Fact]
    public void Gmail_DelayNotice_GivesDeferred()
    {
        var delayed = Gmail.Replace("(Failure)", "(Delay)").Replace("failed permanently", "is delayed");

        var (attempt, classification) = ReadSingle(delayed);

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.False(classification.Suppress);
    }

    [Fact]
    public void Yahoo_RemoteHostSaid_GivesReply()
    {
        var (attempt, classification) = ReadSingle(Yahoo);

        Assert.Equal("full@example.com", attempt.Recipient);
        Assert.Equal(BounceCategory.MailboxFull, classification.Category);
    }

    [Fact]
    public void Relay_MessagingException_GivesReply()
    {
        var (attempt, classification) = ReadSingle(Relay);

        Assert.Equal("busy@example.org", attempt.Recipient);
        Assert.Equal(421, classification.BasicCode);
        Assert.Equal("4.3.2", classification.EnhancedCode);
        Assert.Equal(BounceCategory.ServerBusy, classification.Category);
    }

    [Fact]
    public void Barracuda_RejectedCommand_IsBlocklisted()
    {
        var (attempt, classification) = ReadSingle(Barracuda);

        Assert.Equal("listed@example.com", attempt.Recipient);
        Assert.Equal(550, classification.BasicCode);
        Assert.Equal(BounceCategory.Blocklisted, classification.Category);
        Assert.False(classification.Suppress);
    }

    [Fact]
    public void LotusNotes_JapaneseReason_IsDecodedAndTranslated()
    {
        // Lotus Notes writes its reason in the server's language. The body below is ISO-2022-JP as
        // sent: the escape sequences (ESC $ B, ESC ( B) switch to JIS X 0208 and back around the reason.
        const string template = """
            From: postmaster@notes.example.co.jp
            To: anna@example.net
            Subject: Undeliverable message
            MIME-Version: 1.0
            Content-Type: text/plain; charset=ISO-2022-JP

            ------- Failure Reasons  --------

            <ESC>$B%G%#%l%/%H%j$N%j%9%H$K$"$j$^$;$s<ESC>(B
            gone@notes.example.co.jp

            ------- Returned Message --------
            To: gone@notes.example.co.jp
            """;

        var message = template.Replace("<ESC>", "\u001b");

        var attempt = Assert.Single(Read(message));
        var classification = ClassifiedAttempt.From(attempt).Classification;

        Assert.Equal("gone@notes.example.co.jp", attempt.Recipient);
        Assert.Contains("ディレクトリのリストにありません (User not listed in public Name & Address Book)", attempt.Reply);
        Assert.Equal(BounceCategory.UserUnknown, classification.Category);
        Assert.True(classification.Suppress);
    }

    [Fact]
    public void FmlNotice_NotMember_NamesListAndPolicy()
    {
        const string message = """
            From: lists-admin@example.org
            To: anna@example.net
            Subject: You anna@example.net are not member (sales ML)
            X-MLServer: fml [fml 4.0.3 release (20011202/4.0.3)]
            MIME-Version: 1.0
            Content-Type: text/plain; charset=us-ascii

            You are not a member of this mailing list <sales@example.org>.
            If you know the general guide of this list, please send mail with
            the mail body
            	guide
            to the address
            	sales-ctl@example.org
            """;

        var (attempt, classification) = ReadSingle(message);

        Assert.Equal("sales@example.org", attempt.Recipient);
        Assert.Equal("You are not a member of this mailing list <sales@example.org>.", attempt.Reply);
        Assert.Equal(BounceCategory.PolicyRejected, classification.Category);
        Assert.False(classification.Suppress);
    }
}
