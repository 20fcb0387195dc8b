using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Type conventions of the portal's model on PostgreSQL. Npgsql writes only UTC values to
/// <c>timestamp with time zone</c>: a <see cref="DateTimeOffset"/> must have offset zero and a
/// <see cref="DateTime"/> must be of kind UTC. The portal's times are instants, so both are turned
/// to UTC on the way in, query parameters included, and read back as UTC.
/// </summary>
internal static class PostgreSqlConventions
{
    public static void Apply(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(),
        value => value.ToUniversalTime());

    // The portal's DateTime columns (attempt times, rollup hours) hold UTC; an unspecified kind is read as UTC.
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
