using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Web.Components.Pages.Uploads;

/// <summary>
/// The names staff know the input formats by.
/// </summary>
internal static class FormatNames
{
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
