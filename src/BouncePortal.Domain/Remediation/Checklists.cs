using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Diagnostics;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Remediation;

/// <summary>
/// The remediation checklist of each cause family, with a Microsoft 365 version of those whose
/// steps name receiving providers.
/// </summary>
public static class Checklists
{
    private static readonly Dictionary<CauseFamily, RemediationChecklist> ByFamily = new()
    {
        [CauseFamily.SendingTooFast] = new(CauseFamily.SendingTooFast, "Slow down the affected mailboxes",
        [
            new("Lower the daily volume of the affected mailboxes, for example from 40 to 25 sends a day.", "Receivers rate-limit per sending IP, domain and mailbox; less volume stays under their threshold."),
            new("Hold the lower volume for a week, then ramp up slowly (about 20% a week).", "Reputation recovers over days; a quick return to full volume triggers the limit again."),
            new("Space sends 60-120 seconds apart per mailbox.", "Gmail, and Microsoft alike, accept about 5-10 messages a minute between one sending IP and one receiving IP, and Yahoo and Hotmail limit bulk mail above about 20 a minute. Bursts above these limits get temporary rate-limit replies at once."),
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

    // Mail to Microsoft 365 (Exchange Online) gets these versions of the checklists whose steps name
    // Gmail's limits or other providers' tools. The other families name no provider.
    private static readonly Dictionary<CauseFamily, RemediationChecklist> MicrosoftByFamily = new()
    {
        [CauseFamily.SendingTooFast] = ReplaceStep(ByFamily[CauseFamily.SendingTooFast], 2,
            new("Space sends 60-120 seconds apart per mailbox.", "Microsoft 365 (Exchange Online) accepts roughly 5-10 messages a minute between one sending IP and one of its receiving IPs, and above that it defers mail at once with 451 4.7.28 or 4.7.500.")),
        [CauseFamily.Reputation] = ReplaceStep(ByFamily[CauseFamily.Reputation], 2,
            new("Check the sending domain's and IP's standing with Microsoft (Microsoft SNDS and the Outlook.com delist form) and their blocklist status.", "A dropping domain reputation or a blocklist listing needs its own fix before sending resumes.")),
        [CauseFamily.Unknown] = ReplaceStep(ByFamily[CauseFamily.Unknown], 0,
            new("Read the full reply and open any URL in it. Microsoft 365 links to a page that names the exact reason.", "No known code or phrase identified the cause.")),
    };

    /// <summary>Returns the checklist of <paramref name="family"/>, quoting the default retry limits.</summary>
    public static RemediationChecklist For(CauseFamily family) => ByFamily[family];

    /// <summary>
    /// Returns the Microsoft 365 version of the checklist of <paramref name="family"/> when
    /// <paramref name="provider"/> is <see cref="ReceivingProvider.Microsoft"/>, and the general checklist otherwise.
    /// </summary>
    public static RemediationChecklist For(CauseFamily family, ReceivingProvider? provider) =>
        For(family, PersistentSoftBounceRule.Default, provider);

    /// <summary>
    /// Returns the checklist of <paramref name="family"/>, quoting <paramref name="retryLimits"/> where a
    /// step names them, in the Microsoft 365 version when <paramref name="provider"/> is Microsoft.
    /// </summary>
    public static RemediationChecklist For(CauseFamily family, PersistentSoftBounceRule retryLimits, ReceivingProvider? provider = null)
    {
        if (family == CauseFamily.RecipientSide && retryLimits != PersistentSoftBounceRule.Default)
        {
            return RecipientSide(retryLimits);
        }

        return provider == ReceivingProvider.Microsoft && MicrosoftByFamily.TryGetValue(family, out var microsoft)
            ? microsoft
            : ByFamily[family];
    }

    /// <summary>
    /// Returns the checklist that a diagnosis of <paramref name="kind"/> on <paramref name="subject"/>
    /// carries. Throttling and shared-IP contamination name a receiving provider as their subject, so
    /// they get that provider's version. Every other diagnosis gets the general checklist of <paramref name="family"/>.
    /// </summary>
    public static RemediationChecklist ForDiagnosis(DiagnosisKind kind, string subject, CauseFamily family) =>
        For(family, ProviderOf(kind, subject));

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

    // The rules name the provider by its enum name, so a number or another spelling is no provider.
    private static ReceivingProvider? ProviderOf(DiagnosisKind kind, string subject) =>
        kind is DiagnosisKind.ProviderThrottling or DiagnosisKind.SharedIpContamination
            && Enum.TryParse<ReceivingProvider>(subject, ignoreCase: false, out var provider)
            && provider.ToString() == subject
            ? provider
            : null;

    private static RemediationChecklist ReplaceStep(RemediationChecklist checklist, int index, ChecklistStep step) =>
        checklist with { Steps = [.. checklist.Steps.Take(index), step, .. checklist.Steps.Skip(index + 1)] };

    private static RemediationChecklist RecipientSide(PersistentSoftBounceRule retryLimits) =>
        new(CauseFamily.RecipientSide, "Let the recipient side recover",
        [
            new("Let the sequencer retry busy or locked mailboxes (450 4.2.1); they usually clear within hours.", "The recipient's mailbox is temporarily unavailable, not gone."),
            new($"Retry full mailboxes (452 4.2.2) for at most {DescribeLimits(retryLimits)}, then remove the address.", "A mailbox full for days is abandoned."),
            new("Retry local errors (451 4.3.0); flag and skip a recipient domain that fails consistently.", "A receiver that keeps failing costs volume and reputation for nothing."),
            new("Retry busy servers (421 4.4.5) at off-peak hours.", "The receiving server is under real load."),
        ]);
}
