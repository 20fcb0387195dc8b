using BouncePortal.Domain.Analytics;

namespace BouncePortal.Infrastructure.Settings;

/// <summary>
/// The editable settings of an agency. A number is null while its field on the Settings page is
/// empty, and <see cref="Validate"/> reports it.
/// </summary>
public sealed class AgencySettings
{
    /// <summary>Longest agency name accepted, in characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The agency's display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Failed soft attempts after which a soft bounce is persistent. Default 5.</summary>
    public int? PersistentSoftMaxAttempts { get; set; } = 5;

    /// <summary>Hours of soft failures after which a soft bounce is persistent. Default 72.</summary>
    public int? PersistentSoftMaxHours { get; set; } = 72;

    /// <summary>
    /// The persistent soft bounce rule that the two limits above make. Throws
    /// <see cref="InvalidOperationException"/> while either limit is empty.
    /// </summary>
    public PersistentSoftBounceRule PersistentSoftRule =>
        new(PersistentSoftMaxAttempts!.Value, TimeSpan.FromHours(PersistentSoftMaxHours!.Value));

    /// <summary>The IANA time zone of the dashboard. Default UTC.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>When support access for platform operators ends; null while it is off. Read-only here.</summary>
    public DateTimeOffset? SupportAccessUntil { get; init; }

    /// <summary>Hours between two health checks. Default 6.</summary>
    public int? HealthCheckIntervalHours { get; set; } = 6;

    /// <summary>Hours back from now that a health check computes rates over. Default 24.</summary>
    public int? HealthCheckWindowHours { get; set; } = 24;

    /// <summary>Soft bounce rate in percent above which a health check raises an alert. Default 3.</summary>
    public double? SoftRateAlertPercent { get; set; } = 3.0;

    /// <summary>Fewest pairs sent in the window before a soft rate raises an alert. Default 20.</summary>
    public int? AlertMinimumSent { get; set; } = 20;

    /// <summary>Whether an alert pauses its mailbox through a stop-the-bleed workflow. Default off.</summary>
    public bool AutoPauseOnAlert { get; set; }

    /// <summary>Hours after a resume without soft-rate alerts for the resumed mailboxes. Default 48.</summary>
    public int? ResumeCooldownHours { get; set; } = 48;

    /// <summary>Days uploads, their files and attempts are kept. Default 180.</summary>
    public int? RetentionDays { get; set; } = 180;

    /// <summary>Returns the time zone named by <paramref name="id"/>, or UTC when the id is unknown.</summary>
    public static TimeZoneInfo ResolveTimeZone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>Returns what is wrong with an agency name, trimmed, or null when it is valid. Sign-up checks it too.</summary>
    public static string? NameProblem(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return "The agency's name is empty. Enter the agency's name.";
        }

        return trimmed.Length > MaxNameLength
            ? $"The agency's name is too long: {trimmed.Length} characters, and the maximum is {MaxNameLength}. Shorten it."
            : null;
    }

    /// <summary>
    /// Returns every problem that keeps the settings from being saved, in the order of the
    /// Settings page. The list is empty when the settings are valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (NameProblem(Name) is { } nameProblem)
        {
            problems.Add(nameProblem);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId ?? string.Empty, out _))
        {
            problems.Add($"'{TimeZoneId}' is not a known time zone. Choose one from the list, such as Europe/Berlin or America/New_York.");
        }

        CheckRange(problems, PersistentSoftMaxAttempts, "The number of failed attempts before a soft bounce counts as persistent", 2, 50, "between 2 and 50");
        CheckRange(problems, PersistentSoftMaxHours, "The number of hours before a soft bounce counts as persistent", 1, 720, "between 1 and 720 (30 days)");
        CheckRange(problems, HealthCheckIntervalHours, "The number of hours between health checks", 1, 168, "between 1 and 168 (a week)");
        CheckRange(problems, HealthCheckWindowHours, "The health check window", 1, 720, "between 1 and 720 hours (30 days)");
        if (SoftRateAlertPercent is not { } percent)
        {
            problems.Add("The soft rate alert threshold is empty. Enter a percentage between 0.5% and 50%.");
        }
        else if (!(percent is >= 0.5 and <= 50))
        {
            problems.Add($"The soft rate alert threshold must be between 0.5% and 50%, not {percent}%.");
        }

        CheckRange(problems, AlertMinimumSent, "The fewest sends before an alert", 1, 1_000_000, "between 1 and 1,000,000");
        CheckRange(problems, ResumeCooldownHours, "The cooldown after a resume", 0, 336, "between 0 and 336 hours (14 days)");
        CheckRange(problems, RetentionDays, "The retention period", 7, 3650, "between 7 and 3650 days (10 years)");
        return problems;
    }

    private static void CheckRange(List<string> problems, int? value, string name, int minimum, int maximum, string range)
    {
        if (value is not { } number)
        {
            problems.Add($"{name} is empty. Enter a whole number {range}.");
        }
        else if (number < minimum || number > maximum)
        {
            problems.Add($"{name} must be {range}, not {number}.");
        }
    }
}
