namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// The names staff know the input formats by.
/// </summary>
public static class FormatNames
{
    /// <summary>Returns the name staff know <paramref name="format"/> by.</summary>
    public static string Of(InputFormat format) => format switch
    {
        InputFormat.Postfix => "Postfix maillog",
        InputFormat.Exim => "Exim mainlog",
        InputFormat.Sendmail => "Sendmail log",
        InputFormat.PowerMta => "PowerMTA accounting CSV",
        InputFormat.KumoMta => "KumoMTA JSON log",
        InputFormat.ExchangeTracking => "Exchange message tracking log",
        InputFormat.BounceEmail => "Bounce emails (.eml, mbox, .zip)",
        InputFormat.SequencerCsv => "Sequencer CSV export",
        InputFormat.SendGrid => "SendGrid events",
        InputFormat.Mailgun => "Mailgun events",
        InputFormat.AmazonSes => "Amazon SES notifications",
        InputFormat.Postmark => "Postmark bounces",
        InputFormat.Replies => "SMTP replies, one per line",
        _ => format.ToString(),
    };
}
