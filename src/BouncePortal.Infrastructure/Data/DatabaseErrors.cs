using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Recognises database errors by meaning on each engine the portal runs on.
/// </summary>
internal static class DatabaseErrors
{
    // SQLite's extended result codes SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY. The
    // primary code 19 alone (SQLITE_CONSTRAINT) also covers NOT NULL and foreign key failures.
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>Whether the save failed because another row already has the same unique key.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}
