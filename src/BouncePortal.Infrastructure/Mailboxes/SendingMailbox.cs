using System.ComponentModel;
using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Mailboxes;

/// <summary>
/// A mailbox an agency sends cold email from, with its volume plan and state.
/// </summary>
public sealed class SendingMailbox : ITenantOwned
{
    /// <summary>The row id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The mailbox address, lower-cased.</summary>
    public required string Address { get; set; }

    /// <summary>The domain the mailbox sends from, lower-cased.</summary>
    public required string SendingDomain { get; set; }

    /// <summary>Who hosts the mailbox.</summary>
    public MailboxProvider Provider { get; set; }

    /// <summary>The day the mailbox was created at its provider; young mailboxes need a ramp.</summary>
    public DateOnly CreatedOn { get; set; }

    /// <summary>Sends a day now.</summary>
    public int CurrentDailyVolume { get; set; }

    /// <summary>Sends a day the agency wants to reach.</summary>
    public int TargetDailyVolume { get; set; }

    /// <summary>Whether warmup is running for the mailbox.</summary>
    public bool WarmupEnabled { get; set; }

    /// <summary>Whether the mailbox sends, is paused or ramps up.</summary>
    public MailboxStatus Status { get; set; }

    /// <summary>The agency's customer the mailbox sends for; mailboxes with the same client are grouped on the dashboard.</summary>
    public string? Client { get; set; }

    /// <summary>When staff archived the mailbox; null while it is in the inventory.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }
}

/// <summary>
/// Who hosts a sending mailbox.
/// </summary>
public enum MailboxProvider
{
    /// <summary>Google Workspace.</summary>
    [Description("Google Workspace")]
    GoogleWorkspace,

    /// <summary>Microsoft 365.</summary>
    [Description("Microsoft 365")]
    Microsoft365,

    /// <summary>Any other SMTP server.</summary>
    [Description("Other SMTP")]
    OtherSmtp,
}

/// <summary>
/// Sending state of a mailbox.
/// </summary>
public enum MailboxStatus
{
    /// <summary>Sending at its planned volume.</summary>
    Active,

    /// <summary>Not sending.</summary>
    Paused,

    /// <summary>Sending on a ramp schedule towards its target.</summary>
    Ramping,
}
