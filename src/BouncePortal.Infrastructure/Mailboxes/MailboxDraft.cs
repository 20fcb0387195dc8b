using System.Net.Mail;

namespace BouncePortal.Infrastructure.Mailboxes;

/// <summary>
/// The editable fields of a sending mailbox, as a form fills them.
/// </summary>
public sealed class MailboxDraft
{
    /// <summary>The mailbox address.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>The sending domain; empty means the address's domain.</summary>
    public string? SendingDomain { get; set; }

    /// <summary>Who hosts the mailbox.</summary>
    public MailboxProvider Provider { get; set; } = MailboxProvider.GoogleWorkspace;

    /// <summary>The day the mailbox was created at its provider.</summary>
    public DateOnly CreatedOn { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Sends a day now.</summary>
    public int CurrentDailyVolume { get; set; } = 20;

    /// <summary>Sends a day to reach.</summary>
    public int TargetDailyVolume { get; set; } = 30;

    /// <summary>Whether warmup runs.</summary>
    public bool WarmupEnabled { get; set; } = true;

    /// <summary>Sending state.</summary>
    public MailboxStatus Status { get; set; } = MailboxStatus.Active;

    /// <summary>The agency's customer the mailbox sends for; empty for none.</summary>
    public string? Client { get; set; }

    /// <summary>The address trimmed and lower-cased.</summary>
    public string NormalizedAddress => Address.Trim().ToLowerInvariant();

    /// <summary>The sending domain lower-cased, or the address's domain when none was given.</summary>
    public string NormalizedDomain => string.IsNullOrWhiteSpace(SendingDomain)
        ? NormalizedAddress[(NormalizedAddress.LastIndexOf('@') + 1)..]
        : SendingDomain.Trim().ToLowerInvariant();

    /// <summary>Fills a draft from an existing mailbox.</summary>
    public static MailboxDraft From(SendingMailbox mailbox) => new()
    {
        Address = mailbox.Address,
        SendingDomain = mailbox.SendingDomain,
        Provider = mailbox.Provider,
        CreatedOn = mailbox.CreatedOn,
        CurrentDailyVolume = mailbox.CurrentDailyVolume,
        TargetDailyVolume = mailbox.TargetDailyVolume,
        WarmupEnabled = mailbox.WarmupEnabled,
        Status = mailbox.Status,
        Client = mailbox.Client,
    };

    /// <summary>Returns what is wrong with the draft, or null when it can be saved.</summary>
    public string? Validate()
    {
        var address = NormalizedAddress;
        if (address.Length == 0)
        {
            return "Enter the mailbox address.";
        }

        if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address || !address.Contains('@'))
        {
            return $"'{Address}' is not a valid email address. Enter it as name@domain.com.";
        }

        if (CurrentDailyVolume < 0)
        {
            return $"The current daily volume {CurrentDailyVolume} is negative. Enter 0 or more sends a day.";
        }

        if (TargetDailyVolume < 0)
        {
            return $"The target daily volume {TargetDailyVolume} is negative. Enter 0 or more sends a day.";
        }

        if (Client?.Trim().Length > 200)
        {
            return "The client name is longer than 200 characters.";
        }

        if (TargetDailyVolume > 10_000 || CurrentDailyVolume > 10_000)
        {
            return "Daily volumes above 10,000 sends per mailbox are not plausible for cold email. Check the number.";
        }

        return null;
    }

    internal void ApplyTo(SendingMailbox mailbox)
    {
        mailbox.Provider = Provider;
        mailbox.CreatedOn = CreatedOn;
        mailbox.CurrentDailyVolume = CurrentDailyVolume;
        mailbox.TargetDailyVolume = TargetDailyVolume;
        mailbox.WarmupEnabled = WarmupEnabled;
        mailbox.Status = Status;
        mailbox.Client = string.IsNullOrWhiteSpace(Client) ? null : Client.Trim();
    }
}

/// <summary>
/// The result of adding or updating a mailbox.
/// </summary>
public sealed record MailboxSaveResult(SendingMailbox? Mailbox, string? Problem, bool IsNotFound)
{
    /// <summary>True when the mailbox was saved.</summary>
    public bool Succeeded => Mailbox is not null;

    internal static MailboxSaveResult Saved(SendingMailbox mailbox) => new(mailbox, null, false);

    internal static MailboxSaveResult Invalid(string problem) => new(null, problem, false);

    internal static MailboxSaveResult NotFound() => new(null, "The mailbox was not found.", true);
}
