namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Raised when an input file cannot be read as the expected format: not a log of that kind,
/// truncated, binary or corrupt. The message names the file, the line where there is one,
/// and what to fix.
/// </summary>
public sealed class LogFormatException : Exception
{
    /// <summary>Creates the exception; <paramref name="line"/> is 1-based, or null when no line applies.</summary>
    public LogFormatException(string source, long? line, string problem)
        : base(line is null ? $"{source}: {problem}" : $"{source}, line {line}: {problem}")
    {
        Source = source;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file's name.</summary>
    public new string Source { get; }

    /// <summary>The 1-based line number, or null.</summary>
    public long? Line { get; }

    /// <summary>What is wrong and what to fix, without the file and line.</summary>
    public string Problem { get; }
}
