using System.Text;

namespace BouncePortal.Cli;

/// <summary>
/// Entry point of <c>bounceportal</c>. It lives in a namespace so that a project referencing both
/// the tool and the web app finds one global <c>Program</c>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var standardOutput = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024);
        var exitCode = CliApplication.Run(args, standardOutput, Console.Error);
        standardOutput.Flush();
        return exitCode;
    }
}
