using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Tests.Classification;

public sealed class ProviderDetectorTests
{
    [Theory]
    [InlineData("aspmx.l.google.com", ReceivingProvider.Google)]
    [InlineData("gmail-smtp-in.l.google.com.", ReceivingProvider.Google)]
    [InlineData("alt1.aspmx.l.googlemail.com", ReceivingProvider.Google)]
    [InlineData("example-org.mail.protection.outlook.com", ReceivingProvider.Microsoft)]
    [InlineData("hotmail-com.olc.protection.outlook.com", ReceivingProvider.Microsoft)]
    [InlineData("mx1.hotmail.com", ReceivingProvider.Microsoft)]
    [InlineData("mta5.am0.yahoodns.net", ReceivingProvider.YahooAol)]
    [InlineData("mx-aol.mail.gm0.yahoodns.net", ReceivingProvider.YahooAol)]
    [InlineData("mx01.mail.icloud.com", ReceivingProvider.AppleICloud)]
    [InlineData("MX02.MAIL.ICLOUD.COM", ReceivingProvider.AppleICloud)]
    [InlineData("mx0a-00123456.pphosted.com", ReceivingProvider.Proofpoint)]
    [InlineData("mx1-us1.ppe-hosted.com", ReceivingProvider.Proofpoint)]
    [InlineData("us-smtp-inbound-1.mimecast.com", ReceivingProvider.Mimecast)]
    [InlineData("d123456a.ess.barracudanetworks.com", ReceivingProvider.Barracuda)]
    [InlineData("mx.cox.net", ReceivingProvider.CoxComcast)]
    [InlineData("mx1a1.comcast.net", ReceivingProvider.CoxComcast)]
    public void Detect_KnownMxHost_NamesProvider(string host, ReceivingProvider expected)
    {
        Assert.Equal(expected, ProviderDetector.Detect(host, "example.com"));
    }

    [Theory]
    [InlineData("gmail.com", ReceivingProvider.Google)]
    [InlineData("googlemail.com", ReceivingProvider.Google)]
    [InlineData("outlook.com", ReceivingProvider.Microsoft)]
    [InlineData("hotmail.com", ReceivingProvider.Microsoft)]
    [InlineData("hotmail.co.uk", ReceivingProvider.Microsoft)]
    [InlineData("live.com", ReceivingProvider.Microsoft)]
    [InlineData("msn.com", ReceivingProvider.Microsoft)]
    [InlineData("yahoo.com", ReceivingProvider.YahooAol)]
    [InlineData("yahoo.fr", ReceivingProvider.YahooAol)]
    [InlineData("aol.com", ReceivingProvider.YahooAol)]
    [InlineData("ymail.com", ReceivingProvider.YahooAol)]
    [InlineData("rocketmail.com", ReceivingProvider.YahooAol)]
    [InlineData("icloud.com", ReceivingProvider.AppleICloud)]
    [InlineData("me.com", ReceivingProvider.AppleICloud)]
    [InlineData("mac.com", ReceivingProvider.AppleICloud)]
    [InlineData("cox.net", ReceivingProvider.CoxComcast)]
    [InlineData("Comcast.net", ReceivingProvider.CoxComcast)]
    public void Detect_KnownRecipientDomain_NamesProvider(string domain, ReceivingProvider expected)
    {
        Assert.Equal(expected, ProviderDetector.Detect(null, domain));
    }

    [Fact]
    public void Detect_MxHost_WinsOverRecipientDomain()
    {
        Assert.Equal(ReceivingProvider.Microsoft, ProviderDetector.Detect("example-com.mail.protection.outlook.com", "gmail.com"));
    }

    [Fact]
    public void Detect_UnknownMxHost_UsesRecipientDomain()
    {
        Assert.Equal(ReceivingProvider.Google, ProviderDetector.Detect("mx.example.com", "gmail.com"));
    }

