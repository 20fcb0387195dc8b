using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BouncePortal.Cli;

/// <summary>JSON settings of the tool's output: camelCase names, enums as strings, nulls written.</summary>
internal static class JsonOutput
{
    /// <summary>Options for one object per line.</summary>
    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    /// <summary>Options for a single, indented object.</summary>
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = indented,

        // The output goes to terminals and files, not into HTML, so '+', '<' and non-ASCII stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
