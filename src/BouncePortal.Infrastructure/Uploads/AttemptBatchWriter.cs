using System.Data.Common;
using System.Globalization;
using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Infrastructure.Rollups;
using Microsoft.Data.Sqlite;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Inserts classified attempts and recipient outcomes of one upload with prepared SQLite
/// commands, one transaction per batch. Values are written in the same text forms EF Core's
/// SQLite provider uses (upper-case GUID text, ISO date text), so EF reads them back unchanged.
/// </summary>
internal sealed class AttemptBatchWriter : IAsyncDisposable
{
    /// <summary>Rows per transaction: large enough to amortise the commit, small enough to keep the lock short.</summary>
    public const int BatchSize = 25_000;

    private const string AttemptInsert = """
        INSERT INTO Attempts (TenantId, UploadId, Line, AttemptedAt, QueueId, Sender, Recipient, RecipientDomain,
            RemoteHost, Provider, Outcome, Class, BasicCode, EnhancedCode, Category, Blame, Suppress, Reply, Evidence,
            Campaign, SendingIp, SourceVerdict)
        VALUES ($tenant, $upload, $line, $at, $queue, $sender, $recipient, $domain,
            $host, $provider, $outcome, $class, $basic, $enhanced, $category, $blame, $suppress, $reply, $evidence,
            $campaign, $ip, $verdict)
        """;

    private const string OutcomeInsert = """
        INSERT INTO RecipientOutcomes (TenantId, UploadId, QueueId, Sender, Recipient, RecipientDomain, Provider,
            Attempts, FirstAttemptAt, LastAttemptAt, FinalOutcome, SoftBounced, HardBounced, FinalCategory, Suppress,
            SoftFailures, ResolvedDeferral, GreylistingResolved, PersistentSoftBounce, FinalBlame, Campaign, SendingIp)
        VALUES ($tenant, $upload, $queue, $sender, $recipient, $domain, $provider,
            $attempts, $first, $last, $outcome, $soft, $hard, $category, $suppress,
            $softFailures, $resolved, $greylisting, $persistent, $blame, $campaign, $ip)
        """;

    private readonly SqliteConnection connection;
    private readonly string tenantText;
    private readonly string uploadText;
    private SqliteTransaction? transaction;
    private SqliteCommand? attemptCommand;
    private int pendingRows;

    public AttemptBatchWriter(DbConnection connection, Guid tenantId, Guid uploadId)
    {
        this.connection = (SqliteConnection)connection;
        tenantText = ToText(tenantId);
        uploadText = ToText(uploadId);
    }

    /// <summary>Attempts written so far, committed or not.</summary>
    public long AttemptsWritten { get; private set; }

    /// <summary>Adds one attempt, committing when the batch is full.</summary>
    public void Add(ClassifiedAttempt classified)
    {
        var command = attemptCommand ??= CreateAttemptCommand();
        command.Transaction = transaction ??= connection.BeginTransaction();

        var attempt = classified.Attempt;
        var result = classified.Classification;
        var p = command.Parameters;
        p[0].Value = tenantText;
        p[1].Value = uploadText;
        p[2].Value = attempt.Line;
        p[3].Value = ToText(attempt.Timestamp.UtcDateTime);
        p[4].Value = (object?)attempt.QueueId ?? DBNull.Value;
        p[5].Value = (object?)attempt.Sender?.ToLowerInvariant() ?? DBNull.Value;
        p[6].Value = attempt.Recipient;
        p[7].Value = attempt.RecipientDomain;
        p[8].Value = (object?)attempt.RemoteHost ?? DBNull.Value;
        p[9].Value = (int)result.Provider;
        p[10].Value = (int)result.Outcome;
        p[11].Value = result.Class is { } cls ? (int)cls : DBNull.Value;
        p[12].Value = (object?)result.BasicCode ?? DBNull.Value;
        p[13].Value = (object?)result.EnhancedCode ?? DBNull.Value;
        p[14].Value = result.Category is { } category ? (int)category : DBNull.Value;
        p[15].Value = result.Blame is { } blame ? (int)blame : DBNull.Value;
        p[16].Value = result.Suppress ? 1 : 0;
        p[17].Value = (object?)attempt.Reply ?? DBNull.Value;
        p[18].Value = result.Evidence;
        p[19].Value = (object?)attempt.Campaign ?? DBNull.Value;
        p[20].Value = (object?)attempt.SendingIp ?? DBNull.Value;
        p[21].Value = (object?)attempt.SourceVerdict ?? DBNull.Value;
        command.ExecuteNonQuery();

        AttemptsWritten++;
        if (++pendingRows >= BatchSize)
        {
            Commit();
        }
    }

