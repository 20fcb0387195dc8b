using MimeKit;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>The kinds of file that hold bounce emails.</summary>
internal enum EmailContainerKind
{
    /// <summary>One message (.eml).</summary>
    Single,

    /// <summary>Several messages, each starting with a <c>From </c> line.</summary>
    Mbox,

    /// <summary>A zip archive of .eml or mbox files.</summary>
    Zip,
}

/// <summary>What the first block of a file shows about its content.</summary>
internal enum ContentKind
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>Enough NUL bytes to be a binary file rather than mail.</summary>
    Binary,

    /// <summary>Text that may be mail.</summary>
    Text,
}

/// <summary>
/// Detects the container of bounce emails from its first bytes and checks that the content is text mail.
/// </summary>
internal static class EmailContainer
{
    /// <summary>Bytes checked for NUL bytes before a message is parsed.</summary>
    private const int FirstBlockSize = 8192;

    // More than one NUL byte per 100 bytes of the first block marks a binary file.
    private const int MaxNulShareDivisor = 100;

    // Headers that every real message, bounce or not, carries at least one of.
    private static readonly string[] MessageHeaders =
    [
        "From", "To", "Date", "Subject", "Message-ID", "Received", "Return-Path", "Content-Type", "MIME-Version",
    ];

    /// <summary>Names the container from the file's first bytes (at most five are needed).</summary>
    public static EmailContainerKind Detect(ReadOnlySpan<byte> head)
    {
        // An empty archive has only the end-of-central-directory record, PK\x05\x06.
        if (head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] is 3 or 5 && head[3] is 4 or 6)
        {
            return EmailContainerKind.Zip;
        }

        return head.StartsWith("From "u8) ? EmailContainerKind.Mbox : EmailContainerKind.Single;
    }

    /// <summary>
    /// Returns a stream over <paramref name="content"/> after checking its first block for NUL bytes,
    /// which text mail contains at most by accident.
    /// </summary>
    public static Stream RejectBinary(Stream content, string name)
    {
        var checkedContent = InspectFirstBlock(content, out var kind);
        if (kind == ContentKind.Empty)
        {
            throw new LogFormatException(name, null, "the file is empty; use the bounce email (.eml), an mbox file or a .zip of them");
        }

        if (kind == ContentKind.Binary)
        {
            throw new LogFormatException(
                name,
                null,
                "the file contains binary data (NUL bytes), not an email; save the bounce as .eml, mbox or a .zip of them");
        }

        return checkedContent;
    }

    /// <summary>
    /// Reads the first block of <paramref name="content"/> to tell empty, binary and text content
    /// apart, and returns a stream that still starts at the first byte.
    /// </summary>
    public static Stream InspectFirstBlock(Stream content, out ContentKind kind)
    {
        var firstBlock = new byte[FirstBlockSize];
        var length = content.ReadAtLeast(firstBlock, firstBlock.Length, throwOnEndOfStream: false);
        kind = KindOf(firstBlock.AsSpan(0, length));
        return new ReplayStream(firstBlock[..length], content);
    }

    private static ContentKind KindOf(ReadOnlySpan<byte> firstBlock)
    {
        if (firstBlock.IsEmpty)
        {
            return ContentKind.Empty;
        }

        // A stray NUL occurs in real mail, so only a share of them marks a binary file.
        return firstBlock.Count((byte)0) * MaxNulShareDivisor > firstBlock.Length ? ContentKind.Binary : ContentKind.Text;
    }

    /// <summary>True when the parsed message has at least one standard message header.</summary>
    public static bool LooksLikeEmail(MimeMessage message) =>
        MessageHeaders.Any(name => message.Headers.Contains(name));
}
