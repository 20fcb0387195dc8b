using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Replies;
using BouncePortal.Domain.Remediation;
using BouncePortal.Domain.Tests.Formats;

namespace BouncePortal.Domain.Tests.Sequencer;

public sealed class ReplyLinesParserTests
{
    [Fact]
    public void Replies_OneAttemptPerLine()
    {
        var parser = new ReplyLinesParser("replies.txt", SampleFiles.UploadedAt);

        var attempts = SampleFiles.Parse(parser, File.ReadAllText(SampleFiles.PathOf("replies.txt")));

        Assert.Equal([1L, 3L, 4L, 5L], attempts.Select(a => a.Line));
        Assert.Equal(
            [DeliveryOutcome.Bounced, DeliveryOutcome.Deferred, DeliveryOutcome.Delivered, DeliveryOutcome.Bounced],
            attempts.Select(a => a.LogOutcome));
        Assert.All(attempts, a => Assert.Equal(string.Empty, a.Recipient));
        Assert.All(attempts, a => Assert.Equal(SampleFiles.UploadedAt, a.Timestamp));
        Assert.Equal("Connection timed out", attempts[3].Reply);
        Assert.All(attempts, a => Assert.True(a.OutcomeFromReply));
        Assert.Equal(1, parser.Report.SkippedByReason[SkipReasons.EmptyLine]);
    }

    [Fact]
    public void PunctuationLines_AreSkipped()
    {
        var parser = new ReplyLinesParser("r.json", SampleFiles.UploadedAt);

        var attempts = SampleFiles.Parse(parser, "[\n550 5.1.1 user unknown\n],\n--\n");

        Assert.Equal(2L, Assert.Single(attempts).Line);
        Assert.Equal(3, parser.Report.SkippedByReason[ReplyLinesParser.PunctuationLine]);
    }

    [Fact]
    public void EnhancedCodeOnly_DecidesOutcome()
    {
        var attempts = SampleFiles.Parse(new ReplyLinesParser("r.txt", SampleFiles.UploadedAt), "4.7.1 greylisted\n");

        Assert.Equal(DeliveryOutcome.Deferred, Assert.Single(attempts).LogOutcome);
    }

    [Fact]
    public void RepliesWithoutCode_ClassLikeDecode()
    {
        string[] replies = ["Greylisted, please try again later", "Mailbox full", "Connection timed out", "User unknown", "hello world"];
        var attempts = SampleFiles.Parse(new ReplyLinesParser("r.txt", SampleFiles.UploadedAt), string.Join('\n', replies) + "\n");

        var classes = attempts.Select(attempt => ClassifiedAttempt.From(attempt).Classification).ToList();

        Assert.Equal(
            [BounceClass.Soft, BounceClass.Soft, BounceClass.Soft, BounceClass.Hard, null],
            classes.Select(classification => classification.Class));
        Assert.Equal(
            [DeliveryOutcome.Deferred, DeliveryOutcome.Deferred, DeliveryOutcome.Deferred, DeliveryOutcome.Bounced, DeliveryOutcome.Bounced],
            classes.Select(classification => classification.Outcome));
        for (var index = 0; index < replies.Length; index++)
        {
            Assert.Equal(FailureExplainer.Decode(replies[index]).Classification, classes[index]);
        }
    }

    [Fact]
    public void OverlongLine_IsRejected()
    {
        var text = "550 5.1.1 unknown\n" + new string('x', 10 * 1024 * 1024) + "\n";

        var error = Assert.Throws<LogFormatException>(() => SampleFiles.Parse(new ReplyLinesParser("r.txt", SampleFiles.UploadedAt), text));

        Assert.Equal(2, error.Line);
        Assert.Contains("longer than", error.Problem);
    }
}
