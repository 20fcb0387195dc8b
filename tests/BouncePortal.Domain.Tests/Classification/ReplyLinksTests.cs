using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Tests.Classification;

public sealed class ReplyLinksTests
{
    [Fact]
    public void Find_GmailHelpLink_ReturnsIt()
    {
        const string reply = "421-4.7.28 Our system has detected an unusual rate of 421-4.7.28 unsolicited mail. Please visit 421 4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError zz0000si0000002pln.3 - gsmtp";

        var links = ReplyLinks.Find(reply);

        Assert.Equal(["https://support.google.com/mail/?p=UnsolicitedRateLimitError"], links);
    }

    [Fact]
    public void Find_SeveralLinks_KeepsOrderWithoutRepeats()
    {
        const string reply = "550 5.7.1 see https://www.spamhaus.org/query/ip/198.51.100.23 and http://mail.live.com/mail/troubleshooting.aspx#errors, then https://www.spamhaus.org/query/ip/198.51.100.23.";

        var links = ReplyLinks.Find(reply);

        Assert.Equal(
            ["https://www.spamhaus.org/query/ip/198.51.100.23", "http://mail.live.com/mail/troubleshooting.aspx#errors"],
            links);
    }

    [Theory]
    [InlineData("(see https://postmaster.example.org/errors)", "https://postmaster.example.org/errors")]
    [InlineData("[https://postmaster.example.org/errors]", "https://postmaster.example.org/errors")]
    [InlineData("'https://postmaster.example.org/errors?a=1&b=2';", "https://postmaster.example.org/errors?a=1&b=2")]
    [InlineData("<https://postmaster.example.org/errors>", "https://postmaster.example.org/errors")]
    public void Find_SurroundingPunctuation_IsNotPartOfLink(string reply, string expected)
    {
        Assert.Equal([expected], ReplyLinks.Find(reply));
    }

    [Theory]
    [InlineData("550 5.1.1 user unknown")]
    [InlineData("550 see javascript:alert(1) or mailto:postmaster@example.org")]
    [InlineData("550 see https:// for details")]
    [InlineData("550 see ftp://files.example.org/x")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_NoWebLink_ReturnsEmpty(string? reply)
    {
        Assert.Empty(ReplyLinks.Find(reply));
    }
}
