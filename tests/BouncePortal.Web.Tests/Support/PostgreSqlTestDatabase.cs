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
        using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            command.ExecuteNonQuery();
        }

        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name };
        return new PostgreSqlTestDatabase(name, database.ConnectionString);
    }

    /// <summary>Drops the database, closing the connections still open on it.</summary>
    public void Drop()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}
