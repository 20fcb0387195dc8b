namespace BouncePortal.Domain.Classification;

/// <summary>
/// An SMTP reply normalised to one line: multi-line continuations (<c>421-4.7.28 ...</c>)
/// joined, repeated code prefixes removed, explanation text and URLs kept.
/// </summary>
/// <param name="BasicCode">Three-digit SMTP reply code such as 550, or null when the reply has none.</param>
/// <param name="EnhancedCode">RFC 3463 enhanced status code such as 5.1.1, or null when the reply has none.</param>
/// <param name="Text">The reply's text after the codes, on one line.</param>
/// <param name="Raw">The reply as the log gave it.</param>
public sealed record SmtpReply(int? BasicCode, string? EnhancedCode, string Text, string Raw)
{
    /// <summary>
    /// The SMTP command that the reply responds to, when the logged text names it (Postfix
    /// "in reply to RCPT TO command" or "refused to talk to me", Exim "after RCPT TO"). Otherwise Unknown.
    /// </summary>
    public SmtpStage Stage { get; init; }
}
