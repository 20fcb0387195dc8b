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
    /// format and parse report, is added to <paramref name="parsed"/> when its parse starts, and
    /// removed again when it fails. A file that cannot be opened or read, or is not valid input of
    /// its format, is recorded in <paramref name="failures"/>, which writes its error, and reading
    /// goes on with the next file. Files that <paramref name="failures"/> already contains are
    /// left out. When <paramref name="verbose"/> is not null, the detected format of each file is
    /// written to it. <paramref name="csvMapping"/>, when given, maps the columns of every file read
    /// as a CSV export, and <paramref name="csvDateOrder"/>, when given, sets the order of day and
    /// month in their numeric dates. <paramref name="rule"/> decides when retries a source reports
    /// make a persistent soft bounce (default <see cref="PersistentSoftBounceRule.Default"/>).
    /// </summary>
    public static IEnumerable<ClassifiedAttempt> ReadAttempts(
        IReadOnlyList<string> paths,
        ICollection<ParsedFile> parsed,
        FileFailures failures,
        InputFormat? format = null,
        TextWriter? verbose = null,
        Action<string>? messageCompleted = null,
        CsvColumnMapping? csvMapping = null,
        PersistentSoftBounceRule? rule = null,
        DateOrder? csvDateOrder = null)
    {
        rule ??= PersistentSoftBounceRule.Default;
        for (var index = 0; index < paths.Count; index++)
        {
            if (failures.Contains(index))
            {
                continue;
            }

            var path = paths[index];
            if (!TryRead(path, () => OpenFile(path), out var stream, out var openError))
            {
                failures.Add(index, openError, afterAttempts: false);
                continue;
            }

            using (stream)
            {
                // Syslog timestamps carry no year, and a log's modification time is close to its last line.
                var options = new BounceSourceOptions
                {
                    Format = format,
                    UploadedAt = File.GetLastWriteTimeUtc(path),
                    CsvMapping = csvMapping,
                    CsvDateOrder = csvDateOrder,
                    CsvMappingAdvice = CsvMappingOptions.Advice,
                };
                if (!TryRead(path, () => BounceSourceReader.Open(stream, path, options), out var reading, out var error))
                {
                    failures.Add(index, error, afterAttempts: false);
                    continue;
                }

                var file = new ParsedFile(path, reading.Detection.Format, reading.Report);
                parsed.Add(file);
                if (messageCompleted is not null)
                {
                    reading.Report.MessageCompleted += messageCompleted;
                }

                verbose?.WriteLine(DescribeDetection(path, reading.Detection));

                using var attempts = reading.Attempts.GetEnumerator();
                var attemptsGiven = false;
                while (true)
                {
                    if (!TryRead(path, attempts.MoveNext, out var more, out error))
                    {
                        parsed.Remove(file);
                        failures.Add(index, error, attemptsGiven);
                        break;
                    }

                    if (!more)
                    {
                        break;
                    }

                    attemptsGiven = true;
                    yield return ClassifiedAttempt.From(attempts.Current, rule);
                }
            }
        }
    }

    /// <summary>Returns the verbose line naming the format a file was read as.</summary>
    public static string DescribeDetection(string path, FormatDetection detection) => detection.IsChosenByUser
        ? $"bounceportal: {path} read as {InputFormats.NameOf(detection.Format)} ({detection.Reason})"
        : string.Create(
            CultureInfo.InvariantCulture,
            $"bounceportal: {path} read as {InputFormats.NameOf(detection.Format)} (confidence {detection.Confidence:0.00}: {detection.Reason})");

    /// <summary>
    /// Runs <paramref name="read"/> and returns true with its result, or false with the error,
    /// which names the file, when the file cannot be read or is not valid input.
    /// </summary>
    private static bool TryRead<T>(string path, Func<T> read, out T result, out string error)
    {
        try
        {
            result = read();
            error = string.Empty;
            return true;
        }
        catch (Exception e) when (e is InputFileException or LogFormatException)
        {
            result = default!;
            error = e.Message;
            return false;
        }
        catch (IOException e)
        {
            result = default!;
            error = $"{path}: read failed ({e.Message}); check the file or copy it again";
            return false;
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
