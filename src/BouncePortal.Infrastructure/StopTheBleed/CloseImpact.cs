using System.Globalization;

namespace BouncePortal.Infrastructure.StopTheBleed;

/// <summary>
/// What closing a ramping workflow now does to its mailboxes: each goes back to Active at its
/// target volume, which cuts its recovery ramp short when ramp days are still ahead.
/// </summary>
/// <param name="Mailboxes">The workflow's mailboxes by address.</param>
public sealed record CloseImpact(IReadOnlyList<MailboxCloseImpact> Mailboxes)
{
    /// <summary>Whether at least one mailbox still has recovery-ramp days ahead.</summary>
    public bool CutsRampShort => Mailboxes.Any(m => m.RampDaysLeft > 0);

    /// <summary>
    /// Describes the mailboxes whose ramp is cut short, such as "anna@example.com has 12 ramp
    /// days left (until 2026-04-20) and goes from 16 to 35 sends a day"; empty when none is.
    /// </summary>
    public string DescribeCutShort() =>
        string.Join("; ", Mailboxes.Where(m => m.RampDaysLeft > 0).Select(m => m.Describe()));
}

/// <summary>
/// One mailbox of a workflow that is about to close.
/// </summary>
/// <param name="Address">The mailbox address.</param>
/// <param name="RampDaysLeft">
/// Days of the recovery ramp after today in the agency's time zone; 0 from the ramp's last day
/// on, because that day's limit is the target already, and 0 when no ramp was planned.
/// </param>
/// <param name="RampEnd">The ramp's last day, when a ramp was planned.</param>
/// <param name="CurrentDailyVolume">Sends a day the mailbox has now.</param>
/// <param name="ClosedDailyVolume">Sends a day the mailbox gets when the workflow closes.</param>
public sealed record MailboxCloseImpact(string Address, int RampDaysLeft, DateOnly? RampEnd, int CurrentDailyVolume, int ClosedDailyVolume)
{
    /// <summary>Describes the ramp days left and the volume change in one clause.</summary>
    public string Describe()
    {
        var days = RampDaysLeft == 1 ? "1 ramp day" : $"{RampDaysLeft} ramp days";
        var until = RampEnd is { } end ? $" (until {end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : string.Empty;
        return $"{Address} has {days} left{until} and goes from {CurrentDailyVolume} to {ClosedDailyVolume} sends a day";
    }
}
