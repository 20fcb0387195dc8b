using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Applies the EF Core migrations of the configured engine at start. On SQLite it also switches
/// to write-ahead logging, so the dashboard can read while an upload job writes.
/// </summary>
public static class DatabaseInitializer
{
    /// <summary>Migrates the portal's database to the latest schema.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BouncePortalDbContext>();

        // EF Core 9 and later lock the database while migrating, so instances starting together apply each migration once.
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await ImportFileKeyRingAsync(db, scope.ServiceProvider.GetRequiredService<DataDirectory>(), cancellationToken);
    }

    /// <summary>
    /// Copies the data protection keys of earlier versions, which kept them as XML files under
    /// <c>keys/</c> in the data directory, into the database once, so that stored SMTP passwords and
    /// webhook secrets stay readable. The files are left in place.
    /// </summary>
    private static async Task ImportFileKeyRingAsync(BouncePortalDbContext db, DataDirectory dataDirectory, CancellationToken cancellationToken)
    {
        var keys = new DirectoryInfo(dataDirectory.KeysPath);
        if (!keys.Exists || await db.DataProtectionKeys.AnyAsync(cancellationToken))
        {
            return;
        }

        foreach (var file in keys.EnumerateFiles("*.xml"))
        {
            db.DataProtectionKeys.Add(new DataProtectionKey
            {
                FriendlyName = Path.GetFileNameWithoutExtension(file.Name),
                Xml = await File.ReadAllTextAsync(file.FullName, cancellationToken),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
