using System.Text.Json;

namespace BouncePortal.Cli.Tests;

public sealed class CsvMappingTests : IClassFixture<TempDirectory>
{
    // Column names that match no preset or synonym, so only the values show where the addresses are.
    private const string UnknownColumns = """
        contact,outcome,when,smtp_response,mailbox
        first@example.com,BOUNCE,2026-12-04T10:00:00Z,"550 5.1.1 no such user",anna@outreach.example.com
        second@example.com,OK,2026-12-04T10:01:00Z,,anna@outreach.example.com
        third@example.com,BOUNCE,2026-12-04T10:02:00Z,"421 4.7.0 Try again later, closing connection.",anna@outreach.example.com
        """;

    private readonly TempDirectory files;

    public CsvMappingTests(TempDirectory files) => this.files = files;

    [Fact]
    public void Classify_UnknownColumnsNamesOptions()
    {
        var path = files.Write("contacts.csv", UnknownColumns);

        var run = CliRun.Of("classify", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.StdoutLines);
        Assert.Contains("contacts.csv, line 1", run.Stderr);
        Assert.Contains("'contact' contains email addresses", run.Stderr);
        Assert.Contains("--recipient-column contact", run.Stderr);
        Assert.Contains("--status-column", run.Stderr);
    }

    [Fact]
    public void Classify_MappingOptionsReadCsv()
    {
        var path = files.Write("mapped.csv", UnknownColumns);

        var run = CliRun.Of(
            "classify", "--recipient-column", "contact", "--status-column", "outcome", "--bounced-values", "BOUNCE",
            "--delivered-values", "OK", "--reason-column", "smtp_response", "--time-column", "when", "--sender-column", "mailbox", path);

        Assert.Equal(0, run.ExitCode);
        var objects = run.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(["first@example.com", "second@example.com", "third@example.com"], objects.Select(o => o.GetProperty("recipient").GetString()));
        Assert.Equal(["Bounced", "Delivered", "Bounced"], objects.Select(o => o.GetProperty("outcome").GetString()));
        Assert.Equal("UserUnknown", objects[0].GetProperty("category").GetString());
        Assert.Equal("anna@outreach.example.com", objects[2].GetProperty("sender").GetString());
        Assert.Equal("2026-12-04T10:02:00+00:00", objects[2].GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Analyze_MappingOptionsReadCsv()
    {
        var path = files.Write("analyzed.csv", UnknownColumns);

        var run = CliRun.Of("analyze", "--json", "--recipient-column", "contact", "--status-column", "outcome", "--bounced-values", "BOUNCE", "--delivered-values", "OK", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("messages").GetInt32());
    }

    [Fact]
    public void Classify_MappingWithoutRecipientIsUsageError()
    {
        var path = files.Write("no-recipient.csv", UnknownColumns);

        var run = CliRun.Of("classify", "--status-column", "outcome", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--status-column needs --recipient-column", run.Stderr);
    }

    [Fact]
    public void Classify_ValuesWithoutStatusIsUsageError()
    {
        var path = files.Write("no-status.csv", UnknownColumns);

        var run = CliRun.Of("classify", "--recipient-column", "contact", "--bounced-values", "BOUNCE", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--bounced-values needs --status-column", run.Stderr);
    }

    [Fact]
    public void Classify_MappedColumnMissingNamesColumns()
    {
        var path = files.Write("missing-column.csv", UnknownColumns);

        var run = CliRun.Of("classify", "--recipient-column", "email", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("missing-column.csv, line 1", run.Stderr);
        Assert.Contains("no column 'email'", run.Stderr);
    }

    [Fact]
    public void Help_ListsMappingOptions()
    {
        var run = CliRun.Of("--help");

        Assert.Contains("--recipient-column NAME", run.Stdout);
        Assert.Contains("--bounced-values LIST", run.Stdout);
    }
}
