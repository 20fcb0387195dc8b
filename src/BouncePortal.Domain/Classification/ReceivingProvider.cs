using System.ComponentModel;

namespace BouncePortal.Domain.Classification;

/// <summary>
/// Mailbox provider or filtering gateway on the receiving side.
/// </summary>
public enum ReceivingProvider
{
    /// <summary>Gmail and Google Workspace.</summary>
    Google,

    /// <summary>Outlook.com and Microsoft 365 (Exchange Online Protection).</summary>
    Microsoft,

    /// <summary>Yahoo and AOL.</summary>
    [Description("Yahoo and AOL")]
    YahooAol,

    /// <summary>Apple iCloud Mail.</summary>
    [Description("Apple iCloud")]
    AppleICloud,

    /// <summary>Proofpoint gateways.</summary>
    Proofpoint,

    /// <summary>Mimecast gateways.</summary>
    Mimecast,

    /// <summary>Barracuda gateways.</summary>
    Barracuda,

    /// <summary>Cox and Comcast.</summary>
    [Description("Cox and Comcast")]
    CoxComcast,

    /// <summary>Any other receiver.</summary>
    Other,
}
