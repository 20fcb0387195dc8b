namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// Decides which inputs report failures only: bounce emails always, and an ESP event export that
/// contains no delivered message, such as SES bounce notifications alone. Counted as sends, their
/// recipients would put every rate near 100%, so they add no sends to the rates. Their outcomes
/// still reach the suppression list and the diagnoses.
/// </summary>
public static class FailureOnlySources
{
    private static readonly HashSet<InputFormat> EventExports =
        [InputFormat.SendGrid, InputFormat.Mailgun, InputFormat.AmazonSes, InputFormat.Postmark];

    /// <summary>Returns true for an ESP event export, which may contain failure events only.</summary>
    public static bool IsEventExport(InputFormat format) => EventExports.Contains(format);

    /// <summary>
    /// Returns true when an input of <paramref name="format"/> with <paramref name="delivered"/>
    /// delivered messages reports failures only.
    /// </summary>
    public static bool ReportsFailuresOnly(InputFormat format, long delivered) =>
        format == InputFormat.BounceEmail || (IsEventExport(format) && delivered == 0);
}
