using System.Text.Json;
using System.Text.Json.Serialization;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Stores a <see cref="CsvColumnMapping"/> as JSON text in the database.
/// </summary>
public static class CsvMappingJson
{
    // The date order is stored by name ("DayFirst"). JSON saved before the mapping had a date order
    // lacks the property, and such a mapping keeps the default month-first order it was read in.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter<DateOrder>() },
    };

    /// <summary>Serializes the mapping.</summary>
    public static string Write(CsvColumnMapping mapping) => JsonSerializer.Serialize(mapping, Options);

    /// <summary>Deserializes a mapping, or returns null for null text.</summary>
    public static CsvColumnMapping? Read(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<CsvColumnMapping>(json, Options);
}
