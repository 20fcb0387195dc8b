using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;
using BouncePortal.Domain.Parsing.Mta;

namespace BouncePortal.Domain.Tests.Mta;

/// <summary>Parses the synthetic sample file of each MTA format from the repository's Samples folder.</summary>
public sealed class MtaSampleFileTests
{
    private static readonly DateTimeOffset UploadedAt = new(2024, 6, 20, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, int, int, int, int> Samples => new()
    {
        // file, delivered, deferred, bounced, expired
        { "exim-mainlog.log", 2, 2, 1, 1 },
        { "sendmail-maillog.log", 2, 1, 1, 0 },
        { "powermta-acct.csv", 1, 1, 1, 0 },
        { "kumomta-log.jsonl", 1, 1, 1, 0 },
        { "exchange-MSGTRK.LOG", 1, 2, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void SampleFile_ParsesWithoutErrors(string file, int delivered, int deferred, int bounced, int expired)
    {
        var parser = CreateParser(file);
        using var reader = new StreamReader(Path.Combine(SamplesDirectory(), file));

        var attempts = parser.Parse(reader).ToList();

        Assert.Equal(delivered, attempts.Count(attempt => attempt.LogOutcome == DeliveryOutcome.Delivered));
        Assert.Equal(deferred, attempts.Count(attempt => attempt.LogOutcome == DeliveryOutcome.Deferred));
        Assert.Equal(bounced, attempts.Count(attempt => attempt.LogOutcome == DeliveryOutcome.Bounced));
        Assert.Equal(expired, attempts.Count(attempt => attempt.LogOutcome == DeliveryOutcome.Expired));
        Assert.False(parser.Report.SkippedByReason.ContainsKey(MtaSkipReasons.NotThisFormat));
        Assert.All(attempts, attempt => Assert.NotNull(attempt.Sender));
        Assert.All(attempts, attempt => Assert.NotNull(attempt.Reply));
        Assert.All(attempts, attempt => Assert.Equal(file, attempt.Source));
    }

    private static IAttemptLogParser CreateParser(string file) => file switch
    {
        "exim-mainlog.log" => new EximLogParser(file, UploadedAt),
        "sendmail-maillog.log" => new SendmailLogParser(file, UploadedAt),
        "powermta-acct.csv" => new PowerMtaCsvParser(file, UploadedAt),
        "kumomta-log.jsonl" => new KumoMtaJsonParser(file, UploadedAt),
        "exchange-MSGTRK.LOG" => new ExchangeTrackingLogParser(file, UploadedAt),
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, "no parser for this sample"),
    };

    /// <summary>Finds tests/BouncePortal.Domain.Tests/Samples above the test binaries, since the files are not copied to the output.</summary>
    private static string SamplesDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BouncePortal.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("BouncePortal.sln not found above the test binaries.");
        }

        return Path.Combine(directory.FullName, "tests", "BouncePortal.Domain.Tests", "Samples");
    }
}
