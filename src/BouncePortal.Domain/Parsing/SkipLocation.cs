namespace BouncePortal.Domain.Parsing;

/// <summary>The location of a skipped item: its file or zip entry, and its line or position in an mbox.</summary>
/// <param name="Source">The file's name, or <c>archive/entry</c> for an entry of a zip archive.</param>
/// <param name="Number">The 1-based line, or a bounce email's position in its mbox; null for a single email.</param>
public readonly record struct SkipLocation(string Source, long? Number);
