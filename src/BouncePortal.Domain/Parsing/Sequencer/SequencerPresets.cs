namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>
/// A known sequencer export and its column mapping.
/// </summary>
/// <param name="Sequencer">The product that wrote the export: Smartlead, Instantly or lemlist.</param>
/// <param name="Export">Which of its exports, such as "leads export".</param>
/// <param name="Mapping">The columns and status values of that export.</param>
public sealed record SequencerPreset(string Sequencer, string Export, CsvColumnMapping Mapping)
{
    /// <summary>The preset's name for people, such as "Smartlead leads export".</summary>
    public string Name => $"{Sequencer} {Export}";
}

/// <summary>
/// The column mappings of known sequencer exports, recognised by their header rows.
/// </summary>
public static class SequencerPresets
{
    /// <summary>
    /// Smartlead's leads export: status BLOCKED means bounced or blocklisted. It carries no
    /// bounce reason and no sending mailbox, so a blocked lead's cause is unknown.
    /// </summary>
    public static readonly SequencerPreset SmartleadLeads = new("Smartlead", "leads export", new CsvColumnMapping
    {
        RecipientColumn = "email",
        StatusColumn = "status",

        // The lead's creation time: the export has no send or bounce time.
        TimestampColumn = "created_at",
        BouncedValues = ["BLOCKED"],

        // NOTE: a lead in progress or completed has been sent at least one message. The export
        // does not say how many, so each lead counts as one sent message.
        DeliveredValues = ["INPROGRESS", "COMPLETED"],
    });

    /// <summary>Smartlead's campaign statistics rows: one row per sent message, with an is_bounced flag.</summary>
    public static readonly SequencerPreset SmartleadStatistics = new("Smartlead", "campaign statistics", new CsvColumnMapping
    {
        RecipientColumn = "lead_email",
        StatusColumn = "is_bounced",
        TimestampColumn = "sent_time",
        BouncedValues = ["true", "1"],
        DeliveredValues = ["false", "0"],
    });

    /// <summary>Smartlead webhook events flattened to CSV, with the sending mailbox in from_email.</summary>
    public static readonly SequencerPreset SmartleadEvents = new("Smartlead", "webhook events", new CsvColumnMapping
    {
        RecipientColumn = "to_email",
        SenderColumn = "from_email",
        CampaignColumn = "campaign_name",
        StatusColumn = "event_type",
        TimestampColumn = "event_timestamp",
        BouncedValues = ["EMAIL_BOUNCE"],
        DeliveredValues = ["EMAIL_SENT"],
    });

    /// <summary>
    /// Instantly leads: status -1 means bounced. It carries no bounce reason and no sending mailbox,
    /// so a bounced lead's cause is unknown.
    /// </summary>
    public static readonly SequencerPreset InstantlyLeads = new("Instantly", "leads export", new CsvColumnMapping
    {
        RecipientColumn = "email",
        CampaignColumn = "campaign",
        StatusColumn = "status",

        // The export has no send or bounce time. The lead's last update, such as its change to
        // bounced, comes closer to the bounce than its import (timestamp_created).
        PreferredTimestampColumn = "timestamp_updated",
        TimestampColumn = "timestamp_created",
        BouncedValues = ["-1"],

        // NOTE: active (1), paused (2) and completed (3) leads are counted as sent one message,
        // although an active lead may not have been contacted yet.
        DeliveredValues = ["1", "2", "3"],
    });

    /// <summary>Instantly webhook events flattened to CSV, with the sending mailbox in email_account.</summary>
    public static readonly SequencerPreset InstantlyEvents = new("Instantly", "webhook events", new CsvColumnMapping
    {
        RecipientColumn = "lead_email",
        SenderColumn = "email_account",
        CampaignColumn = "campaign_name",
        StatusColumn = "event_type",
        TimestampColumn = "timestamp",
        BouncedValues = ["email_bounced"],
        DeliveredValues = ["email_sent"],
    });

    /// <summary>lemlist activities: type emailsBounced is a bounce of unknown cause, emailsSent a sent message.</summary>
    public static readonly SequencerPreset LemlistActivities = new("lemlist", "activities", new CsvColumnMapping
    {
        RecipientColumn = "leadEmail",
        SenderColumn = "sendUserEmail",
        CampaignColumn = "campaignName",
        StatusColumn = "type",
        TimestampColumn = "createdAt",
        BouncedValues = ["emailsBounced"],
        DeliveredValues = ["emailsSent"],
    });

    /// <summary>All presets, in the order they are tried.</summary>
    public static readonly IReadOnlyList<SequencerPreset> All =
        [SmartleadLeads, SmartleadStatistics, SmartleadEvents, InstantlyEvents, InstantlyLeads, LemlistActivities];

    /// <summary>The columns, beyond the mapped ones, that identify each preset's header row.</summary>
    private static readonly Dictionary<SequencerPreset, string[]> IdentifyingColumns = new()
    {
        [SmartleadLeads] = ["campaign_lead_map_id", "email", "status"],
        [SmartleadStatistics] = ["stats_id", "lead_email", "is_bounced"],
        [SmartleadEvents] = ["to_email", "from_email", "event_type"],
        [InstantlyEvents] = ["lead_email", "email_account", "event_type"],
        [InstantlyLeads] = ["email", "status", "timestamp_created"],
        [LemlistActivities] = ["leadEmail", "type", "sendUserEmail"],
    };

    /// <summary>
    /// Returns the preset whose identifying columns all appear in <paramref name="headers"/>
    /// (case-insensitively), or null when none does.
    /// </summary>
    public static SequencerPreset? Match(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);

        var present = new HashSet<string>(headers.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase);
        return All.FirstOrDefault(preset => IdentifyingColumns[preset].All(present.Contains));
    }
}
