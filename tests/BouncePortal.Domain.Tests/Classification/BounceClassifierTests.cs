using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Tests.Classification;

public sealed class BounceClassifierTests
{
    private const string GmailUserUnknown =
        "host aspmx.l.google.com[192.0.2.26] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser q9zz0000000si0000001wmq.7 - gsmtp (in reply to RCPT TO command)";

    private const string GmailRateLimit =
        "host alt1.aspmx.l.google.com[192.0.2.30] said: 421-4.7.28 [198.51.100.23      15] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421 4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError zz0000si0000002pln.3 - gsmtp (in reply to end of DATA command)";

    private const string YahooVolume =
        "smtp; 421 4.7.0 [TSS04] Messages from 198.51.100.23 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes";

    private const string MicrosoftForwarding =
        "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555) [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com 2024-06-11T09:14:02.123Z 08DC8A1B2C3D4E5F]";

    private const string ProofpointBlock =
        "host mx0b.example.org[192.0.2.61] refused to talk to me: 554 Blocked - see https://ipcheck.proofpoint.com/?ip=198.51.100.23";

    private const string SpamhausBlock =
        "554 5.7.1 Service unavailable; Client host [198.51.100.23] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.23";

    private const string GmailUnauthenticated =
        "550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26 https://support.google.com/mail/answer/81126 zz00si03 - gsmtp";

    private static BounceClassification Classify(
        string? reply,
        DeliveryOutcome outcome = DeliveryOutcome.Bounced,
        string? logCode = null,
        string? host = "mx.example.com",
        string? domain = "example.com",
        SmtpStage stage = SmtpStage.Unknown) =>
        BounceClassifier.Classify(new ClassificationRequest(outcome, reply, logCode, host, domain, stage));

    // Each common soft-bounce code with the cause it stands for.
    [Theory]
    [InlineData("421 4.7.0 Try again later, closing connection.", BounceCategory.RateLimited)]
    [InlineData("421 4.4.5 Server busy, try again later.", BounceCategory.ServerBusy)]
    [InlineData("450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.", BounceCategory.MailboxBusy)]
    [InlineData("451 4.3.0 Mail server temporarily rejected message.", BounceCategory.ReceiverError)]
    [InlineData("451 4.7.1 <ops@example.org>: Recipient address rejected: Greylisted for 5 minutes", BounceCategory.Greylisted)]
    [InlineData("451 4.7.1 Please try again later", BounceCategory.Greylisted)]
    [InlineData("452 4.2.2 The email account that you tried to reach is over quota.", BounceCategory.MailboxFull)]
    [InlineData("451 4.7.500 Server busy. Please try again later from [198.51.100.24]. (S77714)", BounceCategory.SenderReputation)]
    [InlineData("451 4.7.650 The mail server [198.51.100.24] has been temporarily rate limited due to IP reputation.", BounceCategory.SenderReputation)]
    [InlineData(GmailRateLimit, BounceCategory.RateLimited)]
    [InlineData("451 4.7.28 Connection throttled, sender rate limit exceeded", BounceCategory.RateLimited)]
    [InlineData("550 5.7.520 Access denied, banned sending IP [198.51.100.23]", BounceCategory.SenderReputation)]
    [InlineData(MicrosoftForwarding, BounceCategory.PolicyRejected)]
    public void Classify_SoftBounceCode_NamesCause(string reply, BounceCategory expected)
    {
        var result = Classify(reply, DeliveryOutcome.Deferred);

        Assert.Equal(expected, result.Category);
    }

    [Theory]
    [InlineData("451 4.7.1 Sender rejected: policy violation", BounceCategory.PolicyRejected)]
    [InlineData("451 4.7.1 Client host rejected: cannot find your reverse hostname, [198.51.100.23]", BounceCategory.AuthenticationFailed)]
    public void Classify_451_4_7_1_WithoutGreylisting_JudgesByText(string reply, BounceCategory expected)
    {
        var result = Classify(reply, DeliveryOutcome.Deferred);

        Assert.Equal(expected, result.Category);
    }

    [Theory]
    [InlineData(DeliveryOutcome.Deferred)]
    [InlineData(DeliveryOutcome.Expired)]
    public void Classify_ClientHostRejected_BlamesSender(DeliveryOutcome outcome)
    {
        var result = Classify("450 4.7.1 <c135.example.net[192.0.2.56]>: Client host rejected: may not be mail exchanger", outcome);

        Assert.Equal(BounceCategory.PolicyRejected, result.Category);
        Assert.Equal(Blame.Sender, result.Blame);
        Assert.False(result.Suppress);
    }

