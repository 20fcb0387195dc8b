namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Positions of the message tracking columns the parser reads, found by name in the
/// <c>#Fields:</c> line because Exchange versions differ in their columns (Exchange 2010 writes
/// 26, later versions 30). A position is -1 when the log has no such column.
/// </summary>
internal sealed class ExchangeColumns
{
    /// <summary>The columns without which no attempt can be read.</summary>
    public static readonly string[] Required = ["date-time", "event-id", "recipient-address"];

    private readonly string[] names;

    private ExchangeColumns(string[] names)
    {
        this.names = names;
        DateTime = IndexOf("date-time");
        ClientIp = IndexOf("client-ip");
        ServerIp = IndexOf("server-ip");
        ServerHostname = IndexOf("server-hostname");
        EventId = IndexOf("event-id");
        InternalMessageId = IndexOf("internal-message-id");
        MessageId = IndexOf("message-id");
        RecipientAddress = IndexOf("recipient-address");
        RecipientStatus = IndexOf("recipient-status");
        SenderAddress = IndexOf("sender-address");
        ReturnPath = IndexOf("return-path");
        OriginalServerIp = IndexOf("original-server-ip");
    }

    /// <summary>The number of columns the <c>#Fields:</c> line names.</summary>
    public int Count => names.Length;

    public int DateTime { get; }

    /// <summary>The client of the logged connection, which is this server for outbound SEND events.</summary>
    public int ClientIp { get; }

    /// <summary>The server of the logged connection, which is the remote server for outbound SEND events.</summary>
    public int ServerIp { get; }

    public int ServerHostname { get; }

    public int EventId { get; }

    public int InternalMessageId { get; }

    public int MessageId { get; }

    /// <summary>The recipients, separated by ';' when an event covers several.</summary>
    public int RecipientAddress { get; }

    /// <summary>One status per recipient, in the same order, separated by ';'.</summary>
    public int RecipientStatus { get; }

    public int SenderAddress { get; }

    public int ReturnPath { get; }

    public int OriginalServerIp { get; }

    /// <summary>
    /// Maps the fields of a <c>#Fields:</c> line, whose first field still carries the prefix,
    /// or returns null with the missing required names.
    /// </summary>
    public static ExchangeColumns? TryCreate(string[] fields, out IReadOnlyList<string> missing)
    {
        var names = new string[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            names[i] = fields[i].Trim();
        }

        names[0] = names[0]["#Fields:".Length..].Trim();
        var columns = new ExchangeColumns(names);
        missing = Required.Where(name => columns.IndexOf(name) < 0).ToList();
        return missing.Count == 0 ? columns : null;
    }

    private int IndexOf(string name) =>
        Array.FindIndex(names, candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
}
