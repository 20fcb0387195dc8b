using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BouncePortal.Benchmarks;

/// <summary>
/// Records the SQL that EF Core sends while recording is on, so the benchmark can print
/// SQLite's query plan for exactly the commands a service ran.
/// </summary>
internal sealed class QueryPlans : DbCommandInterceptor
{
    private readonly List<(string Sql, SqliteParameter[] Parameters)> recorded = [];

    /// <summary>True while commands are recorded. Default false.</summary>
    public bool Recording { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    /// <summary>Writes each recorded command with its EXPLAIN QUERY PLAN rows, then clears the recorded list.</summary>
    public void Print(string connectionString, TextWriter output)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        foreach (var (sql, parameters) in recorded)
        {
            output.WriteLine("plan of: " + sql.ReplaceLineEndings(" "));
            using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            explain.Parameters.AddRange(parameters);
            using var reader = explain.ExecuteReader();
            while (reader.Read())
            {
                // The columns are id, parent, notused and detail.
                output.WriteLine($"  {reader.GetInt32(0)} <- {reader.GetInt32(1)}: {reader.GetString(3)}");
            }
        }

        recorded.Clear();
    }

    private void Record(DbCommand command)
    {
        if (!Recording)
        {
            return;
        }

        var parameters = command.Parameters.Cast<SqliteParameter>()
            .Select(p => new SqliteParameter(p.ParameterName, p.Value ?? DBNull.Value))
            .ToArray();
        recorded.Add((command.CommandText, parameters));
    }
}
