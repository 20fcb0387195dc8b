namespace BouncePortal.Cli;

/// <summary>Raised when an input file cannot be opened or read, so the tool exits with code 1.</summary>
internal sealed class InputFileException(string message, Exception inner) : Exception(message, inner);
