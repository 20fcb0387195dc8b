using BouncePortal.Domain.Remediation;

namespace BouncePortal.Infrastructure.StopTheBleed;

/// <summary>
/// The checks staff work through while the mailboxes of a stop-the-bleed workflow are paused.
/// </summary>
public static class StopTheBleedChecklist
{
    /// <summary>The checklist opened when a workflow reaches its checking step.</summary>
    public static RemediationChecklist Checklist { get; } = new(CauseFamily.Reputation, "Check before resuming",
    [
        new("Open Google Postmaster Tools and read the sending domain's reputation and spam rate.", "A dropping domain reputation needs a full blocklist diagnosis before sending resumes."),
        new("Look up the sending domain and IP on the major blocklists (Spamhaus, Barracuda, SpamCop).", "A listing keeps bouncing every send until it is removed."),
        new("Read the SMTP replies of the last days for the paused mailboxes on the dashboard.", "The codes name the cause: rate limits, reputation blocks or recipient-side failures each need a different fix."),
        new("Remove recipient addresses that bounced more than twice from the sending lists.", "Addresses that keep bouncing are a list-quality signal receivers hold against the sender."),
    ]);
}
