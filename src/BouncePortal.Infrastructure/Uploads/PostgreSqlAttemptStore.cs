using BouncePortal.Domain.Analytics;
using BouncePortal.Domain.Parsing;
using BouncePortal.Infrastructure.Rollups;
using Npgsql;
using NpgsqlTypes;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The PostgreSQL attempt store: binary COPY, which streams rows without a statement per row. A
/// COPY keeps the connection busy until it completes, so attempts stream into one COPY that ends
/// before outcomes, rollups or any other command use the connection. Each COPY commits on its own.
/// </summary>
internal sealed class PostgreSqlAttemptStore(NpgsqlConnection connection, Guid tenantId, Guid uploadId) : IAttemptStore
{
    private const string AttemptCopy = """
        COPY "Attempts" ("TenantId", "UploadId", "Line", "AttemptedAt", "QueueId", "Sender", "Recipient", "RecipientDomain",
            "RemoteHost", "Provider", "Outcome", "Class", "BasicCode", "EnhancedCode", "Category", "Blame", "Suppress", "Reply",
            "Evidence", "Campaign", "SendingIp", "SourceVerdict") FROM STDIN (FORMAT BINARY)
        """;

    private const string OutcomeCopy = """
        COPY "RecipientOutcomes" ("TenantId", "UploadId", "QueueId", "Sender", "Recipient", "RecipientDomain", "Provider",
            "Attempts", "FirstAttemptAt", "LastAttemptAt", "FinalOutcome", "SoftBounced", "HardBounced", "FinalCategory", "Suppress",
            "SoftFailures", "ResolvedDeferral", "GreylistingResolved", "PersistentSoftBounce", "FinalBlame", "Campaign", "SendingIp")
            FROM STDIN (FORMAT BINARY)
        """;

    private const string RollupCopy = """
        COPY "BounceRollups" ("TenantId", "UploadId", "HourUtc", "Kind", "Key", "Sent", "SoftBounced", "HardBounced", "UnresolvedSoft")
            FROM STDIN (FORMAT BINARY)
        """;

    private NpgsqlBinaryImporter? attemptImport;

    public long AttemptsWritten { get; private set; }

    public void Add(ClassifiedAttempt classified)
    {
        var import = attemptImport ??= connection.BeginBinaryImport(AttemptCopy);
        var attempt = classified.Attempt;
        var result = classified.Classification;

        import.StartRow();
        import.Write(tenantId, NpgsqlDbType.Uuid);
        import.Write(uploadId, NpgsqlDbType.Uuid);
        import.Write(attempt.Line, NpgsqlDbType.Bigint);
        import.Write(attempt.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz);
        WriteText(import, attempt.QueueId);
        WriteText(import, attempt.Sender?.ToLowerInvariant());
        import.Write(attempt.Recipient, NpgsqlDbType.Text);
        import.Write(attempt.RecipientDomain, NpgsqlDbType.Text);
        WriteText(import, attempt.RemoteHost);
        import.Write((int)result.Provider, NpgsqlDbType.Integer);
        import.Write((int)result.Outcome, NpgsqlDbType.Integer);
        WriteInteger(import, result.Class is { } cls ? (int)cls : null);
        WriteInteger(import, result.BasicCode);
        WriteText(import, result.EnhancedCode);
        WriteInteger(import, result.Category is { } category ? (int)category : null);
        WriteInteger(import, result.Blame is { } blame ? (int)blame : null);
        import.Write(result.Suppress, NpgsqlDbType.Boolean);
        WriteText(import, attempt.Reply);
        WriteText(import, result.Evidence);
        WriteText(import, attempt.Campaign);
        WriteText(import, attempt.SendingIp);
        WriteText(import, attempt.SourceVerdict);

        AttemptsWritten++;
    }

    public void AddOutcomes(IEnumerable<RecipientOutcome> outcomes)
    {
        CompleteAttempts();
        using var import = connection.BeginBinaryImport(OutcomeCopy);
        foreach (var outcome in outcomes)
        {
            import.StartRow();
            import.Write(tenantId, NpgsqlDbType.Uuid);
            import.Write(uploadId, NpgsqlDbType.Uuid);
            WriteText(import, outcome.QueueId);
            WriteText(import, outcome.Sender?.ToLowerInvariant());
            import.Write(outcome.Recipient, NpgsqlDbType.Text);
            import.Write(outcome.RecipientDomain, NpgsqlDbType.Text);
            import.Write((int)outcome.Provider, NpgsqlDbType.Integer);
            import.Write(outcome.Attempts, NpgsqlDbType.Integer);
            import.Write(outcome.FirstAttemptAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            import.Write(outcome.LastAttemptAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            import.Write((int)outcome.FinalOutcome, NpgsqlDbType.Integer);
            import.Write(outcome.SoftBounced, NpgsqlDbType.Boolean);
            import.Write(outcome.HardBounced, NpgsqlDbType.Boolean);
            WriteInteger(import, outcome.FinalCategory is { } category ? (int)category : null);
            import.Write(outcome.Suppress, NpgsqlDbType.Boolean);
            import.Write(outcome.SoftFailures, NpgsqlDbType.Integer);
            import.Write(outcome.ResolvedDeferral, NpgsqlDbType.Boolean);
            import.Write(outcome.GreylistingResolved, NpgsqlDbType.Boolean);
            import.Write(outcome.PersistentSoftBounce, NpgsqlDbType.Boolean);
            WriteInteger(import, outcome.FinalBlame is { } blame ? (int)blame : null);
            WriteText(import, outcome.Campaign);
            WriteText(import, outcome.SendingIp);
        }

        import.Complete();
    }

    public void AddRollups(IEnumerable<BounceRollup> rollups)
    {
        CompleteAttempts();
        using var import = connection.BeginBinaryImport(RollupCopy);
        foreach (var rollup in rollups)
        {
            import.StartRow();
            import.Write(tenantId, NpgsqlDbType.Uuid);
            import.Write(uploadId, NpgsqlDbType.Uuid);
            import.Write(DateTime.SpecifyKind(rollup.HourUtc, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
            import.Write((int)rollup.Kind, NpgsqlDbType.Integer);
            import.Write(rollup.Key, NpgsqlDbType.Text);
            import.Write(rollup.Sent, NpgsqlDbType.Bigint);
            import.Write(rollup.SoftBounced, NpgsqlDbType.Bigint);
            import.Write(rollup.HardBounced, NpgsqlDbType.Bigint);
            import.Write(rollup.UnresolvedSoft, NpgsqlDbType.Bigint);
        }

        import.Complete();
    }

    public void AfterWrites(Action action)
    {
        CompleteAttempts();
        action();
    }

    public Task CompleteAsync()
    {
        CompleteAttempts();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing an import that was not completed cancels its COPY, so nothing of it is stored.
        if (attemptImport is not null)
        {
            await attemptImport.DisposeAsync();
            attemptImport = null;
        }
    }

    private void CompleteAttempts()
    {
        if (attemptImport is null)
        {
            return;
        }

        attemptImport.Complete();
        attemptImport.Dispose();
        attemptImport = null;
    }

    private static void WriteText(NpgsqlBinaryImporter import, string? value)
    {
        if (value is null)
        {
            import.WriteNull();
        }
        else
        {
            import.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void WriteInteger(NpgsqlBinaryImporter import, int? value)
    {
        if (value is null)
        {
            import.WriteNull();
        }
        else
        {
            import.Write(value.Value, NpgsqlDbType.Integer);
        }
    }
}
