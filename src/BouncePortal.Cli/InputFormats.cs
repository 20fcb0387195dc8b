using System.Text.RegularExpressions;
using BouncePortal.Domain.Parsing.Formats;

namespace BouncePortal.Cli;

/// <summary>The names <c>--format</c> accepts and the input format each one selects.</summary>
internal static partial class InputFormats
{
    /// <summary>Detects the format of each file from its content.</summary>
    public const string Auto = "auto";

    /// <summary>The short name of each format, as the help text and the verbose output show it.</summary>
    private static readonly Dictionary<InputFormat, string> ShortNames = new()
    {
        [InputFormat.Postfix] = "postfix",
        [InputFormat.Exim] = "exim",
        [InputFormat.Sendmail] = "sendmail",
        [InputFormat.PowerMta] = "powermta",
        [InputFormat.KumoMta] = "kumomta",
        [InputFormat.ExchangeTracking] = "exchange",
        [InputFormat.BounceEmail] = "email",
        [InputFormat.SequencerCsv] = "csv",
        [InputFormat.SendGrid] = "sendgrid",
        [InputFormat.Mailgun] = "mailgun",
        [InputFormat.AmazonSes] = "ses",
        [InputFormat.Postmark] = "postmark",
        [InputFormat.Replies] = "replies",
    };

    /// <summary>Every accepted name: the short names, and each enum name in lower case and in kebab case.</summary>
    private static readonly Dictionary<string, InputFormat> ByName = BuildNames();

    /// <summary>The names listed in help and error messages: auto and the short names.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Auto, .. ShortNames.Values];

    /// <summary>Returns the short name of <paramref name="format"/>.</summary>
    public static string NameOf(InputFormat format) => ShortNames[format];

    /// <summary>
    /// Reads the <c>--format</c> value: null for auto detection (the default), else the format.
    /// </summary>
    /// <exception cref="UsageException">The name is not a supported format.</exception>
    public static InputFormat? Parse(string command, string? value)
    {
        if (value is null || value == Auto)
        {
            return null;
        }

        if (ByName.TryGetValue(value, out var format))
        {
            return format;
        }

        throw new UsageException($"{command}: unknown format '{value}'; supported formats: {string.Join(", ", Supported)}");
    }

    private static Dictionary<string, InputFormat> BuildNames()
    {
        var names = new Dictionary<string, InputFormat>(StringComparer.Ordinal);
        foreach (var (format, shortName) in ShortNames)
        {
            names[shortName] = format;
            names[format.ToString().ToLowerInvariant()] = format;
            names[WordBoundary().Replace(format.ToString(), "$1-$2").ToLowerInvariant()] = format;
        }

        return names;
    }

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex WordBoundary();
}
