using System.Buffers;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Parses raw SMTP replies as MTAs log them into <see cref="SmtpReply"/>.
/// </summary>
public static class SmtpReplyParser
{
    private const int StackBufferLength = 1024;

    /// <summary>
    /// Parses one reply, joining multi-line continuations and dropping repeated code prefixes.
    /// </summary>
    /// <remarks>
    /// A basic code counts only at the start of the reply, after the MTA's own words such as
    /// "host H[IP] said:" or a DSN's "smtp;". Google's trailing tracking token and " - gsmtp",
    /// and Microsoft's trailing "[HOST.prod.protection.outlook.com ...]", are dropped from
    /// <see cref="SmtpReply.Text"/>; <see cref="SmtpReply.Raw"/> keeps everything.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="raw"/> is null.</exception>
    public static SmtpReply Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);

        char[]? rented = null;
        var buffer = raw.Length <= StackBufferLength
            ? stackalloc char[StackBufferLength]
            : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            var reply = ReplyNormalizer.Normalize(raw, buffer);
            var text = new string(buffer.Slice(reply.TextStart, reply.TextLength));

            return new SmtpReply(
                reply.BasicCode == 0 ? null : reply.BasicCode,
                reply.Enhanced.IsPresent ? reply.Enhanced.ToString() : null,
                text,
                raw)
            {
                Stage = reply.Stage,
            };
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
