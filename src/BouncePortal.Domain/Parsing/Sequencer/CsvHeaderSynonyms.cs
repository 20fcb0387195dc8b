namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>
/// Suggests a column mapping for an unknown sequencer export from the column names that
/// sequencers commonly use. The user confirms or corrects the suggestion.
/// </summary>
public static class CsvHeaderSynonyms
{
    /// <summary>Recipient address columns, most specific first.</summary>
    public static readonly IReadOnlyList<string> RecipientColumns = ["email", "lead_email", "to_email", "recipient"];

    /// <summary>Sending mailbox columns.</summary>
    public static readonly IReadOnlyList<string> SenderColumns = ["from_email", "email_account", "sender email", "sendUserEmail", "mailbox"];

    /// <summary>Campaign name columns.</summary>
    public static readonly IReadOnlyList<string> CampaignColumns = ["campaign", "campaign_name", "campaignName"];

    /// <summary>Lead or event status columns.</summary>
    public static readonly IReadOnlyList<string> StatusColumns = ["status", "lead_status", "outcome", "result", "delivery_status"];

    /// <summary>Bounce reason or SMTP reply columns.</summary>
    public static readonly IReadOnlyList<string> ReasonColumns = ["bounce_reason", "bounce reason", "reason", "error", "errorReason", "diagnostic", "smtp_response", "smtp_reply", "reply", "response"];

    /// <summary>Event time columns.</summary>
    public static readonly IReadOnlyList<string> TimestampColumns = ["date", "sent_time", "event_timestamp", "timestamp", "created_at", "sent_at", "time", "when"];

    /// <summary>Status values that sequencers use for a bounce.</summary>
    public static readonly IReadOnlyList<string> BouncedValues =
        ["bounced", "bounce", "-1", "BLOCKED", "hard bounce", "email_bounced", "emailsBounced", "EMAIL_BOUNCE"];

    /// <summary>Status values that sequencers use for a sent or delivered message.</summary>
    public static readonly IReadOnlyList<string> DeliveredValues = ["delivered", "sent", "ok", "email_sent", "emailsSent", "EMAIL_SENT"];

    /// <summary>
    /// Returns a mapping pre-filled from <paramref name="headers"/> (matched case-insensitively,
    /// ignoring surrounding spaces), or null when no column looks like a recipient address.
    /// </summary>
    public static CsvColumnMapping? Suggest(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);

        var recipient = Find(headers, RecipientColumns);
        return recipient is null ? null : Suggest(headers, recipient);
    }

    /// <summary>
    /// Returns a mapping pre-filled from the header row of <paramref name="preview"/>, taking as
    /// recipient column a known recipient header or else the first column whose values are
    /// email addresses, and the date order that the time column's values show. Returns null when
    /// no recipient column exists.
    /// </summary>
    public static CsvColumnMapping? Suggest(CsvPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);

        var recipient = Find(preview.Headers, RecipientColumns) ?? CsvAddressColumns.FindRecipientColumn(preview);
        if (recipient is null)
        {
            return null;
        }

        // Where no column name is known, the values name the columns.
        var mapping = Suggest(preview.Headers, recipient);
        var timestamp = mapping.TimestampColumn ?? CsvAddressColumns.FindTimestampColumn(preview);
        return mapping with
        {
            SenderColumn = mapping.SenderColumn ?? CsvAddressColumns.FindSenderColumn(preview, recipient),
            StatusColumn = mapping.StatusColumn ?? CsvAddressColumns.FindStatusColumn(preview, BouncedValues.Concat(DeliveredValues)),
            ReasonColumn = mapping.ReasonColumn ?? CsvAddressColumns.FindReplyColumn(preview),
            TimestampColumn = timestamp,
            DateOrder = SuggestDateOrder(preview.DetectDateOrder(timestamp)),
        };
    }

    /// <summary>
    /// Returns day first when the sample values show it, else month first, the order that
    /// mappings without one are read in.
    /// </summary>
    public static DateOrder SuggestDateOrder(DateOrderEvidence evidence) =>
        evidence == DateOrderEvidence.DayFirst ? DateOrder.DayFirst : DateOrder.MonthFirst;

    private static CsvColumnMapping Suggest(IReadOnlyList<string> headers, string recipient)
    {
        return new CsvColumnMapping
        {
            RecipientColumn = recipient,
            SenderColumn = Find(headers, SenderColumns),
            CampaignColumn = Find(headers, CampaignColumns),
            StatusColumn = Find(headers, StatusColumns),
            ReasonColumn = Find(headers, ReasonColumns),
            TimestampColumn = Find(headers, TimestampColumns),
            BouncedValues = BouncedValues,
            DeliveredValues = DeliveredValues,
        };
    }

    /// <summary>Returns the header, as spelled in the file, of the first synonym present.</summary>
    private static string? Find(IReadOnlyList<string> headers, IReadOnlyList<string> synonyms)
    {
        foreach (var synonym in synonyms)
        {
            var header = headers.FirstOrDefault(h => string.Equals(h.Trim(), synonym, StringComparison.OrdinalIgnoreCase));
            if (header is not null)
            {
                return header;
            }
        }

        return null;
    }
}
