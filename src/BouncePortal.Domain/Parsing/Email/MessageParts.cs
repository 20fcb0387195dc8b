using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// The parts of a bounce email that the reader uses: delivery status reports, the first
/// human-readable text, and the returned original message or its headers.
/// </summary>
internal sealed partial class MessageParts
{
    public List<DeliveryStatusFields> Reports { get; } = [];

    /// <summary>The plain text parts before the original message, joined.</summary>
    public string? Text { get; private set; }

    /// <summary>The first HTML part as text, for bounces that have no plain text part.</summary>
    public string? HtmlAsText { get; private set; }

    /// <summary>The returned original message (message/rfc822) or its headers (text/rfc822-headers).</summary>
    public MimeMessage? Original { get; private set; }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9\-]*:")]
    private static partial Regex HeaderStart();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"<(br|/p|/div|/tr|/li)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLineBreak();

    public void Walk(MimeEntity? entity)
    {
        switch (entity)
        {
            case Multipart { Count: 0 } broken when RecoverParts(broken) is { } recovered:
                Walk(recovered);
                break;

            case Multipart multipart:
                foreach (var child in multipart)
                {
                    Walk(child);
                }

                break;

            case MessageDeliveryStatus status:
                Reports.Add(DeliveryStatusFields.From(status));
                break;

            case MessagePart messagePart:
                // The returned message is the sender's own mail; nothing inside it belongs to the bounce.
                Original ??= messagePart.Message;
                break;

            case TextPart text when IsDeliveryStatusText(text.ContentType):
                Reports.Add(DeliveryStatusFields.Parse(text.Text));
                break;

            case TextPart text when text.ContentType.IsMimeType("text", "rfc822-headers"):
                Original ??= ParseHeaders(text.Text);
                break;

            case TextPart text when text.IsHtml:
                HtmlAsText ??= ToText(text.Text);
                break;

            case TextPart text when !text.IsAttachment || text.ContentType.IsMimeType("text", "plain"):
                Text = Text is null ? text.Text : $"{Text}\n{text.Text}";
                break;
        }
    }

    /// <summary>
    /// Reads the parts of a multipart whose declared boundary never occurs in its content, so that
    /// MimeKit left everything in the preamble. Two damages cause it: a folded Content-Type whose
    /// "boundary=" line lost its indentation, and a boundary that a relay rewrote in the header only.
    /// The first line that starts with "--" and is followed by a header line is taken as the delimiter.
    /// </summary>
    private static MimeEntity? RecoverParts(Multipart multipart)
    {
        var content = multipart.Preamble;
        if (string.IsNullOrEmpty(content))
        {
            return null;
        }

        var lines = content.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.Length > 2 && line.StartsWith("--", StringComparison.Ordinal) && !line.Contains(' ') && HeaderStart().IsMatch(lines[i + 1]))
            {
                var boundary = line[2..];
                var text = $"Content-Type: {multipart.ContentType.MimeType}; boundary=\"{boundary}\"\n\n{string.Join('\n', lines[i..])}";
                try
                {
                    using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
                    return MimeEntity.Load(stream) is Multipart { Count: > 0 } parsed ? parsed : null;
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    private static bool IsDeliveryStatusText(ContentType type) =>
        type.IsMimeType("text", "delivery-status")
        || type.IsMimeType("message", "delivery-status")
        || type.IsMimeType("message", "global-delivery-status");

    private static MimeMessage? ParseHeaders(string text)
    {
        try
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.TrimStart() + "\n\n"));
            return MimeMessage.Load(stream);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string ToText(string html) =>
        WebUtility.HtmlDecode(HtmlTag().Replace(HtmlLineBreak().Replace(html, "\n"), string.Empty));
}
