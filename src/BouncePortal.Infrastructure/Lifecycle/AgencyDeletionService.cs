using System.Reflection;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;

namespace BouncePortal.Infrastructure.Lifecycle;

/// <summary>
/// Deletes an agency with everything it owns: every tenant-owned row in the model, its users and
/// its stored files.
/// </summary>
public sealed partial class AgencyDeletionService(
    TenantDbContextFactory databases,
    UploadStorage storage,
    ILogger<AgencyDeletionService> logger)
{
    private static readonly MethodInfo DeleteRowsMethod =
        typeof(AgencyDeletionService).GetMethod(nameof(DeleteRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Deletes the agency when <paramref name="typedName"/> matches its name (ignoring surrounding
    /// spaces). Returns the problem, or null once the agency is gone.
    /// </summary>
    public async Task<string?> DeleteAsync(Guid tenantId, string? typedName, string? actorUserId, string? actorName, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateForTenant(tenantId);
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == tenantId, cancellationToken);
        if (agency is null)
        {
            return "The agency was not found; it may already be deleted.";
        }

        if (!string.Equals(typedName?.Trim(), agency.Name, StringComparison.Ordinal))
        {
            return $"Type the agency's name exactly as shown, '{agency.Name}', to delete it. Nothing was deleted.";
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var entityType in DependentsFirst(db.Model))
            {
                var delete = DeleteRowsMethod.MakeGenericMethod(entityType.ClrType);
                await (Task)delete.Invoke(null, [db, tenantId, cancellationToken])!;
            }

            // Identity's claims, logins, tokens, roles and passkeys of these users go with them (cascading keys).
            await db.Users.Where(u => u.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);
            await db.Agencies.Where(a => a.Id == tenantId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        storage.DeleteAgency(tenantId);
        // The agency's audit log goes with its other rows, so the application log keeps the record.
        LogAgencyDeleted(tenantId, agency.Name, actorUserId, actorName);
        return null;
    }

    /// <summary>The tenant-owned entity types, each listed before any type its rows point to.</summary>
    internal static IReadOnlyList<IEntityType> DependentsFirst(IModel model)
    {
        var remaining = model.GetEntityTypes()
            .Where(type => typeof(ITenantOwned).IsAssignableFrom(type.ClrType) && !type.IsOwned())
            .ToList();
        var ordered = new List<IEntityType>();
        while (remaining.Count > 0)
        {
            // A type whose rows nothing left still points to can go now.
            var free = remaining
                .Where(type => !remaining.Any(other => other != type && other.GetForeignKeys().Any(key => key.PrincipalEntityType == type)))
                .ToList();
            if (free.Count == 0)
            {
                throw new InvalidOperationException(
                    $"The tenant-owned types {string.Join(", ", remaining.Select(t => t.ClrType.Name))} point to each other; delete them in an explicit order.");
            }

            ordered.AddRange(free);
            remaining.RemoveAll(free.Contains);
        }

        return ordered;
    }

    private static Task<int> DeleteRowsAsync<TEntity>(BouncePortalDbContext db, Guid tenantId, CancellationToken cancellationToken)
        where TEntity : class, ITenantOwned =>
        db.Set<TEntity>().Where(row => row.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Agency {TenantId} ({AgencyName}) was deleted with all its data by user {UserId} ({UserName})")]
    private partial void LogAgencyDeleted(Guid tenantId, string agencyName, string? userId, string? userName);
}
