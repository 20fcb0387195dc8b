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
    /// Returns what is wrong with a time zone id, or null when it names a known time zone.
    /// The Settings page checks a typed time zone with it too.
    /// </summary>
    public static string? TimeZoneProblem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "The time zone is empty. Choose one from the list, such as Europe/Berlin or America/New_York.";
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out _)
            ? null
            : $"'{id}' is not a known time zone. Choose one from the list, such as Europe/Berlin or America/New_York.";
    }

    /// <summary>
    /// Returns every problem that keeps the settings from being saved, each with the property it
    /// concerns, in the order of the Settings page.
    /// </summary>
    public AgencySettingsValidation Validate()
    {
        var problems = new List<AgencySettingsProblem>();
        Check(problems, nameof(Name), NameProblem(Name));
        Check(problems, nameof(TimeZoneId), TimeZoneProblem(TimeZoneId));
        CheckRange(problems, nameof(PersistentSoftMaxAttempts), PersistentSoftMaxAttempts, "The number of failed attempts before a soft bounce counts as persistent", 2, 50, "between 2 and 50");
        CheckRange(problems, nameof(PersistentSoftMaxHours), PersistentSoftMaxHours, "The number of hours before a soft bounce counts as persistent", 1, 720, "between 1 and 720 (30 days)");
        CheckRange(problems, nameof(HealthCheckIntervalHours), HealthCheckIntervalHours, "The number of hours between health checks", 1, 168, "between 1 and 168 (a week)");
        CheckRange(problems, nameof(HealthCheckWindowHours), HealthCheckWindowHours, "The health check window", 1, 720, "between 1 and 720 hours (30 days)");
        Check(problems, nameof(SoftRateAlertPercent), SoftRateAlertProblem(SoftRateAlertPercent));
        CheckRange(problems, nameof(AlertMinimumSent), AlertMinimumSent, "The fewest sends before an alert", 1, 1_000_000, "between 1 and 1,000,000");
        CheckRange(problems, nameof(ResumeCooldownHours), ResumeCooldownHours, "The cooldown after a resume", 0, 336, "between 0 and 336 hours (14 days)");
        CheckRange(problems, nameof(RetentionDays), RetentionDays, "The retention period", 7, 3650, "between 7 and 3650 days (10 years)");
        return new AgencySettingsValidation(problems);
    }

    private static string? SoftRateAlertProblem(double? value)
    {
        if (value is not { } percent)
        {
            return "The soft rate alert threshold is empty. Enter a percentage between 0.5% and 50%.";
        }

        return percent is >= 0.5 and <= 50
            ? null
            : $"The soft rate alert threshold must be between 0.5% and 50%, not {percent}%.";
    }

    private static void Check(List<AgencySettingsProblem> problems, string field, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(new AgencySettingsProblem(field, problem));
        }
    }

    private static void CheckRange(List<AgencySettingsProblem> problems, string field, int? value, string name, int minimum, int maximum, string range)
    {
        if (value is not { } number)
        {
            problems.Add(new AgencySettingsProblem(field, $"{name} is empty. Enter a whole number {range}."));
        }
        else if (number < minimum || number > maximum)
        {
            problems.Add(new AgencySettingsProblem(field, $"{name} must be {range}, not {number}."));
        }
    }
}

/// <summary>A reason why agency settings cannot be saved.</summary>
/// <param name="Field">The name of the <see cref="AgencySettings"/> property that is invalid, such as <c>nameof(AgencySettings.RetentionDays)</c>.</param>
/// <param name="Message">What is wrong with the value and what to enter instead.</param>
public sealed record AgencySettingsProblem(string Field, string Message);

/// <summary>
/// The outcome of checking agency settings: every problem, in the order of the Settings page.
/// No problems means the settings are valid.
/// </summary>
public sealed class AgencySettingsValidation(IReadOnlyList<AgencySettingsProblem> problems)
{
    /// <summary>Every problem found, at most one per field.</summary>
    public IReadOnlyList<AgencySettingsProblem> Problems { get; } = problems;

    /// <summary>Whether the settings have no problem.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Every problem's message, one per line, or null when the settings are valid.</summary>
    public string? Summary => IsValid ? null : string.Join('\n', Problems.Select(problem => problem.Message));

    /// <summary>Returns the problem with <paramref name="field"/>, a property name of <see cref="AgencySettings"/>, or null when it is valid.</summary>
    public string? ProblemWith(string field) =>
        Problems.FirstOrDefault(problem => problem.Field == field)?.Message;
}
