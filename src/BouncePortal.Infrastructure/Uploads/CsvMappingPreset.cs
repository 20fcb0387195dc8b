using BouncePortal.Infrastructure.Tenancy;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// A column mapping staff confirmed for a sequencer CSV, reused for the next upload with the same header row.
/// </summary>
public sealed class CsvMappingPreset : ITenantOwned
{
    /// <summary>The row id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The header row, lower-cased and joined with commas, that identifies the export.</summary>
    public required string HeaderSignature { get; set; }

    /// <summary>The confirmed mapping, as JSON.</summary>
    public required string MappingJson { get; set; }

    /// <summary>When staff last confirmed the mapping.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
