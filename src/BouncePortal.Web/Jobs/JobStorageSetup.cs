using BouncePortal.Infrastructure.Data;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;

namespace BouncePortal.Web.Jobs;

/// <summary>
/// Creates Hangfire's job storage on the same engine as the portal's database: <c>hangfire.db</c>
/// in the data directory for SQLite, the <c>hangfire</c> schema of the portal's database for
/// PostgreSQL. On PostgreSQL the workers of every instance share one queue and each job is
/// fetched by one worker only.
/// </summary>
internal static class JobStorageSetup
{
    public static JobStorage Create(BouncePortalOptions options, DataDirectory dataDirectory)
    {
        if (options.Database.Provider == DatabaseProvider.PostgreSql)
        {
            var storageOptions = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true };
            var connections = new NpgsqlConnectionFactory(
                DatabaseProviderSetup.RequirePostgreSqlConnectionString(options.Database), storageOptions);
            return new PostgreSqlStorage(connections, storageOptions);
        }

        return new SQLiteStorage(dataDirectory.JobDatabasePath, new SQLiteStorageOptions());
    }
}
