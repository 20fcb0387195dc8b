namespace BouncePortal.Domain.Classification;

/// <summary>
/// Parses raw SMTP replies as MTAs log them into <see cref="SmtpReply"/>.
/// </summary>
public static class SmtpReplyParser
{
    /// <summary>
    /// Parses one reply, joining multi-line continuations and dropping repeated code prefixes.
    /// </summary>
    public static SmtpReply Parse(string raw) => throw new NotImplementedException();
}
