using System.Collections.Concurrent;
using BouncePortal.Infrastructure.Audit;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// An audit log that keeps its records in memory, for tests to read.
/// </summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditRecord> records = new();

    public IReadOnlyList<AuditRecord> Records => records.ToArray();

    public Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        records.Enqueue(record);
        return Task.CompletedTask;
    }

    public IReadOnlyList<AuditRecord> For(Guid tenantId) => records.Where(r => r.TenantId == tenantId).ToArray();
}
