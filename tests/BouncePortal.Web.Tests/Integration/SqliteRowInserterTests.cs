using System.Globalization;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.Data.Sqlite;

namespace BouncePortal.Web.Tests.Integration;

public sealed class SqliteRowInserterTests
{
    private static readonly string[] Columns = ["Number", "Maybe", "Text", "Lower", "Time"];

    [Fact]
    public void Insert_StoresEveryValueAsEncoded()
    {
        using var connection = OpenTable();
        // 100 rows: two multi-row statements and four rows one by one; a small text buffer that must grow.
        var chunk = new SqliteRowChunk(Columns.Length, capacity: 100, textBytes: 16);
        var texts = new[] { "plain", "Grüße 🙂", "", "550 5.1.1 <Ann@Example.COM>: User unknown" };
        var lowers = new[] { "Sales@Example.COM", "ÀNGEL@EXAMPLE.ES", "İstanbul", "ascii" };
        var start = new DateTime(2026, 11, 30, 23, 59, 58, DateTimeKind.Utc).AddTicks(1_234_500);
        for (var i = 0; i < 100; i++)
        {
            chunk.Add((long)i * 1_000_000_007);
            chunk.Add(i % 2 == 0 ? i : (long?)null);
            chunk.Add(i % 5 == 4 ? null : texts[i % texts.Length]);
            chunk.AddLowerInvariant(lowers[i % lowers.Length]);
            chunk.Add(start.AddSeconds(i));
        }

        Assert.True(chunk.IsFull);
        using (var inserter = new SqliteRowInserter(connection, "Rows", [("Agency", "AGENCY-1"), ("Upload", "UPLOAD-2")], Columns))
        {
            inserter.Insert(chunk);
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT Agency, Upload, Number, Maybe, Text, Lower, Time FROM Rows ORDER BY rowid";
        using var rows = read.ExecuteReader();
        var count = 0;
        while (rows.Read())
        {
            var i = count++;
            Assert.Equal("AGENCY-1", rows.GetString(0));
            Assert.Equal("UPLOAD-2", rows.GetString(1));
            Assert.Equal((long)i * 1_000_000_007, rows.GetInt64(2));
            Assert.Equal(i % 2 == 0, !rows.IsDBNull(3));
            Assert.Equal(i % 5 == 4 ? null : texts[i % texts.Length], rows.IsDBNull(4) ? null : rows.GetString(4));
            Assert.Equal(lowers[i % lowers.Length].ToLowerInvariant(), rows.GetString(5));
            Assert.Equal(start.AddSeconds(i).ToString(SqliteRowChunk.DateTimeFormat, CultureInfo.InvariantCulture), rows.GetString(6));
        }

        Assert.Equal(100, count);
    }

    [Fact]
    public void Add_WritesTimesAsEfCoreDoes()
    {
        var times = new List<DateTime>
        {
            new(1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
            new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(1),
            new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(5_000_000),
            DateTime.MaxValue,
        };
        var random = new Random(20261205);
        for (var i = 0; i < 1_000; i++)
        {
            times.Add(new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc));
        }

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE Times (Time TEXT)";
            create.ExecuteNonQuery();
        }

        var chunk = new SqliteRowChunk(1, times.Count, textBytes: 64);
        times.ForEach(chunk.Add);
        using (var inserter = new SqliteRowInserter(connection, "Times", [], ["Time"]))
        {
            inserter.Insert(chunk);
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT Time FROM Times ORDER BY rowid";
        using var rows = read.ExecuteReader();
        foreach (var time in times)
        {
            Assert.True(rows.Read());
            Assert.Equal(time.ToString(SqliteRowChunk.DateTimeFormat, CultureInfo.InvariantCulture), rows.GetString(0));
        }
    }

    [Fact]
    public void Insert_RejectsRowsOfAnotherShape()
    {
        using var connection = OpenTable();
        using var inserter = new SqliteRowInserter(connection, "Rows", [("Agency", "A"), ("Upload", "U")], Columns);
        var chunk = new SqliteRowChunk(Columns.Length - 1, capacity: 1, textBytes: 16);

        Assert.Throws<ArgumentException>(() => inserter.Insert(chunk));
    }

    [Fact]
    public void Insert_ReportsSqliteErrors()
    {
        using var connection = OpenTable();
        using (var strict = connection.CreateCommand())
        {
            strict.CommandText = "CREATE UNIQUE INDEX OneNumber ON Rows (Number)";
            strict.ExecuteNonQuery();
        }

        using var inserter = new SqliteRowInserter(connection, "Rows", [("Agency", "A"), ("Upload", "U")], Columns);
        var chunk = new SqliteRowChunk(Columns.Length, capacity: 2, textBytes: 16);
        for (var i = 0; i < 2; i++)
        {
            chunk.Add(7L);
            chunk.AddNull();
            chunk.Add("same");
            chunk.AddLowerInvariant("SAME");
            chunk.Add(DateTime.UnixEpoch);
        }

        var failure = Assert.Throws<SqliteException>(() => inserter.Insert(chunk));
        Assert.Contains("UNIQUE", failure.Message, StringComparison.Ordinal);
    }

    private static SqliteConnection OpenTable()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE Rows (Agency TEXT, Upload TEXT, Number INTEGER, Maybe INTEGER, Text TEXT, Lower TEXT, Time TEXT)";
        create.ExecuteNonQuery();
        return connection;
    }
}
