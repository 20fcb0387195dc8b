using BouncePortal.Domain.Parsing;

namespace BouncePortal.Cli;

/// <summary>
/// Opens the log files named on the command line and streams their classified attempts.
/// </summary>
internal static class LogInputs
{
    /// <summary>The values <c>--format</c> accepts.</summary>
    public static readonly IReadOnlyList<string> SupportedFormats = ["postfix"];

    /// <summary>Checks the <c>--format</c> option, which defaults to postfix.</summary>
    /// <exception cref="UsageException">The format is not supported.</exception>
    public static void RequireSupportedFormat(string command, CommandLine commandLine)
    {
        var format = commandLine.Value("--format") ?? "postfix";
        if (!SupportedFormats.Contains(format, StringComparer.Ordinal))
        {
            throw new UsageException(
                $"{command}: unknown format '{format}'; supported formats: {string.Join(", ", SupportedFormats)}");
        }
    }

    /// <summary>Returns the file operands.</summary>
    /// <exception cref="UsageException">No file was given.</exception>
    public static IReadOnlyList<string> RequireFiles(string command, CommandLine commandLine)
    {
        if (commandLine.Operands.Count == 0)
        {
            throw new UsageException($"{command}: missing FILE; give one or more maillog files (plain or .gz)");
        }

        return commandLine.Operands;
    }

    /// <summary>
    /// Streams the classified attempts of each file in turn, in file order. Each file's parse
    /// report is added to <paramref name="reports"/> when its parse starts.
    /// </summary>
    /// <exception cref="InputFileException">A file cannot be opened or read.</exception>
    /// <exception cref="LogFormatException">A file is not a valid Postfix log.</exception>
    public static IEnumerable<ClassifiedAttempt> ReadAttempts(IEnumerable<string> paths, ICollection<ParseReport> reports)
    {
        foreach (var path in paths)
        {
            using var stream = OpenFile(path);
            using var reader = LogFileReader.Open(stream, path);

            // Syslog timestamps carry no year, and a log's modification time is close to its last line.
            var parser = new PostfixLogParser(path, File.GetLastWriteTimeUtc(path));
            reports.Add(parser.Report);

            using var attempts = parser.Parse(reader).GetEnumerator();
            while (true)
            {
                DeliveryAttempt attempt;
                try
                {
                    if (!attempts.MoveNext())
                    {
                        break;
                    }

                    attempt = attempts.Current;
                }
                catch (IOException e)
                {
                    throw new InputFileException($"{path}: read failed ({e.Message}); check the file or copy it again", e);
                }

                yield return ClassifiedAttempt.From(attempt);
            }
        }
    }

    private static FileStream OpenFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputFileException($"{path}: is a directory, not a log file; give the path of a maillog file", new IOException(path));
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 64 * 1024);
        }
        catch (FileNotFoundException e)
        {
            throw new InputFileException($"{path}: file not found; check the path", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new InputFileException($"{path}: file not found (no such directory); check the path", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputFileException($"{path}: permission denied; check the file's permissions", e);
        }
        catch (IOException e)
        {
            throw new InputFileException($"{path}: open failed ({e.Message}); check the file", e);
        }
    }
}
