using BouncePortal.Domain.Parsing;

namespace BouncePortal.Cli;

/// <summary>
/// Skips an attempt that an earlier input file already gave, with the same time, message id,
/// recipient and reply (<see cref="AttemptIdentity"/>), as the portal skips an attempt that an
/// earlier upload stored. So a log beside a partial copy of it counts each attempt once. Attempts
/// repeated within one file all count, as within one upload.
/// </summary>
/// <remarks>
/// Keeps an 8-byte hash per attempt with a recipient, and nothing when only one file is read.
/// </remarks>
internal sealed class EarlierFileAttempts(bool enabled)
{
    private readonly AttemptIdentity identity = new();
    private readonly Dictionary<ulong, ParsedFile> earlier = [];
    private readonly List<ulong> current = [];
    private ParsedFile? currentFile;

    /// <summary>
    /// Returns true when <paramref name="attempt"/> of <paramref name="file"/> was not in an earlier
    /// file. A skipped attempt is counted in the file's report under the earlier file's name.
    /// </summary>
    public bool Admit(ParsedFile file, DeliveryAttempt attempt)
    {
        if (!enabled || !attempt.HasRecipient)
        {
            return true;
        }

        if (!ReferenceEquals(file, currentFile))
        {
            MergeCurrentFile();
            currentFile = file;
        }

        var key = identity.Hash(attempt);
        if (earlier.TryGetValue(key, out var first))
        {
            file.Report.Skip($"attempt already read from {first.Path}");
            return false;
        }

        current.Add(key);
        return true;
    }

    private void MergeCurrentFile()
    {
        foreach (var key in current)
        {
            earlier.TryAdd(key, currentFile!);
        }

        current.Clear();
    }
}
