using Npgsql;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// A PostgreSQL database of one test fixture, created on the server named by
/// <see cref="VariableName"/> and dropped with the fixture.
/// </summary>
public sealed class PostgreSqlTestDatabase
{
    /// <summary>
    /// The environment variable with a connection string to a role that may create databases.
    /// .ci/run starts PostgreSQL and sets it.
    /// </summary>
    public const string VariableName = "BOUNCEPORTAL_TEST_POSTGRES";

    private PostgreSqlTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The server connection string from <see cref="VariableName"/>; throws with what to do when it is not set.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{VariableName} is not set, so the PostgreSQL tests cannot run. Run the tests through .ci/run, which starts "
                + $"PostgreSQL and sets it, or set {VariableName} to a connection string of a role that may create databases, "
                + "for example Host=127.0.0.1;Username=bounceportal_test;Password=...;Database=postgres.");

    /// <summary>Creates an empty database with a unique name.</summary>
    public static PostgreSqlTestDatabase Create()
    {
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        var name = $"bounceportal_test_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE \"{name}\"");
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name };
        return new PostgreSqlTestDatabase(name, database.ConnectionString);
    }

    /// <summary>Drops the database, closing the connections still open on it.</summary>
    public void Drop()
    {
        NpgsqlConnection.ClearAllPools();

        // PostgreSQL rejects WITH (FORCE) (42501) while a process of another role, such as an
        // autovacuum worker, is in the database. A plain DROP stops autovacuum workers itself.
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException force) when (force.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                try
                {
                    Execute($"DROP DATABASE IF EXISTS \"{Name}\"");
                    return;
                }
                catch (PostgresException plain) when (plain.SqlState == PostgresErrorCodes.ObjectInUse && attempt < attempts)
                {
                    Thread.Sleep(TimeSpan.FromMilliseconds(200 * attempt));
                }
            }
        }
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