    [Theory]
    [InlineData(YahooVolume, BounceCategory.RateLimited)]
    [InlineData("421 4.7.0 too many connections from your IP", BounceCategory.RateLimited)]
    [InlineData("421 mx.cox.net cox connection refused: AUP#CXCNCT", BounceCategory.RateLimited)]
    [InlineData("553 5.7.2 [TSS09] All messages from 198.51.100.23 will be permanently deferred; Retrying will NOT succeed.", BounceCategory.SenderReputation)]
    [InlineData("421 4.7.0 [TS06] Messages from 198.51.100.23 temporarily deferred", BounceCategory.SenderReputation)]
    [InlineData("550 5.7.1 Unfortunately, messages from [198.51.100.23] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).", BounceCategory.SenderReputation)]
    [InlineData("550-5.7.1 [198.51.100.23] Gmail has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.", BounceCategory.SenderReputation)]
    [InlineData(ProofpointBlock, BounceCategory.SenderReputation)]
    [InlineData(SpamhausBlock, BounceCategory.Blocklisted)]
    [InlineData("550 Service unavailable; Client host [198.51.100.23] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?pr=1&ip=198.51.100.23", BounceCategory.Blocklisted)]
    [InlineData("554 5.7.1 Rejected: 198.51.100.23 listed at bl.spamcop.net", BounceCategory.Blocklisted)]
    [InlineData("550 5.7.1 Rejected by SORBS: 198.51.100.23", BounceCategory.Blocklisted)]
    [InlineData("550 5.7.1 IP 198.51.100.23 is listed by UCEPROTECT level 1", BounceCategory.Blocklisted)]
    [InlineData(GmailUnauthenticated, BounceCategory.AuthenticationFailed)]
    [InlineData("550 5.7.23 The message was rejected because of Sender Policy Framework violation", BounceCategory.AuthenticationFailed)]
    [InlineData("550-5.7.25 The IP address sending this message does not have a PTR record setup", BounceCategory.AuthenticationFailed)]
    [InlineData("550 5.7.1 Email rejected per DMARC policy for example.net", BounceCategory.AuthenticationFailed)]
    [InlineData("554 5.6.0 Message contains invalid header", BounceCategory.ContentRejected)]
    [InlineData("550 5.7.1 Message rejected: virus found in attachment", BounceCategory.ContentRejected)]
    [InlineData("554 5.7.1 <sales@example.com>: Relay access denied", BounceCategory.PolicyRejected)]
    [InlineData("550 5.4.1 Relay access denied", BounceCategory.PolicyRejected)]
    [InlineData("550 Your E-Mail is redundant. You cannot send E-Mail to yourself (anna@example.net).", BounceCategory.PolicyRejected)]
    [InlineData("552-5.7.0 This message was blocked because its content presents a potential security issue.", BounceCategory.ContentRejected)]
    [InlineData("550 5.1.1 <sales@example.com> - 192.0.2.10 has sent to too many recipients this hour.", BounceCategory.RateLimited)]
    [InlineData("550 5.1.0 <bounce@example.net> sender rejected.", BounceCategory.AuthenticationFailed)]
    [InlineData("550 5.2.0 Mail rejected.", BounceCategory.PolicyRejected)]
    [InlineData("421 4.2.0 Service refused, please try later.", BounceCategory.ServerBusy)]
    [InlineData("552 5.2.2 The email account that you tried to reach is over quota", BounceCategory.MailboxFull)]
    [InlineData("550 5.2.1 The email account that you tried to reach is disabled.", BounceCategory.MailboxDisabled)]
    [InlineData("554 delivery error: dd This account has been disabled or discontinued", BounceCategory.MailboxDisabled)]
    [InlineData("550 Mailbox inactive", BounceCategory.MailboxDisabled)]
    [InlineData(GmailUserUnknown, BounceCategory.UserUnknown)]
    [InlineData("550 5.1.0 Address rejected", BounceCategory.UserUnknown)]
    [InlineData("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", BounceCategory.UserUnknown)]
    [InlineData("550 No such user here", BounceCategory.UserUnknown)]
    [InlineData("550 <sales@example.com>: Recipient address rejected: User unknown in virtual mailbox table", BounceCategory.UserUnknown)]
    [InlineData("550 5.1.2 Bad destination system address", BounceCategory.BadDomain)]
    [InlineData("556 5.1.10 Recipient address rejected: Domain example.com does not accept mail (null MX)", BounceCategory.BadDomain)]
    [InlineData("Host or domain name not found. Name service error for name=example.com type=AAAA: Host not found", BounceCategory.BadDomain)]
    [InlineData("421 4.3.2 too many connections, please try again later", BounceCategory.ServerBusy)]
    [InlineData("421 Try again later", BounceCategory.ServerBusy)]
    [InlineData("421 Service not available, closing transmission channel", BounceCategory.ServerBusy)]
    [InlineData("451 4.3.5 System configuration error", BounceCategory.ReceiverError)]
    [InlineData("554 5.3.0 Mail system error", BounceCategory.ReceiverError)]
    [InlineData("Connection refused", BounceCategory.NetworkError)]
    [InlineData("No route to host", BounceCategory.NetworkError)]
    [InlineData("Network is unreachable", BounceCategory.NetworkError)]
    [InlineData("conversation with mx.example.com[192.0.2.44] timed out while sending MAIL FROM", BounceCategory.NetworkError)]
    [InlineData("Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again", BounceCategory.NetworkError)]
    [InlineData("552 5.3.4 Message size exceeds fixed limit", BounceCategory.MessageTooLarge)]
    [InlineData("552 5.2.3 Message too large", BounceCategory.MessageTooLarge)]
    [InlineData("421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.", BounceCategory.SenderConfig)]
    [InlineData("452 4.5.3 Too many recipients", BounceCategory.SenderConfig)]
    [InlineData("500 5.5.1 Command unrecognized", BounceCategory.SenderConfig)]
    [InlineData("530 5.7.0 Authentication required", BounceCategory.SenderConfig)]
    [InlineData("550 5.1.8 <anna@outreach-example.com>: Sender address rejected: Domain not found", BounceCategory.AuthenticationFailed)]
    [InlineData("550 Requested action not taken", BounceCategory.Unknown)]
    public void Classify_Reply_NamesCategory(string reply, BounceCategory expected)
    {
        var result = Classify(reply);

        Assert.Equal(expected, result.Category);
    }

