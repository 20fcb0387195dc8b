using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;

namespace BouncePortal.Domain.Presentation;

/// <summary>
/// Turns enum member names into the words the portal shows: <c>NewMailbox</c> becomes
/// "New mailbox" and <c>ReceiverInfrastructure</c> becomes "Receiver infrastructure".
/// </summary>
public static partial class EnumWords
{
    private static readonly ConcurrentDictionary<Enum, string> Cache = new();

    /// <summary>
    /// Returns the member's <see cref="DescriptionAttribute"/> text when it has one (for brand names
    /// such as "Microsoft 365"), otherwise its name split into words with only the first word
    /// capitalised. Words of two or more capitals, such as SMTP or ESP, keep their capitals. A value
    /// that names no member returns its number.
    /// </summary>
    public static string Of(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Cache.GetOrAdd(value, Describe);
    }

    /// <summary>Returns <see cref="Of(Enum)"/> of <paramref name="value"/>, or <paramref name="whenNull"/> when it is null.</summary>
    public static string Of<TEnum>(TEnum? value, string whenNull)
        where TEnum : struct, Enum =>
        value is { } present ? Of(present) : whenNull;

    /// <summary>
    /// Returns the words for a receiving provider stored by its member name, as the provider slice
    /// and provider diagnoses keep it ("YahooAol" becomes "Yahoo and AOL"). Any other text, such as a
    /// domain or a mailbox, is returned as it is.
    /// </summary>
    public static string OfProvider(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Enum.IsDefined(typeof(Classification.ReceivingProvider), key)
            ? Of(Enum.Parse<Classification.ReceivingProvider>(key))
            : key;
    }

    private static string Describe(Enum value)
    {
        var name = Enum.GetName(value.GetType(), value);
        if (name is null)
        {
            return value.ToString();
        }

        var member = value.GetType().GetField(name, BindingFlags.Public | BindingFlags.Static);
        if (member?.GetCustomAttribute<DescriptionAttribute>() is { Description: { Length: > 0 } description })
        {
            return description;
        }

        var words = WordBoundary().Split(name);
        for (var i = 1; i < words.Length; i++)
        {
            if (!IsAcronym(words[i]))
            {
                words[i] = words[i].ToLowerInvariant();
            }
        }

        return string.Join(' ', words);
    }

    private static bool IsAcronym(string word) => word.Length > 1 && word.All(char.IsUpper);

    // Splits before a capital that follows a small letter or digit ("NewMailbox"). Also splits
    // before the last capital of a run that starts a new word ("SMTPReply" into "SMTP" and "Reply")
    // and before a digit that follows a letter ("Day2" into "Day" and "2").
    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])")]
    private static partial Regex WordBoundary();
}
