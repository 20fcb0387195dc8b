using System.Text.Json;
using BouncePortal.Domain.Parsing.Sequencer;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Stores a <see cref="CsvColumnMapping"/> as JSON text in the database.
/// </summary>
public static class CsvMappingJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes the mapping.</summary>
    public static string Write(CsvColumnMapping mapping) => JsonSerializer.Serialize(mapping, Options);

    /// <summary>Deserializes a mapping, or returns null for null text.</summary>
    public static CsvColumnMapping? Read(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<CsvColumnMapping>(json, Options);
}
