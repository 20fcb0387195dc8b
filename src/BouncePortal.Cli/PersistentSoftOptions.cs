using System.Globalization;
using BouncePortal.Domain.Analytics;

namespace BouncePortal.Cli;

/// <summary>
/// Reads <c>--persistent-soft-attempts</c> and <c>--persistent-soft-hours</c>, the limits after
/// which a soft bounce counts as persistent, within the same ranges as the portal's agency settings.
/// </summary>
internal static class PersistentSoftOptions
{
    public const string Attempts = "--persistent-soft-attempts";
    public const string Hours = "--persistent-soft-hours";

    public static readonly string[] Names = [Attempts, Hours];

    /// <summary>Returns the rule the options give, with <see cref="PersistentSoftBounceRule.Default"/>'s value for each one left out.</summary>
    /// <exception cref="UsageException">A value is not a whole number in its range.</exception>
    public static PersistentSoftBounceRule Read(string command, CommandLine commandLine)
    {
        var defaults = PersistentSoftBounceRule.Default;
        var attempts = Whole(command, commandLine, Attempts, 2, 50) ?? defaults.MaxAttempts;
        var hours = Whole(command, commandLine, Hours, 1, 720) ?? (int)defaults.MaxDuration.TotalHours;
        return new PersistentSoftBounceRule(attempts, TimeSpan.FromHours(hours));
    }

    private static int? Whole(string command, CommandLine commandLine, string option, int min, int max)
    {
        if (commandLine.Value(option) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{command}: {option} must be a whole number from {min} to {max}, not '{text}'");
        }

        return value;
    }
}
