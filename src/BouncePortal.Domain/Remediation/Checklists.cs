using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Remediation;

/// <summary>
/// The remediation checklist of each cause family.
/// </summary>
public static class Checklists
{
    private static readonly Dictionary<CauseFamily, RemediationChecklist> ByFamily = new()
    {
        [CauseFamily.SendingTooFast] = new(CauseFamily.SendingTooFast, "Slow down the affected mailboxes",
        [
            new("Lower the daily volume of the affected mailboxes, for example from 40 to 25 sends a day.", "Receivers rate-limit per sending IP, domain and mailbox; less volume stays under their threshold."),
            new("Hold the lower volume for a week, then ramp up slowly (about 20% a week).", "Reputation recovers over days; a quick return to full volume triggers the limit again."),
            new("Space sends 60-120 seconds apart per mailbox.", "Gmail accepts about 5-10 messages a minute from one sender; bursts above that get 421 replies at once."),
            new("Stagger mailbox start times by 15-30 minutes.", "Mailboxes on one IP or domain that all start together look like one bulk burst."),
            new("Keep to about 30-35 sends per mailbox per day for cold email.", "That is the steady state receivers accept without throttling."),
        ]),
        [CauseFamily.Greylisting] = new(CauseFamily.Greylisting, "Let greylisting resolve",
        [
            new("Let the sending server retry; check 30 minutes after the first 451 whether the message was delivered.", "A greylisting receiver rejects the first attempt from an unknown sender and accepts a retry after its release window."),
            new("Use retry intervals of 15 min, 30 min, 1 h, 4 h; do not give up after 3 quick retries.", "Retries 2-5 minutes apart miss the 10-30 minute release window."),
            new("If the same recipient greylists every send, ask the recipient to add the sender to their allow list.", "Some receivers accept only senders their users trust; retrying does not change that."),
            new("If the message still bounces after 30 minutes, treat it as a reputation or recipient-side problem.", "Greylisting resolves on retry; anything still failing has another cause."),
        ]),
        [CauseFamily.Reputation] = new(CauseFamily.Reputation, "Stop the bleed and rebuild reputation",
        [
            new("Pause the affected mailboxes or campaigns for 24-48 hours.", "Every further rejected send deepens the reputation damage."),
            new("Keep warmup running during the pause.", "Warmup traffic keeps positive engagement flowing while cold sends stop."),
            new("Check the sending domain's and IP's standing with the receiver that rejected them (Google Postmaster Tools for Gmail and Google Workspace, Microsoft SNDS and the Outlook.com delist form for Microsoft, Yahoo Sender Hub for Yahoo and AOL) and their blocklist status.", "A dropping domain reputation or a blocklist listing needs its own fix before sending resumes."),
            new("Check SPF, DKIM and DMARC alignment for the sending domain.", "Receivers reject or distrust unauthenticated mail."),
            new("Remove addresses that bounced more than twice, and clean domains that bounce often.", "Repeated bounces are a list-quality signal that receivers hold against the sender."),
            new("Resume at 30-50% of the previous volume, then ramp 20% a week.", "A sudden return to full volume looks like the behaviour that caused the block."),
        ]),
        [CauseFamily.RecipientSide] = RecipientSide(PersistentSoftBounceRule.Default),
        [CauseFamily.ListQuality] = new(CauseFamily.ListQuality, "Clean the list",
        [
            new("Suppress the address: never send to it again.", "The mailbox or domain does not exist; every retry counts as a hard bounce against the sender."),
            new("Verify lists before sending, and drop addresses that bounced more than twice.", "A hard bounce rate above 2% damages the sending domain's reputation."),
            new("Check where the list came from if many addresses of one source bounce.", "Stale or scraped sources produce waves of hard bounces."),
        ]),
        [CauseFamily.SenderSetup] = new(CauseFamily.SenderSetup, "Fix the sending setup",
        [
            new("Read the reply text: it names the limit (message size, recipients per message, TLS version).", "These failures come from how the message is sent, not from who receives it."),
            new("Fix the sending server or sequencer setting, then resend.", "The same message fails the same way until the setting changes."),
        ]),
        [CauseFamily.Unknown] = new(CauseFamily.Unknown, "Investigate the reply",
        [
            new("Read the full reply and any URL it contains; Gmail and Microsoft link to a page naming the exact reason.", "No known code or phrase identified the cause."),
            new("Compare with other mailboxes sending to the same receiver.", "One mailbox failing points at the sender; all of them failing points at the receiver or the list."),
        ]),
    };

    /// <summary>Returns the checklist of <paramref name="family"/>, quoting the default retry limits.</summary>
    public static RemediationChecklist For(CauseFamily family) => ByFamily[family];

    /// <summary>Returns the checklist of <paramref name="family"/>, quoting <paramref name="retryLimits"/> where a step names them.</summary>
    public static RemediationChecklist For(CauseFamily family, PersistentSoftBounceRule retryLimits) =>
        family == CauseFamily.RecipientSide && retryLimits != PersistentSoftBounceRule.Default
            ? RecipientSide(retryLimits)
            : ByFamily[family];

    /// <summary>
    /// Describes the retry limits as "5 attempts or 72 hours, whichever comes first", the words the
    /// retry advice and the checklists share.
    /// </summary>
    public static string DescribeLimits(PersistentSoftBounceRule retryLimits)
    {
        ArgumentNullException.ThrowIfNull(retryLimits);

        var hours = ReadCounts.Describe((long)Math.Round(retryLimits.MaxDuration.TotalHours), "hour");
        var attempts = ReadCounts.Describe(retryLimits.MaxAttempts, "attempt");
        return $"{attempts} or {hours}, whichever comes first";
    }

    private static RemediationChecklist RecipientSide(PersistentSoftBounceRule retryLimits) =>
        new(CauseFamily.RecipientSide, "Let the recipient side recover",
        [
            new("Let the sequencer retry busy or locked mailboxes (450 4.2.1); they usually clear within hours.", "The recipient's mailbox is temporarily unavailable, not gone."),
            new($"Retry full mailboxes (452 4.2.2) for at most {DescribeLimits(retryLimits)}, then remove the address.", "A mailbox full for days is abandoned."),
            new("Retry local errors (451 4.3.0); flag and skip a recipient domain that fails consistently.", "A receiver that keeps failing costs volume and reputation for nothing."),
            new("Retry busy servers (421 4.4.5) at off-peak hours.", "The receiving server is under real load."),
        ]);
}
