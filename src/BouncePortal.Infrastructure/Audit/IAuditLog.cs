namespace BouncePortal.Infrastructure.Audit;

/// <summary>
/// The agency's audit log: who did what, when and from where. Entries outlive the user who made them.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="record"/> to its agency's audit log.</summary>
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default);
}

/// <summary>
/// One audited action.
/// </summary>
/// <param name="TenantId">The agency.</param>
/// <param name="Action">What was done, from <see cref="AuditActions"/>.</param>
/// <param name="Details">What it was done to, in plain text; never a recipient address.</param>
/// <param name="ActorUserId">The user who did it; null for the system (a background job).</param>
/// <param name="ActorName">The user's email or name, kept when the user is removed.</param>
/// <param name="IpAddress">Where the request came from, when known.</param>
public sealed record AuditRecord(
    Guid TenantId,
    string Action,
    string Details,
    string? ActorUserId = null,
    string? ActorName = null,
    string? IpAddress = null);

/// <summary>
/// The audited actions.
/// </summary>
public static class AuditActions
{
    /// <summary>Someone signed up: the agency and its owner account were created.</summary>
    public const string AgencyCreated = "agency-created";

    /// <summary>A user signed in.</summary>
    public const string SignIn = "sign-in";

    /// <summary>A sign-in failed.</summary>
    public const string SignInFailed = "sign-in-failed";

    /// <summary>A user turned on two-factor sign-in with an authenticator app.</summary>
    public const string TwoFactorEnabled = "two-factor-enabled";

    /// <summary>A user turned off two-factor sign-in.</summary>
    public const string TwoFactorDisabled = "two-factor-disabled";

    /// <summary>A user replaced their authenticator key, which also turns two-factor sign-in off.</summary>
    public const string AuthenticatorKeyReset = "authenticator-key-reset";

    /// <summary>A user's role changed.</summary>
    public const string RoleChanged = "role-changed";

    /// <summary>A user was invited.</summary>
    public const string UserInvited = "user-invited";

    /// <summary>An invitation was accepted.</summary>
    public const string InvitationAccepted = "invitation-accepted";

    /// <summary>A user was removed from the agency.</summary>
    public const string UserRemoved = "user-removed";

    /// <summary>A file was uploaded.</summary>
    public const string Upload = "upload";

    /// <summary>Something was deleted: an upload, a mailbox, expired data.</summary>
    public const string Deletion = "deletion";

    /// <summary>A mailbox was paused.</summary>
    public const string Pause = "pause";

    /// <summary>A mailbox resumed sending.</summary>
    public const string Resume = "resume";

    /// <summary>Staff planned a ramp schedule for a sending mailbox.</summary>
    public const string RampPlanned = "ramp-planned";

    /// <summary>Agency settings changed.</summary>
    public const string SettingsChanged = "settings-changed";

    /// <summary>An invitation was revoked before anyone accepted it.</summary>
    public const string InvitationRevoked = "invitation-revoked";

    /// <summary>The owner turned support access for platform operators on or off.</summary>
    public const string SupportAccessChanged = "support-access-changed";

    /// <summary>A platform operator opened the agency's data under support access.</summary>
    public const string SupportAccess = "support-access";

    /// <summary>The notification channels changed: SMTP email, webhook or the webhook secret.</summary>
    public const string NotificationSettingsChanged = "notification-settings-changed";

    /// <summary>A sending mailbox was added to the inventory.</summary>
    public const string MailboxAdded = "mailbox-added";

    /// <summary>A sending mailbox's details changed.</summary>
    public const string MailboxChanged = "mailbox-changed";

    /// <summary>A sending mailbox was archived.</summary>
    public const string MailboxArchived = "mailbox-archived";

    /// <summary>An archived sending mailbox was restored.</summary>
    public const string MailboxRestored = "mailbox-restored";

    /// <summary>A checklist step was ticked as done.</summary>
    public const string ChecklistStepDone = "checklist-step-done";

    /// <summary>A checklist step's tick was removed.</summary>
    public const string ChecklistStepUndone = "checklist-step-undone";

    /// <summary>A checklist's assignee changed.</summary>
    public const string ChecklistAssigned = "checklist-assigned";

    /// <summary>An alert was acknowledged.</summary>
    public const string AlertAcknowledged = "alert-acknowledged";

    /// <summary>An alert was dismissed.</summary>
    public const string AlertDismissed = "alert-dismissed";
}