    [Theory]
    [InlineData("552 Too many recipients", 1, BounceCategory.RateLimited)]
    [InlineData("452 4.5.3 Too many recipients", 1, BounceCategory.RateLimited)]
    [InlineData("452 4.5.3 Error: too many recipients", 3, BounceCategory.SenderConfig)]
    [InlineData("552 Too many recipients", null, BounceCategory.SenderConfig)]
    [InlineData("421 4.7.66 TLS 1.0 and 1.1 are not supported.", 1, BounceCategory.SenderConfig)]
    public void Classify_TooManyRecipients_DependsOnCount(string reply, int? messageRecipients, BounceCategory expected)
    {
        var result = BounceClassifier.Classify(new ClassificationRequest(
            DeliveryOutcome.Bounced, reply, null, "mx.example.com", "example.com", MessageRecipients: messageRecipients));

        Assert.Equal(expected, result.Category);
        Assert.Equal(Blame.Sender, result.Blame);
        Assert.False(result.Suppress);
        if (expected == BounceCategory.RateLimited)
        {
            Assert.Contains("one recipient", result.Evidence);
        }
    }

    [Theory]
    [InlineData("connect to mx.example.net[192.0.2.44]:25: Connection timed out", "4.4.1")]
    [InlineData("lost connection with mx2.example.net[192.0.2.45] while receiving the initial server greeting", "4.4.2")]
    [InlineData("delivery temporarily suspended: connect to mx.example.net[192.0.2.44]:25: Connection refused", "4.4.1")]
    [InlineData("Host or domain name not found. Name service error for name=example.net type=MX: Host not found, try again", "4.4.3")]
    public void Classify_NetworkFailureWithoutReplyCode_IsSoftNetworkError(string reply, string dsn)
    {
        var result = Classify(reply, DeliveryOutcome.Deferred, dsn);

        Assert.Equal(BounceCategory.NetworkError, result.Category);
        Assert.Equal(BounceClass.Soft, result.Class);
        Assert.Equal(Blame.Network, result.Blame);
        Assert.Null(result.BasicCode);
        Assert.Equal(dsn, result.EnhancedCode);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_NetworkFailure_EvidenceNamesCodeAndText()
    {
        var result = Classify("connect to mx.example.net[192.0.2.44]:25: Connection timed out", DeliveryOutcome.Deferred, "4.4.1");

        Assert.Equal("logged enhanced code 4.4.1 and 'connection timed out'", result.Evidence);
    }

    [Fact]
    public void Classify_HostNotFound544_IsBadDomain()
    {
        var result = Classify("Host or domain name not found. Name service error for name=nosuchdomain-example.com type=AAAA: Host not found", logCode: "5.4.4");

        Assert.Equal(BounceCategory.BadDomain, result.Category);
        Assert.Equal(BounceClass.Hard, result.Class);
        Assert.Equal(Blame.Recipient, result.Blame);
        Assert.True(result.Suppress);
    }

    [Fact]
    public void Classify_GmailUserUnknown_IsHardAndSuppressed()
    {
        var result = Classify(GmailUserUnknown, logCode: "5.1.1", host: "aspmx.l.google.com");

        Assert.Equal(DeliveryOutcome.Bounced, result.Outcome);
        Assert.Equal(BounceClass.Hard, result.Class);
        Assert.Equal(550, result.BasicCode);
        Assert.Equal("5.1.1", result.EnhancedCode);
        Assert.Equal(BounceCategory.UserUnknown, result.Category);
        Assert.Equal(Blame.Recipient, result.Blame);
        Assert.Equal(ReceivingProvider.Google, result.Provider);
        Assert.True(result.Suppress);
        Assert.Equal("enhanced code 5.1.1", result.Evidence);
    }

    [Fact]
    public void Classify_EximGmailUserUnknown_MatchesPostfixResult()
    {
        const string exim =
            @"SMTP error from remote mail server after RCPT TO:<sales@example.com>: 550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 unnecessary spaces. For more information, go to\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser zz00si02 - gsmtp";

        var result = Classify(exim, host: "gmail-smtp-in.l.google.com");

        Assert.Equal(BounceCategory.UserUnknown, result.Category);
        Assert.Equal(550, result.BasicCode);
        Assert.Equal("5.1.1", result.EnhancedCode);
        Assert.True(result.Suppress);
    }

    [Fact]
    public void Classify_GmailRateLimit_IsSoftSenderBlamed()
    {
        var result = Classify(GmailRateLimit, DeliveryOutcome.Deferred, "4.7.28", "alt1.aspmx.l.google.com");

        Assert.Equal(BounceCategory.RateLimited, result.Category);
        Assert.Equal(BounceClass.Soft, result.Class);
        Assert.Equal(Blame.Sender, result.Blame);
        Assert.Equal(ReceivingProvider.Google, result.Provider);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_MicrosoftRecipientAccessDenied_IsUserUnknown()
    {
        var result = Classify(
            "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM12FT012.eop-nam12.prod.protection.outlook.com 2024-06-11T09:14:02.123Z 08DC8A1B2C3D4E5F]",
            host: "example-com.mail.protection.outlook.com");

        Assert.Equal(BounceCategory.UserUnknown, result.Category);
        Assert.Equal(ReceivingProvider.Microsoft, result.Provider);
        Assert.True(result.Suppress);
    }

    [Fact]
    public void Classify_MicrosoftExternalForwarding_IsReceiverPolicy()
    {
        var result = Classify(MicrosoftForwarding, host: "example-com.mail.protection.outlook.com");

        Assert.Equal(BounceCategory.PolicyRejected, result.Category);
        Assert.Equal(Blame.ReceiverInfrastructure, result.Blame);
        Assert.False(result.Suppress);
        Assert.Equal("enhanced code 5.7.520 and 'organization does not allow'", result.Evidence);
    }

    [Fact]
    public void Classify_ProofpointBlock_IsSenderReputation()
    {
        var result = Classify(ProofpointBlock, DeliveryOutcome.Deferred, "4.0.0", "mx0b.example.org", "example.org");

        Assert.Equal(BounceCategory.SenderReputation, result.Category);
        Assert.Equal(ReceivingProvider.Proofpoint, result.Provider);
        Assert.Equal(554, result.BasicCode);
        Assert.Equal(BounceClass.Hard, result.Class);
        Assert.Equal(DeliveryOutcome.Deferred, result.Outcome);
        Assert.Equal(Blame.Sender, result.Blame);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_YahooDelayNotice_IsDeferredRateLimited()
    {
        var result = Classify(YahooVolume, DeliveryOutcome.Deferred, "4.7.0", "mta5.am0.yahoodns.net");

        Assert.Equal(BounceCategory.RateLimited, result.Category);
        Assert.Equal(ReceivingProvider.YahooAol, result.Provider);
        Assert.Equal("text matches '[TSS04]'", result.Evidence);
    }

    [Fact]
    public void Classify_Greylisting_BlamesReceiverInfrastructure()
    {
        var result = Classify(
            "SMTP error from remote mail server after RCPT TO:<cfo@example.org>: 451 4.7.1 <cfo@example.org>: Recipient address rejected: Greylisted for 5 minutes",
            DeliveryOutcome.Deferred);

        Assert.Equal(BounceCategory.Greylisted, result.Category);
        Assert.Equal(Blame.ReceiverInfrastructure, result.Blame);
        Assert.Equal("text matches 'greylist'", result.Evidence);
        Assert.False(result.Suppress);
    }

    [Theory]
    [InlineData(SmtpStage.Greeting, BounceCategory.SenderReputation)]
    [InlineData(SmtpStage.MailFrom, BounceCategory.SenderReputation)]
    [InlineData(SmtpStage.Data, BounceCategory.ContentRejected)]
    [InlineData(SmtpStage.RcptTo, BounceCategory.PolicyRejected)]
    [InlineData(SmtpStage.Unknown, BounceCategory.PolicyRejected)]
    public void Classify_Generic571_UsesStage(SmtpStage stage, BounceCategory expected)
    {
        var result = Classify("550 5.7.1 Delivery not authorized, message refused", stage: stage);

        Assert.Equal(expected, result.Category);
    }

    [Fact]
    public void Classify_StageFromReplyText_IsUsed()
    {
        var result = Classify("host mx.example.com[192.0.2.80] said: 550 5.7.1 Delivery not authorized (in reply to MAIL FROM command)");

        Assert.Equal(BounceCategory.SenderReputation, result.Category);
    }

    [Fact]
    public void Classify_AddressCodeAtMailFrom_IsSenderConfig()
    {
        var result = Classify("550 5.1.0 Address rejected", stage: SmtpStage.MailFrom);

        Assert.Equal(BounceCategory.SenderConfig, result.Category);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_5xxGreetingWithoutText_IsSenderReputation()
    {
        var result = Classify("host mx.example.org[192.0.2.60] refused to talk to me: 554 mx.example.org ESMTP not accepting messages", DeliveryOutcome.Deferred, "4.0.0");

        Assert.Equal(BounceCategory.SenderReputation, result.Category);
    }

    [Fact]
    public void Classify_Delivered_HasNoFailureFacts()
    {
        var result = Classify("250 2.0.0 OK  1709543563 a1b2c3d4e5f6si0000001wmq.42 - gsmtp", DeliveryOutcome.Delivered, "2.0.0", "gmail-smtp-in.l.google.com");

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Null(result.Class);
        Assert.Null(result.Category);
        Assert.Null(result.Blame);
        Assert.False(result.Suppress);
        Assert.Equal(250, result.BasicCode);
        Assert.Equal("2.0.0", result.EnhancedCode);
        Assert.Equal(ReceivingProvider.Google, result.Provider);
    }

    [Fact]
    public void Classify_DeliveredWithoutReply_HasNoCodes()
    {
        var result = Classify(null, DeliveryOutcome.Delivered);

        Assert.Null(result.BasicCode);
        Assert.Null(result.EnhancedCode);
        Assert.Null(result.Category);
    }

    [Fact]
    public void Classify_ExpiredRateLimit_KeepsCause()
    {
        var result = Classify(GmailRateLimit, DeliveryOutcome.Expired, "4.7.28", "alt1.aspmx.l.google.com");

        Assert.Equal(DeliveryOutcome.Expired, result.Outcome);
        Assert.Equal(BounceCategory.RateLimited, result.Category);
        Assert.Equal(Blame.Sender, result.Blame);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_ExpiredTimeouts_DoesNotSuppressRecipient()
    {
        var result = Classify("connect to mx.example.net[192.0.2.44]:25: Connection timed out", DeliveryOutcome.Expired, "4.4.1");

        Assert.Equal(BounceCategory.NetworkError, result.Category);
        Assert.Equal(Blame.Network, result.Blame);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_ExpiredMailboxFull_Suppresses()
    {
        var result = Classify("452 4.2.2 The email account that you tried to reach is over quota.", DeliveryOutcome.Expired);

        Assert.Equal(BounceCategory.MailboxFull, result.Category);
        Assert.Equal(Blame.Recipient, result.Blame);
        Assert.True(result.Suppress);
    }

    [Theory]
    [InlineData("retry timeout exceeded", null)]
    [InlineData("#550 4.4.7 QUEUE.Expired; message expired ##", null)]
    [InlineData(null, "4.4.7")]
    [InlineData(null, null)]
    public void Classify_ExpiredWithoutCause_IsExpired(string? reply, string? logCode)
    {
        var result = Classify(reply, DeliveryOutcome.Expired, logCode);

        Assert.Equal(BounceCategory.Expired, result.Category);
        Assert.Equal(Blame.Unknown, result.Blame);
        Assert.True(result.Suppress);
    }

    [Fact]
    public void Classify_ExpiredWithoutCodes_IsSoft()
    {
        var result = Classify("retry timeout exceeded", DeliveryOutcome.Expired);

        Assert.Equal(BounceClass.Soft, result.Class);
    }

    [Fact]
    public void Classify_ExchangeQueueExpiry_IsHard()
    {
        var result = Classify("#550 4.4.7 QUEUE.Expired; message expired ##", DeliveryOutcome.Expired);

        Assert.Equal(BounceClass.Hard, result.Class);
        Assert.Equal("4.4.7", result.EnhancedCode);
    }

    [Fact]
    public void Classify_CoxRetryTimeout_KeepsRateLimitCause()
    {
        var result = Classify("421 mx.cox.net cox connection refused: AUP#CXCNCT: retry timeout exceeded", DeliveryOutcome.Expired, "5.0.0");

        Assert.Equal(BounceCategory.RateLimited, result.Category);
        Assert.Equal(BounceClass.Soft, result.Class);
        Assert.Equal("5.0.0", result.EnhancedCode);
        Assert.Equal(421, result.BasicCode);
        Assert.False(result.Suppress);
    }

    [Theory]
    [InlineData("421 5.7.1 Too many invalid recipients", BounceClass.Soft)]
    [InlineData("550 4.4.7 Message expired", BounceClass.Hard)]
    public void Classify_BasicAndEnhancedDisagree_BasicCodeWins(string reply, BounceClass expected)
    {
        var result = Classify(reply);

        Assert.Equal(expected, result.Class);
        Assert.NotNull(result.BasicCode);
        Assert.NotNull(result.EnhancedCode);
    }

    [Fact]
    public void Classify_421With5xEnhanced_KeepsBothCodes()
    {
        var result = Classify("421 5.7.1 Too many invalid recipients");

        Assert.Equal(421, result.BasicCode);
        Assert.Equal("5.7.1", result.EnhancedCode);
    }

    [Fact]
    public void Classify_EnhancedOnlyReply_BeatsLogCode()
    {
        var result = Classify("4.2.2 mailbox over quota", DeliveryOutcome.Bounced, "5.0.0");

        Assert.Equal(BounceClass.Soft, result.Class);
        Assert.Equal("4.2.2", result.EnhancedCode);
    }

    [Theory]
    [InlineData(DeliveryOutcome.Bounced, BounceClass.Hard)]
    [InlineData(DeliveryOutcome.Deferred, BounceClass.Soft)]
    public void Classify_NoCodeAnywhere_ClassFromOutcome(DeliveryOutcome outcome, BounceClass expected)
    {
        var result = Classify("something went wrong", outcome);

        Assert.Equal(expected, result.Class);
        Assert.Equal(BounceCategory.Unknown, result.Category);
        Assert.Equal(Blame.Unknown, result.Blame);
    }

    [Theory]
    [InlineData("Connection timed out")]
    [InlineData("Connection refused")]
    [InlineData("lost connection with mx.example.net[192.0.2.44] while sending RCPT TO")]
    public void Classify_LoggedNetworkErrorWithoutCode_IsSoft(string reply)
    {
        var result = Classify(reply, DeliveryOutcome.Bounced);

        Assert.Equal(DeliveryOutcome.Bounced, result.Outcome);
        Assert.Equal(BounceClass.Soft, result.Class);
        Assert.Equal(BounceCategory.NetworkError, result.Category);
        Assert.False(result.Suppress);
    }

    [Theory]
    [InlineData("Connection timed out")]
    [InlineData("Connection refused")]
    [InlineData("lost connection with mx.example.net[192.0.2.44] while sending RCPT TO")]
    public void Classify_BareNetworkErrorReply_IsDeferredSoft(string reply)
    {
        var result = BounceClassifier.Classify(
            new ClassificationRequest(DeliveryOutcome.Bounced, reply, null, null, null, OutcomeFromReply: true));

        Assert.Equal(DeliveryOutcome.Deferred, result.Outcome);
        Assert.Equal(BounceClass.Soft, result.Class);
        Assert.Equal(BounceCategory.NetworkError, result.Category);
        Assert.Equal(Blame.Network, result.Blame);
    }

    [Theory]
    [InlineData("Greylisted, please try again later", BounceCategory.Greylisted)]
    [InlineData("Mailbox full", BounceCategory.MailboxFull)]
    [InlineData("Too many connections from your IP, slow down", BounceCategory.RateLimited)]
    [InlineData("Server busy", BounceCategory.ServerBusy)]
    [InlineData("Connection timed out", BounceCategory.NetworkError)]
    public void Classify_BareTemporaryCause_IsDeferredSoft(string reply, BounceCategory expected)
    {
        var result = BounceClassifier.Classify(
            new ClassificationRequest(DeliveryOutcome.Bounced, reply, null, null, null, OutcomeFromReply: true));

        Assert.Equal(expected, result.Category);
        Assert.Equal(BounceClass.Soft, result.Class);
        Assert.Equal(DeliveryOutcome.Deferred, result.Outcome);
        Assert.False(result.Suppress);
    }

    [Theory]
    [InlineData("User unknown", BounceCategory.UserUnknown, true)]
    [InlineData("Host or domain name not found", BounceCategory.BadDomain, true)]
    [InlineData("Blocked using zen.spamhaus.org", BounceCategory.Blocklisted, false)]
    [InlineData("Message size exceeds fixed maximum message size", BounceCategory.MessageTooLarge, false)]
    public void Classify_BarePermanentCause_IsBouncedHard(string reply, BounceCategory expected, bool suppress)
    {
        var result = BounceClassifier.Classify(
            new ClassificationRequest(DeliveryOutcome.Bounced, reply, null, null, null, OutcomeFromReply: true));

        Assert.Equal(expected, result.Category);
        Assert.Equal(BounceClass.Hard, result.Class);
        Assert.Equal(DeliveryOutcome.Bounced, result.Outcome);
        Assert.Equal(suppress, result.Suppress);
    }

    [Fact]
    public void Classify_BareExpiryReply_IsFinalSoft()
    {
        var result = BounceClassifier.Classify(
            new ClassificationRequest(DeliveryOutcome.Bounced, "retry timeout exceeded", null, null, null, OutcomeFromReply: true));

        Assert.Equal(BounceCategory.Expired, result.Category);
        Assert.Equal(BounceClass.Soft, result.Class);
        Assert.Equal(DeliveryOutcome.Bounced, result.Outcome);
    }

    [Theory]
    [InlineData("Greylisted, please try again later", DeliveryOutcome.Bounced, BounceClass.Hard)]
    [InlineData("Mailbox full", DeliveryOutcome.Bounced, BounceClass.Hard)]
    [InlineData("Mailbox full", DeliveryOutcome.Deferred, BounceClass.Soft)]
    [InlineData("Connection timed out", DeliveryOutcome.Bounced, BounceClass.Soft)]
    public void Classify_LogVerdictWithoutCode_KeepsOutcome(string reply, DeliveryOutcome verdict, BounceClass expected)
    {
        var result = BounceClassifier.Classify(
            new ClassificationRequest(verdict, reply, null, null, "example.com"));

        Assert.Equal(verdict, result.Outcome);
        Assert.Equal(expected, result.Class);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("something went wrong")]
    public void Classify_BareUnmatchedReply_HasNoClass(string reply)
    {
        var result = BounceClassifier.Classify(
            new ClassificationRequest(DeliveryOutcome.Bounced, reply, null, null, null, OutcomeFromReply: true));

        Assert.Null(result.Class);
        Assert.Equal(BounceCategory.Unknown, result.Category);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_LogCodeOnly_KeepsClass()
    {
        var result = BounceClassifier.Classify(
            new ClassificationRequest(DeliveryOutcome.Bounced, "Connection timed out", "5.4.7", null, null, OutcomeFromReply: true));

        Assert.Equal(DeliveryOutcome.Bounced, result.Outcome);
        Assert.Equal(BounceClass.Hard, result.Class);
    }

    [Theory]
    [InlineData(GmailUnauthenticated)]
    [InlineData(SpamhausBlock)]
    [InlineData("550 5.7.1 Unfortunately, messages from [198.51.100.23] weren't sent. (S3150)")]
    [InlineData("550 5.7.520 Access denied, banned sending IP [198.51.100.23]")]
    [InlineData("552 5.3.4 Message size exceeds fixed limit")]
    public void Classify_SenderBlamedRejection_NeverSuppresses(string reply)
    {
        var result = Classify(reply);

        Assert.Equal(Blame.Sender, result.Blame);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_DeferredUserUnknown_DoesNotSuppress()
    {
        var result = Classify(GmailUserUnknown, DeliveryOutcome.Deferred);

        Assert.Equal(BounceCategory.UserUnknown, result.Category);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_BouncedSoftUserUnknown_DoesNotSuppress()
    {
        var result = Classify("450 4.1.1 <sales@example.com>: Recipient address rejected: unverified address");

        Assert.Equal(BounceCategory.UserUnknown, result.Category);
        Assert.Equal(BounceClass.Soft, result.Class);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_BouncedMailboxFull_DoesNotSuppress()
    {
        var result = Classify("552 5.2.2 The email account that you tried to reach is over quota");

        Assert.Equal(Blame.Recipient, result.Blame);
        Assert.False(result.Suppress);
    }

    [Theory]
    [InlineData(BounceCategory.Greylisted, Blame.ReceiverInfrastructure)]
    [InlineData(BounceCategory.RateLimited, Blame.Sender)]
    [InlineData(BounceCategory.NetworkError, Blame.Network)]
    [InlineData(BounceCategory.PolicyRejected, Blame.ReceiverInfrastructure)]
    [InlineData(BounceCategory.UserUnknown, Blame.Recipient)]
    [InlineData(BounceCategory.MailboxBusy, Blame.Recipient)]
    [InlineData(BounceCategory.MessageTooLarge, Blame.Sender)]
    [InlineData(BounceCategory.Expired, Blame.Unknown)]
    [InlineData(BounceCategory.Unknown, Blame.Unknown)]
    public void BlameOf_Category_IsDefaultBlame(BounceCategory category, Blame expected)
    {
        Assert.Equal(expected, BounceClassifier.BlameOf(category));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u0000\u0001\u0002")]
    [InlineData("550-")]
    [InlineData("smtp;")]
    [InlineData("5.")]
    [InlineData("[[[[]]]]")]
    public void Classify_GarbageReply_IsUnknown(string reply)
    {
        var result = Classify(reply);

        Assert.Equal(BounceCategory.Unknown, result.Category);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_GarbageLogCode_IsIgnored()
    {
        var result = Classify("Connection refused", DeliveryOutcome.Deferred, "not.a.code");

        Assert.Null(result.EnhancedCode);
        Assert.Equal(BounceCategory.NetworkError, result.Category);
    }

    [Fact]
    public void Classify_LongReply_Classifies()
    {
        var reply = "550 5.7.1 " + new string('x', 4000) + " blocked using zen.spamhaus.org";

        var result = Classify(reply);

        Assert.Equal(BounceCategory.Blocklisted, result.Category);
    }

    [Fact]
    public void Classify_NullRequest_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => BounceClassifier.Classify(null!));
    }

    [Fact]
    public void Classify_UnknownUserAfterData_IsPolicyRejected()
    {
        var result = Classify("550 Unknown user kijitora@example.com", stage: SmtpStage.Data);

        Assert.Equal(BounceCategory.PolicyRejected, result.Category);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_YahooUnknownUserAfterData_IsUserUnknown()
    {
        var result = Classify(
            "554 delivery error: dd This user doesn't have a yahoo.com account (nobody@yahoo.com) [0]",
            host: null,
            domain: "yahoo.com",
            stage: SmtpStage.Data);

        Assert.Equal(BounceCategory.UserUnknown, result.Category);
    }

    [Fact]
    public void Classify_GmailFloodedMailbox_IsMailboxBusy()
    {
        var result = Classify("550-5.2.1 The user you are trying to contact is receiving mail at a rate that 550 5.2.1 prevents additional messages from being delivered.");

        Assert.Equal(BounceCategory.MailboxBusy, result.Category);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_GoogleGroupsRefusal_IsPolicyRejected()
    {
        var result = Classify("We're writing to let you know that the group you tried to contact may not exist", host: null, domain: "googlegroups.com");

        Assert.Equal(BounceCategory.PolicyRejected, result.Category);
    }

    // Causes named by reply wording or provider codes that generic codes miss.
    [Theory]
    [InlineData("550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]", BounceCategory.ContentRejected)]
    [InlineData("421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]", BounceCategory.SenderReputation)]
    [InlineData("550 5.5.0 Service refuse. LPN105_104", BounceCategory.RateLimited)]
    [InlineData("550 5.1.0 <bounce@example.net> sender rejected. AUP#In-1310", BounceCategory.RateLimited)]
    [InlineData("554 5.7.1 Message rejected. AUP#In-1200", BounceCategory.Blocklisted)]
    [InlineData("554 5.7.1 <lead@example.ch>: Recipient address rejected: Access denied", BounceCategory.UserUnknown)]
    [InlineData("4.4.3 Unable to contact LDAP server.", BounceCategory.ReceiverError)]
    [InlineData("4.4.3 Directory server unavailable", BounceCategory.ReceiverError)]
    [InlineData("5.4.4 Name service error for name=example.org type=MX: Malformed or unexpected name server reply", BounceCategory.NetworkError)]
    [InlineData("No MX found for domain", BounceCategory.BadDomain)]
    [InlineData("550 5.2.0 <anna@example.net> From: Domain is invalid. Please provide a valid From:", BounceCategory.AuthenticationFailed)]
    [InlineData("You are not a member of this mailing list <list@lists.example.org>.", BounceCategory.PolicyRejected)]
    [InlineData("Duplicated Message-ID in <list@lists.example.org>.", BounceCategory.ReceiverError)]
    [InlineData("Failed to read template ------ pipe to |/usr/local/bin/autoreply lead@example.org", BounceCategory.ReceiverError)]
    public void Classify_ProviderCodeOrWording_NamesCause(string reply, BounceCategory expected)
    {
        var result = Classify(reply);

        Assert.Equal(expected, result.Category);
    }

    [Fact]
    public void Classify_LocalMailer_IsReceiverError()
    {
        var result = Classify("x-unix; procmail: Couldn't create \"/var/spool/mail/lead\": No such user", logCode: "5.1.1");

        Assert.Equal(BounceCategory.ReceiverError, result.Category);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_LocalMailerFullMailbox_IsMailboxFull()
    {
        var result = Classify("x-unix; /var/mail/lead/Maildir/tmp/1.A2.host: Disk quota exceeded", logCode: "4.3.0");

        Assert.Equal(BounceCategory.MailboxFull, result.Category);
    }

    [Fact]
    public void Classify_GenericReplyCode_UsesLogCode()
    {
        var result = Classify("550 5.0.0 <lead@example.org>... Insufficient permission", logCode: "5.3.0");

        Assert.Equal("5.3.0", result.EnhancedCode);
        Assert.Equal(BounceCategory.ReceiverError, result.Category);
    }

    [Fact]
    public void Classify_BadMailboxCodeAfterData_StaysUserUnknown()
    {
        var result = Classify("550 5.1.1 <lead@example.org>: Recipient address rejected: User unknown in local recipient table", stage: SmtpStage.Data);

        Assert.Equal(BounceCategory.UserUnknown, result.Category);
        Assert.True(result.Suppress);
    }

    [Theory]
    [InlineData("553 5.1.0 anna example.net does not exist E2110")]
    [InlineData("550 5.1.7 No such domain example.net.")]
    public void Classify_SenderDomainMissingAtMailFrom_IsAuthenticationFailed(string reply)
    {
        var result = Classify(reply, stage: SmtpStage.MailFrom);

        Assert.Equal(BounceCategory.AuthenticationFailed, result.Category);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_SenderSyntaxAtMailFrom_StaysSenderConfig()
    {
        var result = Classify("553 5.1.3 Bad sender address syntax", stage: SmtpStage.MailFrom);

        Assert.Equal(BounceCategory.SenderConfig, result.Category);
    }

    [Fact]
    public void Classify_GreetingRefusalWithLoggedCode_IsSenderReputation()
    {
        var result = Classify("554 mx1.example.org ESMTP not accepting connections", logCode: "5.5.0", stage: SmtpStage.Greeting);

        Assert.Equal(BounceCategory.SenderReputation, result.Category);
    }

    [Theory]
    [InlineData("Sorry, no mailbox here by that name. (#5.1.1)", BounceCategory.UserUnknown)]
    [InlineData("User some.name (nobody@example.com) not listed in Domino Directory", BounceCategory.UserUnknown)]
    [InlineData("Sorry, I couldn't find any host named mx.example.com. (#5.1.2)", BounceCategory.BadDomain)]
    [InlineData("550 Ip frequency limited", BounceCategory.RateLimited)]
    [InlineData("554 Service currently unavailable", BounceCategory.ReceiverError)]
    [InlineData("550 Rejected", BounceCategory.PolicyRejected)]
    [InlineData("550 Mailbox is frozen.", BounceCategory.MailboxDisabled)]
    public void Classify_BounceProse_NamesCause(string reply, BounceCategory expected)
    {
        var result = Classify(reply);

        Assert.Equal(expected, result.Category);
    }

    [Theory]
    [InlineData("554 5.7.1 Service unavailable", null, SmtpStage.Unknown, BounceCategory.PolicyRejected)]
    [InlineData("550 5.7.1 Service unavailable", null, SmtpStage.RcptTo, BounceCategory.PolicyRejected)]
    [InlineData("Service unavailable", "5.7.1", SmtpStage.Unknown, BounceCategory.PolicyRejected)]
    [InlineData("554 5.7.1 Service unavailable", null, SmtpStage.Greeting, BounceCategory.SenderReputation)]
    public void Classify_PolicyCodeWithBusyText_IsNotServerBusy(string reply, string? logCode, SmtpStage stage, BounceCategory expected)
    {
        var result = Classify(reply, logCode: logCode, stage: stage);

        Assert.Equal(expected, result.Category);
        Assert.Equal(BounceClass.Hard, result.Class);
        Assert.False(result.Suppress);
    }

    [Theory]
    [InlineData("421 4.7.0 Service unavailable, try again later", null, SmtpStage.Unknown, BounceCategory.ServerBusy)]
    [InlineData("421 Service not available, closing transmission channel", null, SmtpStage.Unknown, BounceCategory.ServerBusy)]
    [InlineData("554 5.0.0 Service unavailable", null, SmtpStage.Unknown, BounceCategory.ReceiverError)]
    [InlineData("554 Service unavailable", null, SmtpStage.Unknown, BounceCategory.ReceiverError)]
    [InlineData("554 Service unavailable", null, SmtpStage.RcptTo, BounceCategory.ReceiverError)]
    [InlineData("Service unavailable", "5.0.0", SmtpStage.Unknown, BounceCategory.ReceiverError)]
    [InlineData("554 Service unavailable", null, SmtpStage.Greeting, BounceCategory.SenderReputation)]
    public void Classify_BusyText_ServerBusyOnlyWhenTemporary(string reply, string? logCode, SmtpStage stage, BounceCategory expected)
    {
        var result = Classify(reply, logCode: logCode, stage: stage);

        Assert.Equal(expected, result.Category);
    }

    [Theory]
    [InlineData("bounceType=Permanent; bounceSubType=NoEmail", BounceCategory.UserUnknown)]
    [InlineData("bounceCat=bad-mailbox", BounceCategory.UserUnknown)]
    [InlineData("bounce_classification=InactiveMailbox", BounceCategory.MailboxDisabled)]
    [InlineData("type=blocked", BounceCategory.SenderReputation)]
    [InlineData("Type=Blocked", BounceCategory.SenderReputation)]
    [InlineData("type=blocked; bounce_classification=Unclassified", BounceCategory.SenderReputation)]
    public void Classify_SourceVerdict_NamesCauseOfBareReply(string sourceVerdict, BounceCategory expected)
    {
        var request = new ClassificationRequest(DeliveryOutcome.Bounced, "Delivery failed", null, null, "example.com", SourceVerdict: sourceVerdict);

        var result = BounceClassifier.Classify(request);

        Assert.Equal(expected, result.Category);
        Assert.Contains("source's own verdict", result.Evidence);
    }

    [Fact]
    public void Classify_SourceVerdict_NeverOverridesReply()
    {
        var request = new ClassificationRequest(
            DeliveryOutcome.Bounced, "552 5.2.2 Mailbox full", null, null, "example.com", SourceVerdict: "bounceCat=bad-mailbox");

        var result = BounceClassifier.Classify(request);

        Assert.Equal(BounceCategory.MailboxFull, result.Category);
    }

    [Theory]
    [InlineData("severity=permanent")]
    [InlineData("bounceType=Permanent; bounceSubType=General")]
    [InlineData("type=blockedlist")]
    [InlineData("status=BLOCKED")]
    [InlineData("blocked")]
    [InlineData("=")]
    [InlineData(";;")]
    [InlineData("")]
    public void Classify_SourceVerdictWithoutCause_StaysUnknown(string sourceVerdict)
    {
        var request = new ClassificationRequest(DeliveryOutcome.Bounced, "Delivery failed", null, null, "example.com", SourceVerdict: sourceVerdict);

        var result = BounceClassifier.Classify(request);

        Assert.Equal(BounceCategory.Unknown, result.Category);
        Assert.False(result.Suppress);
    }

    [Fact]
    public void Classify_SourceVerdictNoEmail_Suppresses()
    {
        var request = new ClassificationRequest(
            DeliveryOutcome.Bounced, null, null, null, "example.com", SourceVerdict: "bounceType=Permanent; bounceSubType=NoEmail");

        var result = BounceClassifier.Classify(request);

        Assert.Equal(BounceCategory.UserUnknown, result.Category);
        Assert.True(result.Suppress);
    }
}
