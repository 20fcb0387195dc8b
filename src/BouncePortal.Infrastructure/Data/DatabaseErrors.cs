using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Recognises database errors by meaning on each engine the portal runs on.
/// </summary>
internal static class DatabaseErrors
{
    // SQLITE_CONSTRAINT: SQLite reports every constraint failure, unique ones included, with this code.
    private const int SqliteConstraint = 19;

    /// <summary>Whether the save failed because another row already has the same unique key.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}
