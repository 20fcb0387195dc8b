using BouncePortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Picks the bulk writer that suits the database engine behind a context.
/// </summary>
public sealed class AttemptStoreFactory
{
    /// <summary>Creates a store that writes on <paramref name="db"/>'s open connection.</summary>
    internal IAttemptStore Create(BouncePortalDbContext db, Guid tenantId, Guid uploadId)
    {
        var connection = db.Database.GetDbConnection();
        if (db.Database.IsNpgsql())
        {
            return new PostgreSqlAttemptStore((NpgsqlConnection)connection, tenantId, uploadId);
        }

        return new SqliteAttemptStore(new AttemptBatchWriter(connection, tenantId, uploadId));
    }
}
