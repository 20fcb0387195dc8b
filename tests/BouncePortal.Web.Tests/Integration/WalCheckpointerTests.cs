using BouncePortal.Domain.Classification;
using BouncePortal.Domain.Parsing;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.Data.Sqlite;

namespace BouncePortal.Web.Tests.Integration;

public sealed class WalCheckpointerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bounceportal-wal-").FullName;

    private string DatabasePath => Path.Combine(folder, "wal.db");

    [Fact]
    public void AfterCommit_CopiesPagesIntoDatabase()
    {
        using var connection = OpenWalDatabase();
        using (var checkpointer = new WalCheckpointer(connection.ConnectionString))
        {
            for (var batch = 0; batch < 10; batch++)
            {
                InsertBatch(connection, rows: 500);
                checkpointer.AfterCommit();
            }
        }

        // About 2.5 MB went into the log; without checkpoints the database file keeps its first pages only.
        Assert.True(new FileInfo(DatabasePath).Length > 1_000_000, $"database file is {new FileInfo(DatabasePath).Length} bytes");
    }

    [Fact]
    public void AfterCommit_KeepsLogShort()
    {
        using var connection = OpenWalDatabase();
        using (var checkpointer = new WalCheckpointer(connection.ConnectionString, maxLogFrames: 256))
        {
            // 40 batches of about 0.25 MB: 10 MB in all, against a limit of 256 pages (1 MB).
            for (var batch = 0; batch < 40; batch++)
            {
                InsertBatch(connection, rows: 50);
                checkpointer.AfterCommit();
            }

            Assert.True(checkpointer.Checkpoints > 0);
        }

        var log = new FileInfo(DatabasePath + "-wal").Length;
        Assert.True(log < 3_000_000, $"the log grew to {log} bytes");
        Assert.Equal(2_000, Count(connection));
    }

    [Fact]
    public async Task Writer_RestoresAutoCheckpointAfterUpload()
    {
        using var connection = OpenWalDatabase();
        Execute(connection, "PRAGMA wal_autocheckpoint=777;");
        Execute(connection, """
            CREATE TABLE Attempts (TenantId TEXT, UploadId TEXT, Line INTEGER, AttemptedAt TEXT, QueueId TEXT, Sender TEXT,
              Recipient TEXT, RecipientDomain TEXT, RemoteHost TEXT, Provider INTEGER, Outcome INTEGER, Class INTEGER,
              BasicCode INTEGER, EnhancedCode TEXT, Category INTEGER, Blame INTEGER, Suppress INTEGER, Reply TEXT,
              Evidence TEXT, Campaign TEXT, SendingIp TEXT, SourceVerdict TEXT)
            """);

        await using (var writer = new AttemptBatchWriter(connection, Guid.NewGuid(), Guid.NewGuid()))
        {
            var chunk = AttemptBatchWriter.NewAttemptChunk();
            var attempt = ClassifiedAttempt.From(new DeliveryAttempt(
                "maillog", 1, DateTimeOffset.UnixEpoch, "Q1", "Sales@Agency.example", "lead@example.com", DeliveryOutcome.Bounced,
                "550 5.1.1 User unknown", null, null, null, SmtpStage.Unknown));
            AttemptBatchWriter.EncodeAttempt(chunk, attempt);
            writer.InsertAttempts(chunk);
            Assert.Equal(0L, Scalar(connection, "PRAGMA wal_autocheckpoint;"));
            writer.Commit();
        }

        Assert.Equal(777L, Scalar(connection, "PRAGMA wal_autocheckpoint;"));
        Assert.Equal("sales@agency.example", Scalar(connection, "SELECT Sender FROM Attempts"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private SqliteConnection OpenWalDatabase()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, "PRAGMA wal_autocheckpoint=0;");
        Execute(connection, "CREATE TABLE IF NOT EXISTS Rows (Payload TEXT)");
        return connection;
    }

    private static void InsertBatch(SqliteConnection connection, int rows)
    {
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Rows (Payload) VALUES ($payload)";
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        for (var i = 0; i < rows; i++)
        {
            payload.Value = new string((char)('a' + (i % 26)), 5_000);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static long Count(SqliteConnection connection) => (long)Scalar(connection, "SELECT count(*) FROM Rows")!;

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
