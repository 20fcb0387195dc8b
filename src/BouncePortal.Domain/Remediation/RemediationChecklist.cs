namespace BouncePortal.Domain.Remediation;

/// <summary>
/// The steps that fix one family of bounce causes.
/// </summary>
/// <param name="Family">Which family the checklist fixes.</param>
/// <param name="Title">A short title for the checklist.</param>
/// <param name="Steps">The steps in order.</param>
public sealed record RemediationChecklist(CauseFamily Family, string Title, IReadOnlyList<ChecklistStep> Steps);

/// <summary>
/// One step of a checklist with the reason behind it.
/// </summary>
/// <param name="Action">What to do.</param>
/// <param name="Why">Why it helps.</param>
public sealed record ChecklistStep(string Action, string Why);

/// <summary>
/// Families of bounce causes, each with its own fix.
/// </summary>
public enum CauseFamily
{
    /// <summary>The sender sends faster than the receiver accepts.</summary>
    SendingTooFast,

    /// <summary>The receiver greylists first-time senders.</summary>
    Greylisting,

    /// <summary>The receiver distrusts the sending IP, domain, authentication or content.</summary>
    Reputation,

    /// <summary>The recipient's mailbox or the receiving server has a temporary problem.</summary>
    RecipientSide,

    /// <summary>The address or domain is dead: the list needs cleaning.</summary>
    ListQuality,

    /// <summary>The sending setup is wrong: message size, TLS, recipients per message.</summary>
    SenderSetup,

    /// <summary>Nothing in the reply names a cause.</summary>
    Unknown,
}
