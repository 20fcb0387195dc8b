using System.Text;
using MimeKit;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// The field groups of an RFC 3464 delivery status report: the per-message group first, then one
/// group per recipient. Field names compare without case, and folded values are unfolded.
/// </summary>
internal sealed class DeliveryStatusFields
{
    private DeliveryStatusFields(IReadOnlyList<IReadOnlyDictionary<string, string>> groups)
    {
        Groups = groups;
    }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Groups { get; }

    /// <summary>The per-message group, or an empty one.</summary>
    public IReadOnlyDictionary<string, string> MessageFields =>
        Groups.Count > 0 && !IsRecipientGroup(Groups[0]) ? Groups[0] : Empty;

    /// <summary>The groups that name a recipient, in report order.</summary>
    public IEnumerable<IReadOnlyDictionary<string, string>> RecipientGroups => Groups.Where(IsRecipientGroup);

    private static readonly Dictionary<string, string> Empty = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the groups MimeKit parsed from a message/delivery-status part, else the part's text.</summary>
    public static DeliveryStatusFields From(MessageDeliveryStatus part)
    {
        try
        {
            var groups = part.StatusGroups
                .Select(group => (IReadOnlyDictionary<string, string>)ToDictionary(group.Select(header => (header.Field, header.Value))))
                .ToList();
            if (groups.Any(IsRecipientGroup))
            {
                return new DeliveryStatusFields(groups);
            }
        }
        catch (FormatException)
        {
            // MimeKit rejects some damaged reports that still read as text below.
        }

        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);
        return Parse(Encoding.UTF8.GetString(content.ToArray()));
    }

    /// <summary>
    /// Parses report fields from text: <c>Name: value</c> lines, indented continuation lines, and blank
    /// lines between groups. Any other line also ends a group, so report fields inside a human-readable
    /// body are read too.
    /// </summary>
    public static DeliveryStatusFields Parse(string text)
    {
        var groups = new List<IReadOnlyDictionary<string, string>>();
        var fields = new List<(string Name, string Value)>();
        string? name = null;
        var value = new StringBuilder();

        void EndField()
        {
            if (name is not null)
            {
                fields.Add((name, value.ToString()));
            }

            name = null;
            value.Clear();
        }

        void EndGroup()
        {
            EndField();
            if (fields.Count > 0)
            {
                groups.Add(ToDictionary(fields));
            }

            fields.Clear();
        }

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                EndGroup();
            }
            else if (name is not null && line[0] is ' ' or '\t')
            {
                value.Append(' ').Append(line.Trim());
            }
            else if (FieldName(line) is { } field)
            {
                EndField();
                name = field;
                value.Append(line[(field.Length + 1)..].Trim());
            }
            else
            {
                EndGroup();
            }
        }

        EndGroup();
        return new DeliveryStatusFields(groups);
    }

    /// <summary>True when the text contains at least one report field that names a recipient.</summary>
    public static bool ContainsReport(string text) =>
        text.Contains("Final-Recipient:", StringComparison.OrdinalIgnoreCase)
        || (text.Contains("Original-Recipient:", StringComparison.OrdinalIgnoreCase)
            && text.Contains("Status:", StringComparison.OrdinalIgnoreCase));

    private static string? FieldName(string line)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        for (var i = 0; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(line[i]) && line[i] != '-')
            {
                return null;
            }
        }

        return line[..colon];
    }

    private static bool IsRecipientGroup(IReadOnlyDictionary<string, string> group) =>
        group.ContainsKey("Final-Recipient") || group.ContainsKey("Original-Recipient");

    private static Dictionary<string, string> ToDictionary(IEnumerable<(string Name, string Value)> fields)
    {
        var dictionary = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in fields)
        {
            // The first occurrence wins, as in a repeated Diagnostic-Code.
            dictionary.TryAdd(name.Trim(), CollapseWhitespace(value));
        }

        return dictionary;
    }

    internal static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
