namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Settings under <c>BouncePortal:Database</c>: which database engine stores the portal's data
/// and Hangfire's jobs.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>The database engine. Default: <see cref="DatabaseProvider.Sqlite"/>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The Npgsql connection string, required for <see cref="DatabaseProvider.PostgreSql"/>. SQLite
    /// ignores it and uses <c>bounceportal.db</c> in the data directory.
    /// </summary>
    public string? ConnectionString { get; set; }
}

/// <summary>
/// The database engines the portal runs on.
/// </summary>
public enum DatabaseProvider
{
    /// <summary>SQLite files in the data directory; one portal process only.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by every portal instance.</summary>
    PostgreSql,
}
