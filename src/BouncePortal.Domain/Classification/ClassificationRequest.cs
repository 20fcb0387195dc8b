namespace BouncePortal.Domain.Classification;

/// <summary>
/// The facts a log records about one delivery attempt, as input to <see cref="BounceClassifier"/>.
/// </summary>
/// <param name="LogOutcome">The log's own verdict, which decides the outcome.</param>
/// <param name="Reply">The remote server's reply or the local failure text, raw; null for none.</param>
/// <param name="LogEnhancedCode">The enhanced code the MTA logged itself (Postfix <c>dsn=</c>), used when the reply has none.</param>
/// <param name="RemoteHost">The receiving MX host name, the best evidence of the provider.</param>
/// <param name="RecipientDomain">The recipient's domain, the fallback evidence of the provider.</param>
/// <param name="Stage">The SMTP command the reply answered.</param>
/// <param name="SourceVerdict">The source's own classification (PowerMTA bounceCat, ESP type), extra evidence only.</param>
/// <param name="MessageRecipients">How many recipients the message was addressed to, or null when unknown.</param>
/// <param name="OutcomeFromReply">
/// True when the source records no verdict of its own (a list of bare replies, a reply pasted to
/// decode), so <paramref name="LogOutcome"/> was inferred from the reply's codes. For a reply
/// without codes the classifier then decides the outcome and class from the cause alone.
/// </param>
/// <param name="SourceClass">The class the source states for the failure, used when the reply and log carry no SMTP code.</param>
public sealed record ClassificationRequest(
    DeliveryOutcome LogOutcome,
    string? Reply,
    string? LogEnhancedCode,
    string? RemoteHost,
    string? RecipientDomain,
    SmtpStage Stage = SmtpStage.Unknown,
    string? SourceVerdict = null,
    int? MessageRecipients = null,
    bool OutcomeFromReply = false,
    BounceClass? SourceClass = null);
