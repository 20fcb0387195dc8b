using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Uploads;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Web.Tests.Scaling;

/// <summary>
/// Engine-specific behaviour that the portal relies on, run on each engine.
/// </summary>
public abstract class DatabaseProviderTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : PortalFactory
{
    [Fact]
    public async Task DuplicateUniqueKey_IsUniqueViolation()
    {
        var agency = await AgencySession.CreateAsync(factory, "Unique Agency");
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            db.CsvMappingPresets.Add(Preset(agency.TenantId));
            await db.SaveChangesAsync();
        }

        await using var second = factory.OpenDatabase(agency.TenantId);
        second.CsvMappingPresets.Add(Preset(agency.TenantId));
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        Assert.True(DatabaseErrors.IsUniqueViolation(failure), failure.InnerException?.ToString());
    }

    [Fact]
    public async Task MissingRequiredValue_IsNotUniqueViolation()
    {
        var agency = await AgencySession.CreateAsync(factory, "Required Agency");
        await using var db = factory.OpenDatabase(agency.TenantId);
        var preset = Preset(agency.TenantId);
        preset.HeaderSignature = null!;
        db.CsvMappingPresets.Add(preset);

        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.False(DatabaseErrors.IsUniqueViolation(failure), failure.InnerException?.ToString());
    }

    [Fact]
    public async Task StoredTimes_ReadBackAsUtcInstants()
    {
        var agency = await AgencySession.CreateAsync(factory, "Time Agency");
        var offsetTime = new DateTimeOffset(2026, 3, 2, 11, 30, 15, TimeSpan.FromHours(3));
        var id = Guid.NewGuid();
        await using (var db = factory.OpenDatabase(agency.TenantId))
        {
            var preset = Preset(agency.TenantId);
            preset.Id = id;
            preset.UpdatedAt = offsetTime;
            db.CsvMappingPresets.Add(preset);
            await db.SaveChangesAsync();
        }

        await using var reader = factory.OpenDatabase(agency.TenantId);
        var stored = await reader.CsvMappingPresets.SingleAsync(p => p.Id == id);
        var found = await reader.CsvMappingPresets.CountAsync(p => p.UpdatedAt >= offsetTime && p.UpdatedAt < offsetTime.AddSeconds(1));

        Assert.Equal(offsetTime, stored.UpdatedAt);
        Assert.Equal(1, found);
    }

    private static CsvMappingPreset Preset(Guid tenantId) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenantId,
        HeaderSignature = "email,status,reply",
        MappingJson = "{}",
        UpdatedAt = DateTimeOffset.UtcNow,
    };
}

/// <summary>The engine tests on SQLite.</summary>
public sealed class DatabaseProviderSqliteTests(PortalFactory factory) : DatabaseProviderTests<PortalFactory>(factory);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class DatabaseProviderPostgreSqlTests(PostgreSqlPortalFactory factory) : DatabaseProviderTests<PostgreSqlPortalFactory>(factory);
