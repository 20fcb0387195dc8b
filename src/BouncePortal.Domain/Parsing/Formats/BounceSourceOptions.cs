using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Domain.Parsing.Formats;

/// <summary>
/// How to read one uploaded file.
/// </summary>
public sealed record BounceSourceOptions
{
    /// <summary>The format to read, or null to detect it.</summary>
    public InputFormat? Format { get; init; }

    /// <summary>When the file was received; formats without a year in their timestamps take it from here.</summary>
    public DateTimeOffset UploadedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The column mapping of a sequencer CSV; null to use a preset or the header synonyms.</summary>
    public CsvColumnMapping? CsvMapping { get; init; }

    /// <summary>
    /// The order of day and month in numeric dates of every CSV export, such as 02/12/2026, or
    /// null for the order of the mapping in use (month first for presets and common column names).
    /// </summary>
    public DateOrder? CsvDateOrder { get; init; }

    /// <summary>
    /// The advice the error gives when a CSV needs a column mapping and has none, such as the
    /// command-line options that set one. Receives the column that contains email
    /// addresses, or null when no column does.
    /// </summary>
    public Func<string?, string> CsvMappingAdvice { get; init; } = _ => "map the columns of this CSV by hand";

    /// <summary>Largest decompressed size of a gzip file or of all entries of a zip archive, in bytes.</summary>
    public long MaxExpandedBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest ratio of decompressed to compressed size before a file counts as a decompression bomb.</summary>
    public double MaxExpansionRatio { get; init; } = 20;
}
