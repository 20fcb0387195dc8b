using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Cli;

/// <summary>
/// The options that map the columns of a CSV export which no preset or common column name fits.
/// </summary>
internal static class CsvMappingOptions
{
    public const string Recipient = "--recipient-column";
    public const string Sender = "--sender-column";
    public const string Campaign = "--campaign-column";
    public const string Status = "--status-column";
    public const string Reason = "--reason-column";
    public const string Time = "--time-column";
    public const string Bounced = "--bounced-values";
    public const string Delivered = "--delivered-values";
    public const string DateOrderOption = "--date-order";

    /// <summary>The option names, for <see cref="CommandLine.Parse"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [Recipient, Sender, Campaign, Status, Reason, Time, Bounced, Delivered, DateOrderOption];

    /// <summary>The options that describe columns and need <c>--recipient-column</c>.</summary>
    private static IReadOnlyList<string> ColumnOptions { get; } = [Recipient, Sender, Campaign, Status, Reason, Time, Bounced, Delivered];

    /// <summary>
    /// Reads the mapping, or returns null when no column option was given (<c>--date-order</c>
    /// alone sets no mapping). Without
    /// <c>--bounced-values</c> and <c>--delivered-values</c>, the status values that common
    /// sequencers write are used.
    /// </summary>
    /// <exception cref="UsageException">A mapping option is given without <c>--recipient-column</c>, or status values without <c>--status-column</c>.</exception>
    public static CsvColumnMapping? Read(string command, CommandLine commandLine)
    {
        var presentOptions = ColumnOptions.Where(name => commandLine.Value(name) is not null).ToList();
        if (presentOptions.Count == 0)
        {
            return null;
        }

        var recipient = commandLine.Value(Recipient);
        if (string.IsNullOrWhiteSpace(recipient))
        {
            throw new UsageException($"{command}: {presentOptions[0]} needs {Recipient} NAME, the column that contains the recipient addresses");
        }

        var status = commandLine.Value(Status);
        var bounced = commandLine.Value(Bounced);
        var delivered = commandLine.Value(Delivered);
        if (status is null && (bounced is not null || delivered is not null))
        {
            throw new UsageException($"{command}: {(bounced is not null ? Bounced : Delivered)} needs {Status} NAME, the column the values are read from");
        }

        return new CsvColumnMapping
        {
            RecipientColumn = recipient,
            SenderColumn = commandLine.Value(Sender),
            CampaignColumn = commandLine.Value(Campaign),
            StatusColumn = status,
            ReasonColumn = commandLine.Value(Reason),
            TimestampColumn = commandLine.Value(Time),
            BouncedValues = bounced is null ? CsvHeaderSynonyms.BouncedValues : SplitValues(bounced),
            DeliveredValues = delivered is null ? CsvHeaderSynonyms.DeliveredValues : SplitValues(delivered),
        };
    }

    /// <summary>Reads <c>--date-order</c>, or returns null when it is not given.</summary>
    /// <exception cref="UsageException">The value is neither day-first nor month-first.</exception>
    public static DateOrder? ReadDateOrder(string command, CommandLine commandLine)
    {
        return commandLine.Value(DateOrderOption) switch
        {
            null => null,
            var value when value.Equals("day-first", StringComparison.OrdinalIgnoreCase) => DateOrder.DayFirst,
            var value when value.Equals("month-first", StringComparison.OrdinalIgnoreCase) => DateOrder.MonthFirst,
            var value => throw new UsageException($"{command}: {DateOrderOption} must be day-first or month-first, not '{value}'"),
        };
    }

    /// <summary>Returns the advice of a CSV error: which options map its columns.</summary>
    public static string Advice(string? addressColumn) =>
        $"map the columns with {Recipient} {(addressColumn is null ? "NAME" : Quote(addressColumn))} and, for the columns the file has, "
        + $"{Status}, {Bounced}, {Delivered}, {Reason}, {Sender}, {Campaign} and {Time} (see 'bounceportal --help')";

    private static List<string> SplitValues(string values) =>
        values.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Quote(string column) =>
        column.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"') ? $"\"{column.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : column;
}
