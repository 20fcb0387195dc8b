using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Email;
using static BouncePortal.Domain.Tests.Email.BounceEmails;

namespace BouncePortal.Domain.Tests.Email;

public sealed class BounceEmailReaderTests
{
    [Fact]
    public void Read_Rfc3464Failed_GivesBouncedAttempts()
    {
        var attempts = Read(Rfc3464Failed);

        var first = attempts[0];
        Assert.Equal("sales@example.com", first.Recipient);
        Assert.Equal(DeliveryOutcome.Bounced, first.LogOutcome);
        Assert.Equal("5.1.1", first.LogEnhancedCode);
        Assert.Equal("aspmx.l.google.com", first.RemoteHost);
        Assert.StartsWith("550-5.1.1 The email account that you tried to reach does not exist.", first.Reply);
        Assert.Equal("9D2B55C1E0", first.QueueId);
        Assert.Equal("anna@example.net", first.Sender);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 9, 14, 1, TimeSpan.Zero), first.Timestamp);
        Assert.Equal("bounce.eml", first.Source);
        Assert.Equal(1, first.Line);
    }

    [Fact]
    public void Read_MessageId_TagsEveryRecipient()
    {
        var email = Rfc3464Failed.Replace("Subject: Undelivered", "Message-ID: <dsn-1@mta1.example.net>\nSubject: Undelivered", StringComparison.Ordinal);

        var attempts = Read(email);

        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal("dsn-1@mta1.example.net", attempt.SourceMessageId));
    }

    [Fact]
    public void Read_WithoutMessageId_HasNoSourceId()
    {
        var attempts = Read(Rfc3464Failed);

        Assert.All(attempts, attempt => Assert.Null(attempt.SourceMessageId));
    }

    [Fact]
    public void Read_MultipleRecipients_KeepsReportOrder()
    {
        var attempts = Read(Rfc3464Failed);

        Assert.Equal(["sales@example.com", "ops@example.org"], attempts.Select(attempt => attempt.Recipient));
        Assert.Equal("5.2.2", attempts[1].LogEnhancedCode);
    }

    [Fact]
    public void Read_ExtraReportedRecipients_AreCounted()
    {
        var attempts = Read(Rfc3464Failed);

        Assert.All(attempts, attempt => Assert.Equal(2, attempt.MessageRecipients));
    }

    [Fact]
    public void Read_WithoutReturnedHeaders_RecipientCountIsUnknown()
    {
        var attempt = Assert.Single(Read(Rfc3464Delayed));

        Assert.Null(attempt.MessageRecipients);
    }

    [Fact]
    public void Read_TooManyRecipients_IsRateLimited()
    {
        var email = Rfc3464Failed
            .Replace("""
                Final-Recipient: rfc822; ops@example.org
                Action: failed
                Status: 5.2.2
                Remote-MTA: dns; mx.example.org
                Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

                """, string.Empty)
            .Replace("""
                Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does
                    not exist. Please try 550-5.1.1 double-checking the recipient's email
                    address for typos. - gsmtp
                """, "Diagnostic-Code: smtp; 552 Too many recipients")
            .Replace("Status: 5.1.1", "Status: 5.0.0");

        var attempt = Assert.Single(Read(email));
        var classified = ClassifiedAttempt.From(attempt).Classification;

        Assert.Equal(1, attempt.MessageRecipients);
        Assert.Equal(BounceCategory.RateLimited, classified.Category);
        Assert.False(classified.Suppress);
    }

    [Fact]
    public void Read_Rfc3464Delayed_GivesDeferred()
    {
        var attempt = Assert.Single(Read(Rfc3464Delayed));

        Assert.Equal(DeliveryOutcome.Deferred, attempt.LogOutcome);
        Assert.Equal(new DateTimeOffset(2024, 6, 11, 13, 10, 0, TimeSpan.Zero), attempt.Timestamp);
        Assert.False(ClassifiedAttempt.From(attempt).Classification.Suppress);
    }

    [Fact]
    public void Read_Rfc3464Failed_ClassifiesUserUnknown()
    {
        var classified = ClassifiedAttempt.From(Read(Rfc3464Failed)[0]).Classification;

        Assert.Equal(BounceCategory.UserUnknown, classified.Category);
        Assert.Equal(550, classified.BasicCode);
        Assert.True(classified.Suppress);
    }

    [Fact]
    public void Read_WithoutDates_UsesUploadTime()
    {
        var message = Qmail.Replace("Date: Tue, 11 Jun 2024 09:20:00 +0000\n", string.Empty);

        var attempt = Assert.Single(Read(message));

        Assert.Equal(UploadedAt, attempt.Timestamp);
    }

    [Fact]
    public void Read_OriginalHeaders_GiveQueueId()
    {
        var message = Rfc3464Failed.Replace("X-Postfix-Queue-ID: 9D2B55C1E0\n", string.Empty)
            .Replace("X-Postfix-Sender: rfc822; anna@example.net\n", string.Empty);

        var attempt = Read(message)[0];

        Assert.Equal("original-1@example.net", attempt.QueueId);
        Assert.Equal("anna@example.net", attempt.Sender);
    }

    [Fact]
    public void Read_MboxWithTwoMessages_NumbersMessages()
    {
        var attempts = Read(Mbox(Qmail, Exim), "bounces.mbox");

        Assert.Equal(["nobody@example.com", "full@example.org"], attempts.Select(attempt => attempt.Recipient));
        Assert.Equal([1L, 2L], attempts.Select(attempt => attempt.Line));
        Assert.All(attempts, attempt => Assert.Equal("bounces.mbox", attempt.Source));
    }

    [Fact]
    public void Read_ZipWithTwoEntries_ReadsInArchiveOrder()
    {
        var zip = Zip(("first.eml", Bytes(Exim)), ("nested/second.mbox", Bytes(Mbox(Qmail, Yahoo))));

        var attempts = Read(zip, "bounces.zip");

        Assert.Equal(["full@example.org", "nobody@example.com", "full@example.com"], attempts.Select(attempt => attempt.Recipient));
        Assert.Equal(["bounces.zip/first.eml", "bounces.zip/nested/second.mbox", "bounces.zip/nested/second.mbox"], attempts.Select(attempt => attempt.Source));
        Assert.Equal([1L, 1L, 2L], attempts.Select(attempt => attempt.Line));
    }

    [Fact]
    public void Read_ZipFromUnseekableStream_ReadsEntries()
    {
        var zip = Zip(("first.eml", Bytes(Exim)));
        var reader = new BounceEmailReader("bounces.zip", new() { UploadedAt = UploadedAt });
        using var stream = new ForwardOnlyStream(zip);

        var attempt = Assert.Single(reader.Read(stream));

        Assert.Equal("full@example.org", attempt.Recipient);
    }

    [Fact]
    public void Read_ManyMboxMessages_StreamsLazily()
    {
        const int messageCount = 2000;
        var reader = new BounceEmailReader("big.mbox", new() { UploadedAt = UploadedAt });
        using var stream = new MemoryStream(Bytes(Mbox(Enumerable.Repeat(Qmail, messageCount).ToArray())));

        var first = reader.Read(stream).First();

        Assert.Equal("nobody@example.com", first.Recipient);
        Assert.Equal(1, reader.Report.LinesRead);
    }

    /// <summary>A stream that cannot seek, as an upload arrives over the network.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
