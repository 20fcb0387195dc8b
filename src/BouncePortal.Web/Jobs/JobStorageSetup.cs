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
    // How often an idle worker looks for a queued job. With the storages' default of 15 seconds, a
    // small upload waited in Queued for up to that long. A poll is one indexed query on a small table.
    private static readonly TimeSpan QueuePollInterval = TimeSpan.FromSeconds(1);

    public static JobStorage Create(BouncePortalOptions options, DataDirectory dataDirectory)
    {
        if (options.Database.Provider == DatabaseProvider.PostgreSql)
        {
            // A fetched job stays invisible to other workers while its worker keeps renewing the
            // fetch, so an upload that runs longer than the timeout is not fetched a second time.
            // A job whose instance died becomes visible again after 5 minutes.
            var storageOptions = new PostgreSqlStorageOptions
            {
                PrepareSchemaIfNecessary = true,
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
                QueuePollInterval = QueuePollInterval,
            };
            var connections = new NpgsqlConnectionFactory(
                DatabaseProviderSetup.RequirePostgreSqlConnectionString(options.Database), storageOptions);
            return new PostgreSqlStorage(connections, storageOptions);
        }

        return new SQLiteStorage(dataDirectory.JobDatabasePath, new SQLiteStorageOptions { QueuePollInterval = QueuePollInterval });
    }
}
