using BouncePortal.Domain.Ramp;

namespace BouncePortal.Domain.Tests.Ramp;

public sealed class RampPlanCsvTests
{
    [Fact]
    public void Write_HeaderAndOneRowPerDay()
    {
        var plan = RampPlanner.Recovery(40, 15, new DateOnly(2026, 3, 2));
        var output = new StringWriter { NewLine = "\n" };

        RampPlanCsv.Write(plan, output);

        Assert.Equal(
            """
            date,daily_limit
            2026-03-02,15
            2026-03-03,15
            2026-03-04,15
            2026-03-05,15
            2026-03-06,15
            2026-03-07,15
            2026-03-08,15

            """,
            output.ToString());
    }

    [Fact]
    public void Write_UsesWriterNewLine()
    {
        var plan = RampPlanner.NewMailbox(30, new DateOnly(2026, 12, 25), rampDays: 14);
        var output = new StringWriter { NewLine = "\r\n" };

        RampPlanCsv.Write(plan, output);

        var lines = output.ToString().Split("\r\n");
        Assert.Equal(16, lines.Length);
        Assert.Equal("date,daily_limit", lines[0]);
        Assert.Equal("2026-12-25,20", lines[1]);
        Assert.Equal("2027-01-07,30", lines[14]);
        Assert.Equal(string.Empty, lines[15]);
    }

    [Fact]
    public void Write_NullArguments_Throw()
    {
        var plan = RampPlanner.Recovery(40, 15, new DateOnly(2026, 3, 2));

        Assert.Throws<ArgumentNullException>(() => RampPlanCsv.Write(null!, TextWriter.Null));
        Assert.Throws<ArgumentNullException>(() => RampPlanCsv.Write(plan, null!));
    }
}
