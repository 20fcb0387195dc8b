using System.Globalization;

namespace BouncePortal.Domain.Ramp;

/// <summary>Writes a ramp schedule as CSV for import into a sequencer or a spreadsheet.</summary>
public static class RampPlanCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "date,daily_limit";

    /// <summary>
    /// Writes the header <c>date,daily_limit</c> and one row per day, such as <c>2026-03-02,20</c>.
    /// Lines end with <paramref name="writer"/>'s <see cref="TextWriter.NewLine"/>.
    /// </summary>
    public static void Write(RampPlan plan, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(writer);

        writer.WriteLine(Header);
        foreach (var day in plan.Days)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd},{day.DailyLimit}"));
        }
    }
}
