using BouncePortal.Domain.Parsing;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Cli;

/// <summary>An input file as it was read: its path as given, the format it was read as and its parse counts.</summary>
internal sealed record ParsedFile(string Path, InputFormat Format, ParseReport Report);
