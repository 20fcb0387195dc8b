namespace BouncePortal.Domain.Classification;

/// <summary>
/// The parts of one reply after <see cref="ReplyNormalizer"/> wrote its one-line text into a buffer.
/// </summary>
/// <param name="BasicCode">The three-digit basic code, or 0 when the reply starts with none.</param>
/// <param name="Enhanced">The enhanced status code, or the default value when the reply has none.</param>
/// <param name="Stage">The SMTP command named around the reply (Postfix "in reply to", Exim "after"), else Unknown.</param>
/// <param name="TextStart">Start of the explanation text in the buffer.</param>
/// <param name="TextLength">Length of the explanation text in the buffer.</param>
internal readonly record struct NormalizedReply(
    int BasicCode,
    EnhancedStatusCode Enhanced,
    SmtpStage Stage,
    int TextStart,
    int TextLength);
