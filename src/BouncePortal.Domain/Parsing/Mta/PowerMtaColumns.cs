namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Positions of the PowerMTA accounting columns the parser reads, found by name in the header
/// row because <c>record-fields</c> settings change which columns a file has and their order.
/// A position is -1 when the file has no such column.
/// </summary>
internal sealed class PowerMtaColumns
{
    /// <summary>The columns without which no attempt can be read.</summary>
    public static readonly string[] Required = ["type", "rcpt"];

    private PowerMtaColumns(IReadOnlyList<string> names)
    {
        Names = names;
        Type = IndexOf("type");
        TimeLogged = IndexOf("timeLogged");
        TimeQueued = IndexOf("timeQueued");
        Sender = IndexOf("orig");
        Recipient = IndexOf("rcpt");
        DsnStatus = IndexOf("dsnStatus");
        DsnDiagnostic = IndexOf("dsnDiag");
        DsnMta = IndexOf("dsnMta");
        BounceCategory = IndexOf("bounceCat");
        SourceIp = IndexOf("dlvSourceIp");
        DestinationIp = IndexOf("dlvDestinationIp");
        JobId = IndexOf("jobId");
        EnvelopeId = IndexOf("envId");
        MessageIdHeader = IndexOf("header_Message-Id");
        CampaignHeader = IndexOfCampaignHeader();
    }

    /// <summary>The header names in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    public int Type { get; }

    public int TimeLogged { get; }

    public int TimeQueued { get; }

    /// <summary>The envelope sender (<c>orig</c>), which is the sending mailbox.</summary>
    public int Sender { get; }

    public int Recipient { get; }

    public int DsnStatus { get; }

    public int DsnDiagnostic { get; }

    /// <summary>The remote MTA (<c>dsnMta</c>), written as "HOST (IP)".</summary>
    public int DsnMta { get; }

    public int BounceCategory { get; }

    /// <summary>The local address the delivery was sent from (<c>dlvSourceIp</c>).</summary>
    public int SourceIp { get; }

    public int DestinationIp { get; }

    public int JobId { get; }

    public int EnvelopeId { get; }

    /// <summary>A logged Message-Id header (<c>header_Message-Id</c>).</summary>
    public int MessageIdHeader { get; }

    /// <summary>The first logged header whose name contains "campaign", such as <c>header_X-Campaign-Id</c>.</summary>
    public int CampaignHeader { get; }

    /// <summary>Maps a header row, or returns null with the missing required names when it lacks any.</summary>
    public static PowerMtaColumns? TryCreate(IReadOnlyList<string> names, out IReadOnlyList<string> missing)
    {
        var columns = new PowerMtaColumns(names);
        var absent = new List<string>();
        if (columns.Type < 0)
        {
            absent.Add("type");
        }

        if (columns.Recipient < 0)
        {
            absent.Add("rcpt");
        }

        missing = absent;
        return absent.Count == 0 ? columns : null;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private int IndexOfCampaignHeader()
    {
        for (var i = 0; i < Names.Count; i++)
        {
            var name = Names[i].Trim();
            if (name.StartsWith("header_", StringComparison.OrdinalIgnoreCase) && name.Contains("campaign", StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
