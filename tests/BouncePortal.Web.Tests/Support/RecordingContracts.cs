using System.Collections.Concurrent;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Notifications;

namespace BouncePortal.Web.Tests.Support;

/// <summary>Keeps every published notification, delivering each deduplication key once as the contract requires.</summary>
public sealed class RecordingNotificationPublisher : INotificationPublisher
{
    private readonly ConcurrentDictionary<(Guid, string), AgencyNotification> delivered = new();

    public IReadOnlyList<AgencyNotification> For(Guid tenantId) =>
        delivered.Values.Where(n => n.TenantId == tenantId).OrderBy(n => n.OccurredAt).ToList();

    public Task PublishAsync(AgencyNotification notification, CancellationToken cancellationToken = default)
    {
        delivered.TryAdd((notification.TenantId, notification.DeduplicationKey), notification);
        return Task.CompletedTask;
    }
}

/// <summary>Keeps every opened checklist; opening again for the same subject returns the same id.</summary>
public sealed class RecordingChecklistOpener : IChecklistOpener
{
    private readonly ConcurrentDictionary<(Guid, ChecklistSubjectKind, string), (Guid Id, ChecklistRequest Request)> opened = new();

    public IReadOnlyList<ChecklistRequest> For(Guid tenantId) =>
        opened.Values.Where(o => o.Request.TenantId == tenantId).Select(o => o.Request).ToList();

    public Task<Guid> OpenAsync(ChecklistRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(opened.GetOrAdd((request.TenantId, request.SubjectKind, request.SubjectId), _ => (Guid.NewGuid(), request)).Id);
}

/// <summary>Keeps every audit record in order.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditRecord> records = new();

    public IReadOnlyList<AuditRecord> For(Guid tenantId) => records.Where(r => r.TenantId == tenantId).ToList();

    public Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        records.Enqueue(record);
        return Task.CompletedTask;
    }
}