    [Theory]
    [InlineData("mx.example.com", "example.com")]
    [InlineData("notgoogle.com", "example.org")]
    [InlineData(null, "hotmail.example.com")]
    [InlineData(null, "yahoo.example.co.uk")]
    [InlineData("", "")]
    [InlineData(null, null)]
    [InlineData("   ", "@")]
    public void Detect_Unknown_IsOther(string? host, string? domain)
    {
        Assert.Equal(ReceivingProvider.Other, ProviderDetector.Detect(host, domain));
    }

    [Theory]
    [InlineData("host aspmx.l.google.com[192.0.2.26] said: 550 5.1.1 no", ReceivingProvider.Google)]
    [InlineData("554 Blocked - see https://ipcheck.proofpoint.com/?ip=198.51.100.23", ReceivingProvider.Proofpoint)]
    [InlineData("550 5.7.1 ... [AM4PR0701MB1234.eurprd07.prod.outlook.com]", ReceivingProvider.Microsoft)]
    [InlineData("421 4.7.0 [TSS04] see https://postmaster.yahooinc.com/error-codes", ReceivingProvider.YahooAol)]
    public void Detect_ReplyText_NamesProviderBehindCustomDomain(string reply, ReceivingProvider expected)
    {
        Assert.Equal(expected, ProviderDetector.Detect("mx.example.org", "example.org", reply));
    }

    [Theory]
    [InlineData("550-5.7.1 [203.0.113.9] Gmail has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. gsmtp")]
    [InlineData("550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. gsmtp")]
    [InlineData("421-4.7.28 [203.0.113.9] Our system has detected an unusual rate of unsolicited mail. gsmtp")]
    [InlineData("550 5.1.1 The email account that you tried to reach does not exist. a1si2 - gsmtp")]
    public void Detect_GsmtpTrailer_IsGoogle(string reply)
    {
        Assert.Equal(ReceivingProvider.Google, ProviderDetector.Detect(null, "example.org", reply));
    }

    [Theory]
    [InlineData("550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). [AM0PR01MB1234.eurprd01.prod.exchangelabs.com]")]
    [InlineData("550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.")]
    [InlineData("451 4.7.28 Rate limited. (S843) [BN8NAM12FT055.eop-nam12.prod.protection.outlook.com]")]
    [InlineData("550 5.4.1 Recipient address rejected: Access denied. [DB9PR02MB1234.eurprd02.prod.outlook.com]")]
    public void Detect_ExchangeOnlineHostInReply_IsMicrosoft(string reply)
    {
        Assert.Equal(ReceivingProvider.Microsoft, ProviderDetector.Detect(null, "example.org", reply));
    }

    [Theory]
    [InlineData("550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).")]
    [InlineData("550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. (S3140)")]
    public void Detect_OutlookBlockCodeWithoutHost_IsMicrosoft(string reply)
    {
        Assert.Equal(ReceivingProvider.Microsoft, ProviderDetector.Detect(null, "example.org", reply));
    }

    [Theory]
    [InlineData("550 5.7.1 rejected by gsmtpfilter.example.org")]
    [InlineData("550 5.7.1 see https://live.example.com/mail for details")]
    public void Detect_LookalikeReplyText_IsOther(string reply)
    {
        Assert.Equal(ReceivingProvider.Other, ProviderDetector.Detect(null, "example.org", reply));
    }

    [Fact]
    public void Detect_BarracudaBlocklistLink_IsNotBarracudaGateway()
    {
        const string reply = "550 Service unavailable; Client host [198.51.100.23] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?pr=1&ip=198.51.100.23";

        Assert.Equal(ReceivingProvider.Other, ProviderDetector.Detect("mx.example.org", "example.org", reply));
    }

    [Fact]
    public void Detect_MxHost_WinsOverReplyText()
    {
        Assert.Equal(ReceivingProvider.Microsoft, ProviderDetector.Detect("example-com.mail.protection.outlook.com", "example.com", "gsmtp"));
    }
}
