using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Parsing.Replies;

/// <summary>
/// Reads plain SMTP replies, one per line, into attempts without a recipient, so a list of
/// replies copied from anywhere can be classified. Blank lines and lines of punctuation alone are skipped.
/// </summary>
/// <remarks>
/// The outcome comes from the reply's class: 2xx is a delivery, 4xx (or a 4.x.x enhanced code
/// without a basic code) a retry, and 5xx or a reply without codes a final failure. Attempts are
/// marked <see cref="DeliveryAttempt.OutcomeFromReply"/>, so the classifier decides the outcome and
/// class of a reply without codes from the cause its words name, and leaves an unrecognised one
/// without a class. Each attempt takes the upload time as its timestamp because a bare reply has none.
/// </remarks>
public sealed class ReplyLinesParser : IAttemptLogParser
{
    /// <summary>The longest line accepted, in characters (64 KiB); an SMTP reply is a few hundred bytes.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Reason under which blank lines are counted as skipped.</summary>
    public const string BlankLine = SkipReasons.EmptyLine;

    /// <summary>
    /// Reason under which lines without a letter or digit, such as the brackets of a JSON array, are
    /// counted as skipped: no SMTP reply is made of punctuation alone.
    /// </summary>
    public const string PunctuationLine = "line without a letter or digit";

    /// <summary>Creates a parser for the file named <paramref name="source"/>.</summary>
    /// <param name="source">The file's name, used in attempts and error messages.</param>
    /// <param name="uploadedAt">When the file was received; every attempt gets this time.</param>
    public ReplyLinesParser(string source, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        UploadedAt = uploadedAt;
    }

    /// <summary>The file's name.</summary>
    public string Source { get; }

    /// <summary>When the file was received.</summary>
    public DateTimeOffset UploadedAt { get; }

    /// <inheritdoc />
    public ParseReport Report { get; } = new();

    /// <inheritdoc />
    public IEnumerable<DeliveryAttempt> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ParseLines(reader);
    }

    /// <summary>Returns the outcome a reply's class implies.</summary>
    public static DeliveryOutcome OutcomeOf(SmtpReply reply) => reply.BasicCode switch
    {
        >= 200 and < 300 => DeliveryOutcome.Delivered,
        >= 400 and < 500 => DeliveryOutcome.Deferred,
        null when reply.EnhancedCode?.StartsWith('2') == true => DeliveryOutcome.Delivered,
        null when reply.EnhancedCode?.StartsWith('4') == true => DeliveryOutcome.Deferred,
        _ => DeliveryOutcome.Bounced,
    };

    private static bool HasLetterOrDigit(ReadOnlySpan<char> line)
    {
        foreach (var c in line)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<DeliveryAttempt> ParseLines(TextReader reader)
    {
        var lines = new LineReader(reader, Source, MaxLineLength, "reply");
        while (lines.ReadLine())
        {
            Report.LinesRead++;
            Report.BytesRead += lines.Current.Length + lines.TerminatorLength;
            Report.SetPosition(Source, lines.LineNumber);
            var line = lines.Current.Trim();
            if (line.IsEmpty)
            {
                Report.Skip(BlankLine);
                continue;
            }

            if (!HasLetterOrDigit(line))
            {
                Report.Skip(PunctuationLine);
                continue;
            }

            var text = line.ToString();
            var reply = SmtpReplyParser.Parse(text);
            Report.AttemptsFound++;
            yield return new DeliveryAttempt(
                Source,
                lines.LineNumber,
                UploadedAt,
                QueueId: null,
                Sender: null,
                Recipient: string.Empty,
                OutcomeOf(reply),
                text,
                LogEnhancedCode: null,
                RemoteHost: null,
                RemoteIp: null,
                reply.Stage,
                OutcomeFromReply: true);
        }
    }
}
