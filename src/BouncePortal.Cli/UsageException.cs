namespace BouncePortal.Cli;

/// <summary>Raised for invalid command-line arguments. The tool prints the message and exits with code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
