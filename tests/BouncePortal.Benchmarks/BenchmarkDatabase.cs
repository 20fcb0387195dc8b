using BouncePortal.Infrastructure.Data;

namespace BouncePortal.Benchmarks;

/// <summary>
/// The database engine a benchmark runs on, from <c>--provider sqlite|postgresql</c> (default
/// sqlite) and, for PostgreSQL, <c>--connection "Host=127.0.0.1;Database=...;Username=...;Password=..."</c>.
/// </summary>
internal sealed record BenchmarkDatabase(DatabaseProvider Provider, string? ConnectionString)
{
    public static BenchmarkDatabase FromArgs(string[] args)
    {
        var provider = (Benchmarks.ValueOf(args, "--provider") ?? "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgresql" => DatabaseProvider.PostgreSql,
            var other => throw new ArgumentException($"--provider '{other}' is not supported; use sqlite or postgresql."),
        };
        var connection = Benchmarks.ValueOf(args, "--connection");
        if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connection))
        {
            throw new ArgumentException("--provider postgresql needs --connection with an Npgsql connection string.");
        }

        return new BenchmarkDatabase(provider, connection);
    }

    /// <summary>The portal settings that select this engine.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("BouncePortal:Database:Provider", Provider.ToString());
        if (ConnectionString is not null)
        {
            yield return new("BouncePortal:Database:ConnectionString", ConnectionString);
        }
    }
}
