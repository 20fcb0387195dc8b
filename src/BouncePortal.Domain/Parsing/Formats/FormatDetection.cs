namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// The format a file was recognised as, how sure the detector is, and why.
/// </summary>
/// <param name="Format">The recognised format.</param>
/// <param name="Confidence">From 0 (a guess) to 1 (certain).</param>
/// <param name="Reason">The evidence, for people to check, such as "first line has '#Fields:' of an Exchange tracking log".</param>
public sealed record FormatDetection(InputFormat Format, double Confidence, string Reason)
{
    /// <summary>The reason of a format that the user chose, which no detection measured.</summary>
    public const string ChosenByUser = "format chosen by the user";

    /// <summary>True when the user chose the format, so <see cref="Confidence"/> measures nothing.</summary>
    public bool IsChosenByUser => Reason == ChosenByUser;
}
