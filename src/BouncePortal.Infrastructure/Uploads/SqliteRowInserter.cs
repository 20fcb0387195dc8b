using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Inserts rows of one table through SQLite's own statement API on an open connection: a
/// prepared statement that inserts <see cref="RowsPerStatement"/> rows at once, and a one-row
/// statement for the rest when <see cref="Flush"/> is called. Values are bound as integers and
/// UTF-8 text without boxing or intermediate strings. The caller owns the transaction.
/// </summary>
/// <remarks>
/// Only <see cref="RowsPerStatement"/> row references wait for the next statement: SQLite copies
/// every bound text, so no row outlives its statement.
/// </remarks>
internal sealed class SqliteRowInserter<TRow> : IDisposable
    where TRow : class
{
    /// <summary>Rows per multi-row statement; 48 rows of 22 columns stay far below SQLite's 32,766 parameters.</summary>
    public const int RowsPerStatement = 48;

    private readonly sqlite3 database;
    private readonly Action<SqliteRowInserter<TRow>, TRow> bind;
    private readonly TRow[] waiting = new TRow[RowsPerStatement];
    private readonly sqlite3_stmt manyRows;
    private readonly sqlite3_stmt oneRow;
    private byte[] utf8 = new byte[512];
    private char[] chars = new char[256];
    private sqlite3_stmt statement;
    private int index;
    private int waitingCount;

    /// <param name="connection">An open connection.</param>
    /// <param name="table">The table, as written in SQL.</param>
    /// <param name="columns">The columns, in the order <paramref name="bind"/> binds them.</param>
    /// <param name="bind">Binds one row's values in column order with the Bind methods.</param>
    public SqliteRowInserter(SqliteConnection connection, string table, IReadOnlyList<string> columns, Action<SqliteRowInserter<TRow>, TRow> bind)
    {
        database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection must be open.");
        this.bind = bind;

        var row = "(" + string.Join(", ", Enumerable.Repeat("?", columns.Count)) + ")";
        var insert = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ";
        manyRows = Prepare(insert + string.Join(", ", Enumerable.Repeat(row, RowsPerStatement)));
        oneRow = Prepare(insert + row);
        statement = oneRow;
    }

    /// <summary>Queues one row, inserting a full statement's worth when one is ready.</summary>
    public void Add(TRow row)
    {
        waiting[waitingCount++] = row;
        if (waitingCount == RowsPerStatement)
        {
            Begin(manyRows);
            foreach (var queued in waiting)
            {
                bind(this, queued);
            }

            Step();
            Array.Clear(waiting);
            waitingCount = 0;
        }
    }

    /// <summary>Inserts the queued rows one by one; call before the transaction commits.</summary>
    public void Flush()
    {
        for (var i = 0; i < waitingCount; i++)
        {
            Begin(oneRow);
            bind(this, waiting[i]);
            Step();
        }

        Array.Clear(waiting);
        waitingCount = 0;
    }

    /// <summary>Forgets the queued rows without inserting them, as when the transaction rolls back.</summary>
    public void Discard()
    {
        Array.Clear(waiting);
        waitingCount = 0;
    }

    /// <summary>Binds the next column to an integer.</summary>
    public void Bind(long value) => Check(raw.sqlite3_bind_int64(statement, ++index, value));

    /// <summary>Binds the next column to an integer, or NULL.</summary>
    public void BindNullable(long? value)
    {
        if (value is { } number)
        {
            Bind(number);
        }
        else
        {
            BindNull();
        }
    }

    /// <summary>Binds the next column to 1 or 0, as SQLite stores a boolean.</summary>
    public void Bind(bool value) => Bind(value ? 1L : 0L);

    /// <summary>Binds the next column to text already encoded as UTF-8.</summary>
    public void BindUtf8(byte[] value) => Check(raw.sqlite3_bind_text(statement, ++index, value));

    /// <summary>Binds the next column to text, or NULL.</summary>
    public void Bind(string? value)
    {
        if (value is null)
        {
            BindNull();
            return;
        }

        BindText(value);
    }

    /// <summary>Binds the next column to the text lower-cased with the invariant culture, or NULL.</summary>
    public void BindLowerInvariant(string? value)
    {
        if (value is null)
        {
            BindNull();
            return;
        }

        BindLowerInvariant(value.AsSpan());
    }

    /// <summary>Binds the next column to the text lower-cased with the invariant culture.</summary>
    public void BindLowerInvariant(ReadOnlySpan<char> value)
    {
        if (chars.Length < value.Length)
        {
            chars = new char[Math.Max(value.Length, chars.Length * 2)];
        }

        var lower = chars.AsSpan(0, value.Length);
        value.ToLowerInvariant(lower);
        BindText(lower);
    }

    /// <summary>Binds the next column to a UTC time in EF Core's SQLite text form, <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>.</summary>
    public void Bind(DateTime utc)
    {
        Span<byte> text = stackalloc byte[40];
        if (!utc.TryFormat(text, out var length, DateTimeFormat, CultureInfo.InvariantCulture))
        {
            throw new FormatException($"The time {utc:O} does not fit the SQLite text form.");
        }

        Check(raw.sqlite3_bind_text(statement, ++index, text[..length]));
    }

    /// <summary>Binds the next column to NULL.</summary>
    public void BindNull() => Check(raw.sqlite3_bind_null(statement, ++index));

    /// <inheritdoc />
    public void Dispose()
    {
        manyRows.Dispose();
        oneRow.Dispose();
    }

    /// <summary>The text form EF Core's SQLite provider writes for <see cref="DateTime"/>.</summary>
    internal const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private void BindText(ReadOnlySpan<char> value)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (utf8.Length < maxBytes)
        {
            utf8 = new byte[Math.Max(maxBytes, utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, utf8);
        Check(raw.sqlite3_bind_text(statement, ++index, utf8.AsSpan(0, length)));
    }

    private void Begin(sqlite3_stmt next)
    {
        statement = next;
        index = 0;
    }

    private void Step()
    {
        var result = raw.sqlite3_step(statement);
        var reset = raw.sqlite3_reset(statement);
        if (result != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(result, database);
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
