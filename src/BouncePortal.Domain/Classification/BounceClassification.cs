namespace BouncePortal.Domain.Classification;

/// <summary>
/// The four facts BouncePortal keeps for every attempt (outcome, class, category, blame),
/// plus the receiving provider, the suppression decision and the evidence that decided them.
/// </summary>
/// <param name="Outcome">The log's verdict.</param>
/// <param name="Class">Soft or hard from the reply codes; null for a delivery.</param>
/// <param name="BasicCode">The SMTP basic code, or null.</param>
/// <param name="EnhancedCode">The enhanced status code from the reply, else from the log; or null.</param>
/// <param name="Category">The cause; null for a delivery. An expired attempt keeps its last deferral's cause.</param>
/// <param name="Blame">Who caused the failure; null for a delivery.</param>
/// <param name="Provider">The receiving provider.</param>
/// <param name="Suppress">True when the recipient address belongs on the suppression list.</param>
/// <param name="Evidence">The code or pattern that decided the category, for people to check.</param>
public sealed record BounceClassification(
    DeliveryOutcome Outcome,
    BounceClass? Class,
    int? BasicCode,
    string? EnhancedCode,
    BounceCategory? Category,
    Blame? Blame,
    ReceivingProvider Provider,
    bool Suppress,
    string Evidence);
