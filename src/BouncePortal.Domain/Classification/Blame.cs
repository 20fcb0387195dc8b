namespace BouncePortal.Domain.Classification;

/// <summary>
/// Party whose side caused a failure.
/// </summary>
public enum Blame
{
    /// <summary>The recipient's address or mailbox.</summary>
    Recipient,

    /// <summary>The sending mailbox, domain, IP or content.</summary>
    Sender,

    /// <summary>The receiving organisation's servers or policy.</summary>
    ReceiverInfrastructure,

    /// <summary>The network between the two servers, including DNS.</summary>
    Network,

    /// <summary>No evidence names a party.</summary>
    Unknown,
}
