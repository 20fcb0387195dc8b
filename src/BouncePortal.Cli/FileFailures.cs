namespace BouncePortal.Cli;

/// <summary>
/// The input files that failed, by their position on the command line, in the order they failed.
/// Each failure's error is written to standard error when it happens, and reading goes on with
/// the next file.
/// </summary>
internal sealed class FileFailures(TextWriter errors)
{
    private readonly List<(int Index, string Error, bool AfterAttempts)> failed = [];

    /// <summary>Number of files that failed.</summary>
    public int Count => failed.Count;

    /// <summary>True when at least one file failed.</summary>
    public bool Any => failed.Count > 0;

    /// <summary>Returns true when the file at <paramref name="index"/> failed.</summary>
    public bool Contains(int index) => failed.Exists(failure => failure.Index == index);

    /// <summary>
    /// Returns true when one of the failures after the first <paramref name="count"/> came after
    /// its file had given delivery attempts, which were therefore already passed on.
    /// </summary>
    public bool AnyAfterAttemptsSince(int count) => failed.Skip(count).Any(failure => failure.AfterAttempts);

    /// <summary>Records that the file at <paramref name="index"/> failed and writes <paramref name="error"/>, which names the file.</summary>
    public void Add(int index, string error, bool afterAttempts)
    {
        errors.WriteLine($"bounceportal: {error}");
        failed.Add((index, error, afterAttempts));
    }

    /// <summary>Returns the error of the file at <paramref name="index"/>, or null when it did not fail.</summary>
    public string? ErrorOf(int index) => failed.Find(failure => failure.Index == index).Error;
}
