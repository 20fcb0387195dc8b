using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Inserts <see cref="SqliteRowChunk"/> rows into one table on an open connection, through a
/// prepared statement that inserts <see cref="RowsPerStatement"/> rows at once and a one-row
/// statement for the rest of a chunk. Values shared by every row, such as the agency, are bound
/// once as the statement's first parameters. The caller owns the transaction.
/// </summary>
/// <remarks>
/// Text is bound without a copy (<see cref="SqliteNative.Static"/>): SQLite reads it while the
/// statement runs, and <see cref="Insert"/> finishes every statement before it returns.
/// </remarks>
internal sealed class SqliteRowInserter : IDisposable
{
    /// <summary>Rows per multi-row statement; 48 rows of 22 columns stay far below SQLite's 32,766 parameters.</summary>
    public const int RowsPerStatement = 48;

    private readonly sqlite3 database;
    private readonly sqlite3_stmt manyRows;
    private readonly sqlite3_stmt oneRow;
    private readonly int shared;
    private readonly int columns;

    /// <param name="connection">An open connection.</param>
    /// <param name="table">The table, as written in SQL.</param>
    /// <param name="sharedColumns">Columns with one text value for every row, and the value.</param>
    /// <param name="columns">The columns each chunk row holds, in its order.</param>
    public SqliteRowInserter(
        SqliteConnection connection, string table, IReadOnlyList<(string Column, string Value)> sharedColumns, IReadOnlyList<string> columns)
    {
        database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection must be open.");
        shared = sharedColumns.Count;
        this.columns = columns.Count;

        // ?1..?n are the shared values; each plain ? after them takes the next number.
        var sharedParameters = Enumerable.Range(1, shared).Select(n => $"?{n}");
        var row = "(" + string.Join(", ", sharedParameters.Concat(Enumerable.Repeat("?", columns.Count))) + ")";
        var insert = $"INSERT INTO {table} ({string.Join(", ", sharedColumns.Select(c => c.Column).Concat(columns))}) VALUES ";
        manyRows = Prepare(insert + string.Join(", ", Enumerable.Repeat(row, RowsPerStatement)));
        oneRow = Prepare(insert + row);

        // Bindings outlast sqlite3_reset, so the shared values stay bound for every insert.
        foreach (var statement in new[] { manyRows, oneRow })
        {
            for (var i = 0; i < shared; i++)
            {
                Check(raw.sqlite3_bind_text(statement, i + 1, Encoding.UTF8.GetBytes(sharedColumns[i].Value)));
            }
        }
    }

    /// <summary>Inserts every row of <paramref name="rows"/>.</summary>
    public void Insert(SqliteRowChunk rows)
    {
        if (rows.Columns != columns)
        {
            throw new ArgumentException($"The rows have {rows.Columns} columns; the statement takes {columns}.", nameof(rows));
        }

        var text = rows.TextAddress;
        var cells = rows.Cells;
        var perRow = columns;
        var next = 0;
        for (; next + RowsPerStatement <= rows.Count; next += RowsPerStatement)
        {
            Run(manyRows, cells.Slice(next * perRow, RowsPerStatement * perRow), text);
        }

        for (; next < rows.Count; next++)
        {
            Run(oneRow, cells.Slice(next * perRow, perRow), text);
        }

        GC.KeepAlive(rows);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        manyRows.Dispose();
        oneRow.Dispose();
    }

    private void Run(sqlite3_stmt prepared, ReadOnlySpan<SqliteRowChunk.Cell> cells, IntPtr text)
    {
        var statement = prepared.DangerousGetHandle();
        var parameter = shared;
        foreach (ref readonly var cell in cells)
        {
            parameter++;
            var result = cell.Length switch
            {
                SqliteRowChunk.IntegerCell => SqliteNative.BindInt64(statement, parameter, cell.Value),
                SqliteRowChunk.NullCell => SqliteNative.BindNull(statement, parameter),
                _ => SqliteNative.BindText(statement, parameter, text + (nint)cell.Value, cell.Length, SqliteNative.Static),
            };
            Check(result);
        }

        var stepped = SqliteNative.Step(statement);
        var reset = SqliteNative.Reset(statement);
        if (stepped != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(stepped, database);
        }

        Check(reset);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(database, sql, out var prepared));
        return prepared;
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, database);
        }
    }
}