    /// <summary>Writes the upload's recipient outcomes, one transaction per batch.</summary>
    public void AddOutcomes(IEnumerable<RecipientOutcome> outcomes)
    {
        Commit();
        using var command = connection.CreateCommand();
        command.CommandText = OutcomeInsert;
        foreach (var name in new[] { "$tenant", "$upload", "$queue", "$sender", "$recipient", "$domain", "$provider",
                     "$attempts", "$first", "$last", "$outcome", "$soft", "$hard", "$category", "$suppress",
                     "$softFailures", "$resolved", "$greylisting", "$persistent", "$blame", "$campaign", "$ip" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        foreach (var outcome in outcomes)
        {
            command.Transaction = transaction ??= connection.BeginTransaction();
            var p = command.Parameters;
            p[0].Value = tenantText;
            p[1].Value = uploadText;
            p[2].Value = (object?)outcome.QueueId ?? DBNull.Value;
            p[3].Value = (object?)outcome.Sender?.ToLowerInvariant() ?? DBNull.Value;
            p[4].Value = outcome.Recipient;
            p[5].Value = outcome.RecipientDomain;
            p[6].Value = (int)outcome.Provider;
            p[7].Value = outcome.Attempts;
            p[8].Value = ToText(outcome.FirstAttemptAt.UtcDateTime);
            p[9].Value = ToText(outcome.LastAttemptAt.UtcDateTime);
            p[10].Value = (int)outcome.FinalOutcome;
            p[11].Value = outcome.SoftBounced ? 1 : 0;
            p[12].Value = outcome.HardBounced ? 1 : 0;
            p[13].Value = outcome.FinalCategory is { } category ? (int)category : DBNull.Value;
            p[14].Value = outcome.Suppress ? 1 : 0;
            p[15].Value = outcome.SoftFailures;
            p[16].Value = outcome.ResolvedDeferral ? 1 : 0;
            p[17].Value = outcome.GreylistingResolved ? 1 : 0;
            p[18].Value = outcome.PersistentSoftBounce ? 1 : 0;
            p[19].Value = outcome.FinalBlame is { } blame ? (int)blame : DBNull.Value;
            p[20].Value = (object?)outcome.Campaign ?? DBNull.Value;
            p[21].Value = (object?)outcome.SendingIp ?? DBNull.Value;
            command.ExecuteNonQuery();

            if (++pendingRows >= BatchSize)
            {
                Commit();
            }
        }

        Commit();
    }

    /// <summary>Writes the upload's rollups, one transaction per batch.</summary>
    public void AddRollups(IEnumerable<BounceRollup> rollups)
    {
        Commit();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO BounceRollups (TenantId, UploadId, HourUtc, Kind, Key, Sent, SoftBounced, HardBounced, UnresolvedSoft)
            VALUES ($tenant, $upload, $hour, $kind, $key, $sent, $soft, $hard, $unresolved)
            """;
        foreach (var name in new[] { "$tenant", "$upload", "$hour", "$kind", "$key", "$sent", "$soft", "$hard", "$unresolved" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        foreach (var rollup in rollups)
        {
            command.Transaction = transaction ??= connection.BeginTransaction();
            var p = command.Parameters;
            p[0].Value = tenantText;
            p[1].Value = uploadText;
            p[2].Value = ToText(rollup.HourUtc);
            p[3].Value = (int)rollup.Kind;
            p[4].Value = rollup.Key;
            p[5].Value = rollup.Sent;
            p[6].Value = rollup.SoftBounced;
            p[7].Value = rollup.HardBounced;
            p[8].Value = rollup.UnresolvedSoft;
            command.ExecuteNonQuery();

            if (++pendingRows >= BatchSize)
            {
                Commit();
            }
        }

        Commit();
    }

    /// <summary>Commits the open batch, if any.</summary>
    public void Commit()
    {
        transaction?.Commit();
        transaction?.Dispose();
        transaction = null;
        pendingRows = 0;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
        }

        if (attemptCommand is not null)
        {
            await attemptCommand.DisposeAsync();
        }
    }

    internal static string ToText(Guid value) => value.ToString().ToUpperInvariant();

    internal static string ToText(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private SqliteCommand CreateAttemptCommand()
    {
        var command = connection.CreateCommand();
        command.CommandText = AttemptInsert;
        foreach (var name in new[] { "$tenant", "$upload", "$line", "$at", "$queue", "$sender", "$recipient", "$domain",
                     "$host", "$provider", "$outcome", "$class", "$basic", "$enhanced", "$category", "$blame", "$suppress",
                     "$reply", "$evidence", "$campaign", "$ip", "$verdict" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
