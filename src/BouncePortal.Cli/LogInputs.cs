using System.Globalization;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Cli;

/// <summary>
/// Opens the input files named on the command line and streams their classified attempts.
/// </summary>
internal static class LogInputs
{
    /// <summary>Reads the <c>--format</c> option: null (the default, auto) to detect each file's format.</summary>
    /// <exception cref="UsageException">The format is not supported.</exception>
    public static InputFormat? RequireSupportedFormat(string command, CommandLine commandLine) =>
        InputFormats.Parse(command, commandLine.Value("--format"));

    /// <summary>Returns the file operands.</summary>
    /// <exception cref="UsageException">No file was given.</exception>
    public static IReadOnlyList<string> RequireFiles(string command, CommandLine commandLine)
    {
        if (commandLine.Operands.Count == 0)
        {
            throw new UsageException($"{command}: missing FILE; give one or more input files (plain or .gz)");
        }

        return commandLine.Operands;
    }

    /// <summary>
    /// Streams the classified attempts of each file in turn, in file order. Each file, with its
    /// format and parse report, is added to <paramref name="parsed"/> when its parse starts. When
    /// <paramref name="verbose"/> is not null, the detected format of each file is written to it.
    /// <paramref name="csvMapping"/>, when given, maps the columns of every file read as a CSV export,
    /// and <paramref name="csvDateOrder"/>, when given, sets the order of day and month in their numeric dates.
    /// <paramref name="rule"/> decides when retries a source reports make a persistent soft bounce
    /// (default <see cref="PersistentSoftBounceRule.Default"/>).
    /// </summary>
    /// <exception cref="InputFileException">A file cannot be opened or read.</exception>
    /// <exception cref="LogFormatException">A file is not valid input of its format.</exception>
    public static IEnumerable<ClassifiedAttempt> ReadAttempts(
        IEnumerable<string> paths,
        ICollection<ParsedFile> parsed,
        InputFormat? format = null,
        TextWriter? verbose = null,
        Action<string>? messageCompleted = null,
        CsvColumnMapping? csvMapping = null,
        PersistentSoftBounceRule? rule = null,
        DateOrder? csvDateOrder = null)
    {
        rule ??= PersistentSoftBounceRule.Default;
        foreach (var path in paths)
        {
            using var stream = OpenFile(path);

            // Syslog timestamps carry no year, and a log's modification time is close to its last line.
            var options = new BounceSourceOptions
            {
                Format = format,
                UploadedAt = File.GetLastWriteTimeUtc(path),
                CsvMapping = csvMapping,
                CsvDateOrder = csvDateOrder,
                CsvMappingAdvice = CsvMappingOptions.Advice,
            };
            var reading = Read(path, () => BounceSourceReader.Open(stream, path, options));
            parsed.Add(new ParsedFile(path, reading.Detection.Format, reading.Report));
            if (messageCompleted is not null)
            {
                reading.Report.MessageCompleted += messageCompleted;
            }

            verbose?.WriteLine(DescribeDetection(path, reading.Detection));

            using var attempts = reading.Attempts.GetEnumerator();
            while (Read(path, attempts.MoveNext))
            {
                yield return ClassifiedAttempt.From(attempts.Current, rule);
            }
        }
    }

    /// <summary>Returns the verbose line naming the format a file was read as.</summary>
    public static string DescribeDetection(string path, FormatDetection detection) => string.Create(
        CultureInfo.InvariantCulture,
        $"bounceportal: {path} read as {InputFormats.NameOf(detection.Format)} (confidence {detection.Confidence:0.00}: {detection.Reason})");

    private static T Read<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (IOException e)
        {
            throw new InputFileException($"{path}: read failed ({e.Message}); check the file or copy it again", e);
        }
    }

    private static FileStream OpenFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputFileException($"{path}: is a directory, not a log file; give the path of an input file", new IOException(path));
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
