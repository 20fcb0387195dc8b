namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// An opened bounce source: its detected format and a lazy stream of attempts.
/// </summary>
/// <param name="Detection">The format read, with its confidence; confidence 1 when the caller named the format.</param>
/// <param name="Report">Counts for the parse, updated while <paramref name="Attempts"/> is enumerated.</param>
/// <param name="Attempts">The attempts in input order; enumerate once.</param>
public sealed record BounceSourceReading(FormatDetection Detection, ParseReport Report, IEnumerable<DeliveryAttempt> Attempts);
