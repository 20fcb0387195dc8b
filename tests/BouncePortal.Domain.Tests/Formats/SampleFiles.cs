using System.Text;
using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Domain.Tests.Formats;

/// <summary>Locates the sample files under tests/BouncePortal.Domain.Tests/Samples and reads inputs.</summary>
internal static class SampleFiles
{
    public static readonly DateTimeOffset UploadedAt = new(2024, 6, 12, 0, 0, 0, TimeSpan.Zero);

    public static string PathOf(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BouncePortal.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"BouncePortal.sln not found above {AppContext.BaseDirectory}");
        }

        return Path.Combine(directory.FullName, "tests", "BouncePortal.Domain.Tests", "Samples", name);
    }

    public static List<DeliveryAttempt> Parse(IAttemptLogParser parser, string text) =>
        parser.Parse(new StringReader(text)).ToList();

    public static BounceSourceReading Open(byte[] content, string name, BounceSourceOptions? options = null) =>
        BounceSourceReader.Open(new MemoryStream(content), name, options ?? new BounceSourceOptions { UploadedAt = UploadedAt });

    public static BounceSourceReading Open(string content, string name, BounceSourceOptions? options = null) =>
        Open(Encoding.UTF8.GetBytes(content), name, options);

    public static BounceSourceReading OpenSample(string name)
    {
        var stream = File.OpenRead(PathOf(name));
        return BounceSourceReader.Open(stream, name, new BounceSourceOptions { UploadedAt = UploadedAt });
    }
}
