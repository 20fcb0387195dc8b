namespace BouncePortal.Domain.Parsing.Sequencer;

/// <summary>
/// Which CSV columns hold which facts in a sequencer export, and which status values mean a bounce.
/// Column names are matched case-insensitively; null means the export has no such column.
/// </summary>
public sealed record CsvColumnMapping
{
    /// <summary>The recipient address column (required).</summary>
    public required string RecipientColumn { get; init; }

    /// <summary>The sending mailbox column.</summary>
    public string? SenderColumn { get; init; }

    /// <summary>The campaign name column.</summary>
    public string? CampaignColumn { get; init; }

    /// <summary>The lead or event status column.</summary>
    public string? StatusColumn { get; init; }

    /// <summary>The bounce reason or SMTP reply column.</summary>
    public string? ReasonColumn { get; init; }

    /// <summary>The event time column.</summary>
    public string? TimestampColumn { get; init; }

    /// <summary>
    /// A time column read in place of <see cref="TimestampColumn"/> in the rows where it has a value,
    /// such as Instantly's <c>timestamp_updated</c>. A file without this column is read as if it were
    /// not set.
    /// </summary>
    public string? PreferredTimestampColumn { get; init; }

    /// <summary>
    /// The order of day and month in numeric dates of the time column, such as 02/12/2026. The
    /// default, month first, is how mappings saved without an order were read.
    /// </summary>
    public DateOrder DateOrder { get; init; } = DateOrder.MonthFirst;

    /// <summary>Status values that mean the message bounced, such as "bounced", "BLOCKED", "-1".</summary>
    public IReadOnlyList<string> BouncedValues { get; init; } = [];

    /// <summary>Status values that mean the message was delivered or sent; other rows are skipped with a reason.</summary>
    public IReadOnlyList<string> DeliveredValues { get; init; } = [];
}
