using BouncePortal.Infrastructure.Data;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.Audit;

/// <summary>
/// Stores audit records in the agency's own rows, filling the actor and IP address from the
/// current scope where the record leaves them null.
/// </summary>
internal sealed partial class AuditLog(
    TenantDbContextFactory databases,
    IAuditActorSource actors,
    TimeProvider time,
    ILogger<AuditLog> logger) : IAuditLog
{
    private const int MaxDetailsLength = 2000;

    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var actor = record.ActorUserId is null || record.IpAddress is null
            ? await actors.GetActorAsync()
            : AuditActor.None;

        var entry = new AuditEntry
        {
            TenantId = record.TenantId,
            OccurredAt = time.GetUtcNow(),
            Action = record.Action,
            Details = record.Details.Length > MaxDetailsLength ? record.Details[..MaxDetailsLength] : record.Details,
            ActorUserId = record.ActorUserId ?? actor.UserId,
            ActorName = record.ActorUserId is null ? record.ActorName ?? actor.Name : record.ActorName,
            IpAddress = record.IpAddress ?? actor.IpAddress,
        };

        await using var db = databases.CreateForTenant(record.TenantId);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        LogRecorded(logger, record.Action, record.TenantId, entry.ActorUserId);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Audit {Action} recorded for agency {TenantId} by user {UserId}")]
    private static partial void LogRecorded(ILogger logger, string action, Guid tenantId, string? userId);
}
