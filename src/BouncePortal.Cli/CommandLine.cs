namespace BouncePortal.Cli;

/// <summary>
/// Arguments of one command split into options and operands. Options are <c>--name value</c>,
/// <c>--name=value</c> or a bare flag, and <c>--</c> ends the options.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    /// <summary>The arguments that are not options, such as file names.</summary>
    public List<string> Operands { get; } = [];

    /// <summary>True when <c>--help</c> or <c>-h</c> was given.</summary>
    public bool HelpRequested { get; private set; }

    /// <summary>
    /// Splits <paramref name="arguments"/>, accepting only the options named in
    /// <paramref name="valueOptions"/> (which take a value) and <paramref name="flagOptions"/>.
    /// </summary>
    /// <exception cref="UsageException">An option is unknown, repeated or missing its value.</exception>
    public static CommandLine Parse(
        string command,
        IReadOnlyList<string> arguments,
        IReadOnlyCollection<string> valueOptions,
        IReadOnlyCollection<string> flagOptions)
    {
        var result = new CommandLine();
        var optionsEnded = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (optionsEnded || !argument.StartsWith('-') || argument == "-")
            {
                result.Operands.Add(argument);
                continue;
            }

            if (argument == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (argument is "--help" or "-h")
            {
                result.HelpRequested = true;
                continue;
            }

            var equals = argument.IndexOf('=');
            var name = equals < 0 ? argument : argument[..equals];
            if (valueOptions.Contains(name))
            {
                string value;
                if (equals >= 0)
                {
                    value = argument[(equals + 1)..];
                }
                else if (i + 1 < arguments.Count)
                {
                    value = arguments[++i];
                }
                else
                {
                    throw new UsageException($"{command}: option {name} is missing its value");
                }

                if (!result.values.TryAdd(name, value))
                {
                    throw new UsageException($"{command}: option {name} is given twice; give it once");
                }

                continue;
            }

            if (flagOptions.Contains(name) && equals < 0)
            {
                result.flags.Add(name);
                continue;
            }

            throw new UsageException($"{command}: unknown option '{argument}'; run 'bounceportal --help' for the options");
        }

        return result;
    }

    /// <summary>Returns the value of option <paramref name="name"/>, or null when it was not given.</summary>
    public string? Value(string name) => values.GetValueOrDefault(name);

    /// <summary>Returns true when flag <paramref name="name"/> was given.</summary>
    public bool Has(string name) => flags.Contains(name);
}
