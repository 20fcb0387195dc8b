using System.Text;
using BouncePortal.Cli;

using var standardOutput = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024);
var exitCode = CliApplication.Run(args, standardOutput, Console.Error);
standardOutput.Flush();
return exitCode;
