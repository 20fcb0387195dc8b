using BouncePortal.Domain.Parsing.Formats;
using MimeKit;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// Reads bounce emails (a single .eml, an mbox file, or a .zip of them) into one delivery
/// attempt per recipient, in the order of each email.
/// </summary>
/// <remarks>
/// The container is detected from the first bytes: a zip local file header (<c>PK\x03\x04</c>),
/// an mbox <c>From </c> line, or else a single message. In attempts, <see cref="DeliveryAttempt.Line"/>
/// is the 1-based index of the message within its file, and <see cref="ParseReport.LinesRead"/>
/// counts messages.
/// </remarks>
public sealed class BounceEmailReader(string source, BounceSourceOptions options)
{
    private const int SniffLength = 5;

    static BounceEmailReader()
    {
        // .NET ships only the Unicode and Latin-1 encodings. Bounces from Japanese, Chinese and
        // Korean servers use ISO-2022-JP, Shift_JIS, GB2312 or EUC-KR, which MimeKit looks up while it
        // parses the headers, so the code pages provider must be registered before the first parse.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
    }

    /// <summary>The file's name, used in attempts and error messages.</summary>
    public string Source { get; } = source;

    /// <summary>The reading options (upload time, decompression limits).</summary>
    public BounceSourceOptions Options { get; } = options;

    /// <summary>Counts for the read so far.</summary>
    public ParseReport Report { get; } = new();

    /// <summary>
    /// Reads <paramref name="stream"/> (already gzip-decompressed) to the end. Throws
    /// <see cref="LogFormatException"/> for damaged input, unsafe zip entries or decompression bombs.
    /// </summary>
    public IEnumerable<DeliveryAttempt> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);

        return ReadFile(stream);
    }

    private IEnumerable<DeliveryAttempt> ReadFile(Stream stream)
    {
        var head = new byte[SniffLength];
        var headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (headLength == 0)
        {
            throw new LogFormatException(Source, null, "the file is empty; use the bounce email (.eml), an mbox file or a .zip of them");
        }

        var kind = EmailContainer.Detect(head.AsSpan(0, headLength));
        IEnumerable<DeliveryAttempt> attempts;
        if (kind == EmailContainerKind.Zip && stream.CanSeek)
        {
            // The zip's central directory sits at the end, so a seekable file is read in place.
            stream.Seek(-headLength, SeekOrigin.Current);
            attempts = new BounceArchiveReader(this).Read(stream);
        }
        else
        {
            var content = new ReplayStream(head[..headLength], stream);
            attempts = kind == EmailContainerKind.Zip
                ? new BounceArchiveReader(this).Read(content)
                : ReadMessages(content, Source, kind);
        }

        foreach (var attempt in attempts)
        {
            yield return attempt;
        }
    }

    /// <summary>
    /// Reads a single message or an mbox file, which <paramref name="name"/> names in attempts and errors.
    /// With <paramref name="skipIfNotEmail"/>, content that is empty, binary or whose first message
    /// has no message headers is counted under <see cref="EmailSkipReasons.NotAnEmail"/> instead of rejected.
    /// A later message of an mbox without headers is still rejected, because the file is mail.
    /// </summary>
    internal IEnumerable<DeliveryAttempt> ReadMessages(Stream content, string name, EmailContainerKind kind, bool skipIfNotEmail = false)
    {
        Stream checkedContent;
        if (skipIfNotEmail)
        {
            checkedContent = EmailContainer.InspectFirstBlock(content, out var contentKind);
            if (contentKind != ContentKind.Text)
            {
                Report.SetPosition(name, null);
                Report.Skip(EmailSkipReasons.NotAnEmail);
                yield break;
            }
        }
        else
        {
            checkedContent = EmailContainer.RejectBinary(content, name);
        }

        var format = kind == EmailContainerKind.Mbox ? MimeFormat.Mbox : MimeFormat.Entity;
        var parser = new MimeParser(checkedContent, format, persistent: false);
        long index = 0;

        while (!parser.IsEndOfStream)
        {
            index++;
            long? position = kind == EmailContainerKind.Mbox ? index : null;
            var maySkip = skipIfNotEmail && index == 1;
            var message = maySkip ? TryParseMessage(parser) : ParseMessage(parser, name, position);
            Report.SetPosition(name, position);
            if (message is null || !EmailContainer.LooksLikeEmail(message))
            {
                // A zip entry that is not an email is skipped, not counted as an email read.
                if (maySkip)
                {
                    Report.Skip(EmailSkipReasons.NotAnEmail);
                    yield break;
                }

                throw new LogFormatException(
                    name,
                    position,
                    "the content is not an email (no message headers such as From, Date or Subject); save the bounce as .eml, mbox or a .zip of them");
            }

            foreach (var attempt in ToAttempts(message, name, index))
            {
                yield return attempt;
            }

            if (kind != EmailContainerKind.Mbox)
            {
                yield break;
            }
        }
    }

    private static MimeMessage ParseMessage(MimeParser parser, string name, long? index)
    {
        try
        {
            return parser.ParseMessage();
        }
        catch (FormatException e)
        {
            throw new LogFormatException(name, index, $"the content is not an email that can be parsed ({e.Message}); save the bounce as it was received, as .eml, mbox or a .zip of them");
        }
    }

    /// <summary>Parses the next message, or returns null when the content cannot be parsed as one.</summary>
    private static MimeMessage? TryParseMessage(MimeParser parser)
    {
        try
        {
            return parser.ParseMessage();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private IEnumerable<DeliveryAttempt> ToAttempts(MimeMessage message, string name, long index)
    {
        var bounce = BounceMessageParser.Parse(message);

        // The email counts as read only once parsed,
        // so an email that raises an error is not among the emails read before it.
        Report.LinesRead++;
        if (bounce.Recipients.Count == 0)
        {
            Report.Skip(EmailSkipReasons.NoRecipient);
            yield break;
        }

        foreach (var recipient in bounce.Recipients)
        {
            Report.AttemptsFound++;
            yield return new DeliveryAttempt(
                name,
                index,
                recipient.Timestamp ?? bounce.Timestamp ?? Options.UploadedAt,
                bounce.QueueId,
                bounce.Sender,
                recipient.Address,
                recipient.Outcome,
                recipient.Reply,
                recipient.Status,
                recipient.RemoteHost,
                null,
                recipient.Stage,
                SourceVerdict: recipient.SourceVerdict,
                MessageRecipients: bounce.MessageRecipients,
                FirstAttemptAt: recipient.FirstAttemptAt,
                SourceMessageId: string.IsNullOrWhiteSpace(message.MessageId) ? null : message.MessageId);
        }
    }
}
