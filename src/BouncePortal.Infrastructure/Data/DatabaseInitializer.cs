using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Applies EF Core migrations at start and switches SQLite to write-ahead logging, so the
/// dashboard can read while an upload job writes.
/// </summary>
public static class DatabaseInitializer
{
    /// <summary>Migrates the portal's database to the latest schema.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BouncePortalDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
