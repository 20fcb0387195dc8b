using Microsoft.EntityFrameworkCore;

namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Points the portal's <see cref="BouncePortalDbContext"/> at SQLite or PostgreSQL. Each engine
/// keeps its own migrations: SQLite's in this assembly under Data/Migrations, PostgreSQL's in
/// the <see cref="PostgreSqlMigrationsAssembly"/> project.
/// </summary>
public static class DatabaseProviderSetup
{
    /// <summary>The assembly that contains the PostgreSQL migrations.</summary>
    public const string PostgreSqlMigrationsAssembly = "BouncePortal.Migrations.PostgreSql";

    /// <summary>Configures <paramref name="builder"/> for the engine in <paramref name="options"/>.</summary>
    public static void Configure(DbContextOptionsBuilder builder, BouncePortalOptions options, DataDirectory dataDirectory)
    {
        switch (options.Database.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(DependencyInjection.SqliteConnectionString(dataDirectory));
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(
                    RequirePostgreSqlConnectionString(options.Database),
                    npgsql => npgsql.MigrationsAssembly(PostgreSqlMigrationsAssembly));
                break;
            default:
                throw new InvalidOperationException(
                    $"BouncePortal:Database:Provider '{options.Database.Provider}' is not supported. Use Sqlite or PostgreSql.");
        }
    }

    /// <summary>Returns the PostgreSQL connection string, or throws naming the missing setting.</summary>
    public static string RequirePostgreSqlConnectionString(DatabaseOptions database) =>
        string.IsNullOrWhiteSpace(database.ConnectionString)
            ? throw new InvalidOperationException(
                "BouncePortal:Database:Provider is PostgreSql but BouncePortal:Database:ConnectionString is empty. "
                + "Set it, for example BouncePortal__Database__ConnectionString=\"Host=127.0.0.1;Database=bounceportal;Username=bounceportal;Password=...\".")
            : database.ConnectionString;
}
