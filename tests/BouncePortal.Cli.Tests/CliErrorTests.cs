using System.IO.Compression;
using System.Text;

namespace BouncePortal.Cli.Tests;

public sealed class CliErrorTests : IClassFixture<TempDirectory>
{
    private const string ValidLine =
        "2024-06-11T14:05:30+00:00 mta2 postfix/smtp[4420]: B7E29D0A11: to=<info@example.net>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.44]:25: Connection timed out)";

    private static readonly string OtherLine = ValidLine.Replace("B7E29D0A11", "C8F30E1B22").Replace("info@", "sales@");

    private readonly TempDirectory files;

    public CliErrorTests(TempDirectory files) => this.files = files;

    private static void AssertOneErrorLine(CliRun run, int exitCode, string expected)
    {
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.StartsWith("bounceportal: ", run.Stderr);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, run.Stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_PrintsUsage(string option)
    {
        var run = CliRun.Of(option);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout);
        Assert.Contains("--format FORMAT", run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void CommandHelp_PrintsUsage()
    {
        var run = CliRun.Of("classify", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bounceportal classify", run.Stdout);
    }

    [Fact]
    public void NoArguments_IsUsageError()
    {
        AssertOneErrorLine(CliRun.Of(), 2, "missing command");
    }

    [Fact]
    public void UnknownCommand_IsUsageError()
    {
        AssertOneErrorLine(CliRun.Of("summarize", "x.log"), 2, "unknown command 'summarize'");
    }

    [Fact]
    public void MissingFile_IsUsageError()
    {
        AssertOneErrorLine(CliRun.Of("classify"), 2, "missing FILE");
    }

    [Theory]
    [InlineData("classify")]
    [InlineData("analyze")]
    public void UnknownFormat_ListsSupported(string command)
    {
        var path = files.Write("format.log", ValidLine + "\n");

        AssertOneErrorLine(
            CliRun.Of(command, "--format", "qmail", path),
            2,
            "unknown format 'qmail'; supported formats: auto, postfix, exim, sendmail, powermta, kumomta, exchange, email, csv, sendgrid, mailgun, ses, postmark, replies");
    }

    [Fact]
    public void UnknownOption_IsUsageError()
    {
        AssertOneErrorLine(CliRun.Of("analyze", "--csv", "x.log"), 2, "unknown option '--csv'");
    }

    [Fact]
    public void OptionWithoutValue_IsUsageError()
    {
        AssertOneErrorLine(CliRun.Of("classify", "x.log", "--format"), 2, "option --format is missing its value");
    }

    [Fact]
    public void FileNotFound_IsInputError()
    {
        var path = Path.Combine(files.Path, "absent.log");

        AssertOneErrorLine(CliRun.Of("classify", path), 1, $"{path}: file not found");
    }

    [Fact]
    public void Directory_IsInputError()
    {
        AssertOneErrorLine(CliRun.Of("analyze", files.Path), 1, $"{files.Path}: is a directory");
    }

    [Fact]
    public void EmptyFile_IsInputError()
    {
        var path = files.Write("empty.log", string.Empty);

        AssertOneErrorLine(CliRun.Of("analyze", path), 1, $"{path}: the file is empty");
    }

    [Fact]
    public void NotPostfix_NamesFileAndShape()
    {
        var path = files.Write("exim.log", "2024-06-11 09:14:05 1sGxYz-000Ab1-Q2 <= anna@outreach.example.com H=(laptop) [203.0.113.9]\n");

        var run = CliRun.Of("analyze", "--format", "postfix", "--json", path);

        Assert.Equal(1, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.Equal(0, json.RootElement.GetProperty("messages").GetInt64());
        var failed = Assert.Single(json.RootElement.GetProperty("failedFiles").EnumerateArray());
        Assert.Equal(path, failed.GetProperty("path").GetString());
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"bounceportal: warning: {path}: read as postfix as --format requests, but automatic detection reads the content as exim", lines[0]);
        Assert.StartsWith($"bounceportal: {path}: not a Postfix maillog", lines[1]);
    }

    [Fact]
    public void TruncatedLastLine_NamesLine()
    {
        var path = files.Write("cut.log", ValidLine + "\n" + ValidLine[..^30]);

        var run = CliRun.Of("classify", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}, line 2: ", run.Stderr);
        Assert.Contains("truncated", run.Stderr);
    }

    [Theory]
    [InlineData("classify")]
    [InlineData("analyze")]
    public void EmptyFileBetween_ReadsNextFile(string command)
    {
        var first = files.Write($"{command}-first.log", ValidLine + "\n");
        var empty = files.Write($"{command}-empty.log", string.Empty);
        var last = files.Write($"{command}-last.log", OtherLine + "\n");

        var run = CliRun.Of(command, first, empty, last);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"bounceportal: {empty}: the file is empty", run.Stderr);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        if (command == "classify")
        {
            Assert.Contains("B7E29D0A11", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("C8F30E1B22", run.Stdout, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("Messages (message-recipient pairs): 2", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ClassifyDamagedFile_ContinuesWithNextFile()
    {
        var damaged = files.Write("damaged-classify.log", ValidLine + "\n" + OtherLine[..^30]);
        var next = files.Write("next-classify.log", OtherLine + "\n");

        var run = CliRun.Of("classify", damaged, next);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{damaged}, line 2: ", run.Stderr);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.Contains(damaged, run.StdoutLines[0]);
        Assert.Contains(next, run.StdoutLines[1]);
    }

    [Fact]
    public void AnalyzeDamagedFile_CountsNothingOfIt()
    {
        var damaged = files.Write("damaged-analyze.log", ValidLine + "\n" + OtherLine[..^30]);
        var next = files.Write("next-analyze.log", OtherLine + "\n");

        var run = CliRun.Of("analyze", "--verbose", damaged, next);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"bounceportal: {damaged}, line 2: ", run.Stderr);
        Assert.Single(run.Stderr.Split('\n'), line => line.Contains("line 2: ", StringComparison.Ordinal));
        Assert.Single(run.Stderr.Split('\n'), line => line.Contains($"{next} read as postfix", StringComparison.Ordinal));
        Assert.Contains("Messages (message-recipient pairs): 1", run.Stdout);
        Assert.Contains($"{damaged}: failed, nothing counted", run.Stdout);
        Assert.DoesNotContain("info@example.net", run.Stdout);
    }

    [Fact]
    public void AnalyzeDamagedFile_JsonCountsOthers()
    {
        var damaged = files.Write("damaged-json.log", ValidLine + "\n" + OtherLine[..^30]);
        var next = files.Write("next-json.log", OtherLine + "\n");

        var run = CliRun.Of("analyze", "--json", damaged, next);

        Assert.Equal(1, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("messages").GetInt64());
        var failed = Assert.Single(json.RootElement.GetProperty("failedFiles").EnumerateArray());
        Assert.Equal(damaged, failed.GetProperty("path").GetString());
        Assert.StartsWith($"{damaged}, line 2: ", failed.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("empty.txt", "auto", "", "the file is empty; use a file with content")]
    [InlineData("nul.log", "postfix", "2024-06-11\0binary\n", "not a Postfix file; use a UTF-8 text file, plain or gzip-compressed")]
    [InlineData("acct.csv", "powermta", "type,timeLogged,orig,rcpt,dsnStatus\nb,2024-06-11 10:00:00+0000,a@example.com,\"b@example.net,5.1.1\n", "fix the quoting on this line and try again")]
    [InlineData("latin1.log", "auto", null, "save the file as UTF-8")]
    [InlineData("events.json", "sendgrid", "hello", "save the SendGrid events as a JSON array or one JSON object per line")]
    [InlineData("main.log", "exim", "x", "use Exim's mainlog")]
    public void InputErrors_SpeakNotOfUploads(string name, string format, string? content, string expected)
    {
        var path = content is null
            ? files.Write(name, [.. Encoding.UTF8.GetBytes(ValidLine[..40]), 0xE9, .. Encoding.UTF8.GetBytes(ValidLine[40..] + "\n")])
            : files.Write(name, content);

        var run = CliRun.Of("classify", "--format", format, path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("upload", run.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TruncatedGzip_IsInputError()
    {
        var content = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            content.Append(ValidLine).Append('\n');
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content.ToString()));
        }

        var bytes = compressed.ToArray();
        var path = files.Write("cut.log.gz", bytes[..(bytes.Length / 2)]);

        var run = CliRun.Of("analyze", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}: the gzip file is truncated", run.Stderr);
    }

    [Theory]
    [InlineData("--messages", "0")]
    [InlineData("--messages", "many")]
    [InlineData("--mailboxes", "-3")]
    [InlineData("--seed", "1.5")]
    [InlineData("--start", "2024-13-01")]
    [InlineData("--start", "10/06/2024")]
    public void SampleBadValue_IsUsageError(string option, string value)
    {
        AssertOneErrorLine(CliRun.Of("sample", "postfix", option, value), 2, $"invalid {option} '{value}'");
    }

    [Fact]
    public void SampleUnknownFormat_ListsSupported()
    {
        AssertOneErrorLine(CliRun.Of("sample", "exim"), 2, "unknown format 'exim'; supported formats: postfix");
    }

    [Fact]
    public void SampleWithoutFormat_IsUsageError()
    {
        AssertOneErrorLine(CliRun.Of("sample"), 2, "give exactly one format");
    }

    [Fact]
    public void SampleUnwritableOut_IsInputError()
    {
        var path = Path.Combine(files.Path, "no-such-dir", "sample.log");

        AssertOneErrorLine(CliRun.Of("sample", "postfix", "--out", path), 1, $"{path}: write failed");
    }
}
